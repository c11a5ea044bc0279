/*
 * server_clock.c: an LD_PRELOAD shim that gives a process (redis-server) a wall clock the test
 * controls. ServerClock compiles it with gcc at test time and starts Redis with
 *   LD_PRELOAD=<the .so>  TASKBED_SERVER_CLOCK=<file>
 * where <file> holds one native-endian int64: microseconds since the epoch, or 0 for the real
 * clock. The test writes it through a memory mapping; this shim maps it read-only and reads it on
 * every call, so a change is seen by the next call, forwards or backwards.
 *
 * What it replaces: gettimeofday (Redis's TIME command, which scripts call, and its ustime/mstime),
 * clock_gettime for CLOCK_REALTIME and CLOCK_REALTIME_COARSE, and time. Monotonic clocks are left
 * alone, so Redis's event loop and timers run on real time.
 *
 * Why not libfaketime: under redis-server 7.0.15 it aborts at start-up ("Unexpected recursive calls
 * to clock_gettime()"): its own initialisation allocates, the allocator (Redis's jemalloc) reads the
 * clock, and that call comes back into libfaketime before it is ready. This shim never calls back
 * into libc for the time: the real clocks are read with the raw system call, the constructor only
 * uses getenv, open and mmap, and every call made before the constructor ran reads the real clock.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const volatile int64_t *fake_micros;

__attribute__((constructor)) static void server_clock_init(void) {
  const char *path = getenv("TASKBED_SERVER_CLOCK");
  if (path == NULL) {
    return;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  void *p = fd < 0 ? MAP_FAILED : mmap(NULL, sizeof(int64_t), PROT_READ, MAP_SHARED, fd, 0);
  if (fd >= 0) {
    close(fd);
  }
  if (p == MAP_FAILED) {
    /* a test that asked for a controlled clock must not silently run on the real one */
    fprintf(stderr, "server_clock: cannot map %s\n", path);
    _exit(97);
  }
  fake_micros = p;
}

/* The controlled time in microseconds, or 0 for the real clock. */
static int64_t controlled(void) {
  const volatile int64_t *f = fake_micros;
  return f == NULL ? 0 : __atomic_load_n(f, __ATOMIC_ACQUIRE);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  int64_t us = controlled();
  if (us <= 0) {
    return (int) syscall(SYS_gettimeofday, tv, tz);
  }
  tv->tv_sec = (time_t) (us / 1000000);
  tv->tv_usec = (suseconds_t) (us % 1000000);
  if (tz != NULL) {
    struct timezone *z = tz;
    z->tz_minuteswest = 0;
    z->tz_dsttime = 0;
  }
  return 0;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
  if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) {
    int64_t us = controlled();
    if (us > 0) {
      ts->tv_sec = (time_t) (us / 1000000);
      ts->tv_nsec = (long) (us % 1000000) * 1000;
      return 0;
    }
  }
  return (int) syscall(SYS_clock_gettime, id, ts);
}

time_t time(time_t *out) {
  int64_t us = controlled();
  time_t now;
  if (us > 0) {
    now = (time_t) (us / 1000000);
  } else {
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
    now = ts.tv_sec;
  }
  if (out != NULL) {
    *out = now;
  }
  return now;
}
