# ghcr.io/shopify/toxiproxy:2.12.0 stand-in: the static server from `go install .../cmd/server@v2.12.0`.
FROM scratch
COPY toxiproxy /toxiproxy
EXPOSE 8474
ENTRYPOINT ["/toxiproxy"]
CMD ["-host=0.0.0.0"]
