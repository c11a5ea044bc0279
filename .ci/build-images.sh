#!/usr/bin/env bash
# Builds, from Debian's binaries and the Go module proxy, the images the tests use under the names
# users would pull: redis:7.0.15, alpine:3.17 (Testcontainers' start-up check) and
# ghcr.io/shopify/toxiproxy:2.12.0. No container registry is reachable on CI machines, so each is a
# FROM scratch image with a binary and the libraries ldd lists. Idempotent; about a second each.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

copy_with_libs() { # copy_with_libs BINARY DEST_ROOT DEST_PATH
  local bin="$1" root="$2" dest="$3"
  mkdir -p "$root$(dirname "$dest")"
  cp -L "$bin" "$root$dest"
  ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
    [ -e "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# redis:7.0.15 -- the Debian redis-server (a symlink to redis-check-rdb: copy with -L).
if ! docker image inspect redis:7.0.15 >/dev/null 2>&1; then
  ctx="$work/redis"; mkdir -p "$ctx/root/data"
  copy_with_libs "$(command -v redis-server)" "$ctx/root" /usr/local/bin/redis-server
  cp "$here/images/redis.Dockerfile" "$ctx/Dockerfile"
  docker build -q -t redis:7.0.15 "$ctx" >/dev/null
  echo "built redis:7.0.15"
fi

# alpine:3.17 -- busybox-static with the applets Testcontainers' checks call.
if ! docker image inspect alpine:3.17 >/dev/null 2>&1; then
  ctx="$work/alpine"; mkdir -p "$ctx/root/bin" "$ctx/root/tmp"
  cp -L /bin/busybox "$ctx/root/bin/busybox"
  for applet in sh ls df cat echo grep sleep true false mkdir rm test printf env id hostname ps; do
    ln -sf busybox "$ctx/root/bin/$applet"
  done
  cp "$here/images/alpine.Dockerfile" "$ctx/Dockerfile"
  docker build -q -t alpine:3.17 "$ctx" >/dev/null
  echo "built alpine:3.17"
fi

# ghcr.io/shopify/toxiproxy:2.12.0 -- the static server built by `go install` (binary named server).
if ! docker image inspect ghcr.io/shopify/toxiproxy:2.12.0 >/dev/null 2>&1; then
  gobin="$(go env GOPATH)/bin"
  if [ ! -x "$gobin/server" ]; then
    CGO_ENABLED=0 go install github.com/Shopify/toxiproxy/v2/cmd/server@v2.12.0
  fi
  ctx="$work/toxiproxy"; mkdir -p "$ctx"
  cp "$gobin/server" "$ctx/toxiproxy"
  cp "$here/images/toxiproxy.Dockerfile" "$ctx/Dockerfile"
  docker build -q -t ghcr.io/shopify/toxiproxy:2.12.0 "$ctx" >/dev/null
  echo "built ghcr.io/shopify/toxiproxy:2.12.0"
fi
