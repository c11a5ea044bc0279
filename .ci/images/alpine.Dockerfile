# alpine:3.17 stand-in: busybox-static and applet links, enough for Testcontainers' start-up checks.
FROM scratch
COPY root/ /
ENV PATH=/bin
CMD ["sh"]
