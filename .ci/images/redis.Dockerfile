# redis:7.0.15 built from Debian 12's redis-server and the libraries it links (see build-images.sh).
# No shell inside: start it with --protected-mode no.
FROM scratch
COPY root/ /
ENV PATH=/usr/local/bin
WORKDIR /data
EXPOSE 6379
CMD ["redis-server"]
