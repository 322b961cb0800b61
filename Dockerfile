# lanchat in a container. No Docker engine runs on the build machines, so
# src/test/java/lanchat/system/DockerfileTests.java checks this file against the jar's configuration.
#
#   docker build -t lanchat .
#   docker run -d --name lanchat -p 8080:8080 -p 12345:12345 -v lanchat-data:/data lanchat
#   docker logs lanchat      # the URLs to join at (the container's own; use the host's address on the LAN)
#   docker stop lanchat      # SIGTERM: clients are told, history is written, exit within 10 s

# --- build: the same `mvn package` as on a developer's machine, tests left to CI ---------------------
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml application.yml ./
COPY src/main ./src/main
COPY frontend ./frontend
RUN mvn -B -q -Dmaven.test.skip=true package \
    && cp target/lanchat-*.jar /lanchat.jar

# --- run: a JRE, a user of its own, the data on a volume --------------------------------------------
FROM eclipse-temurin:17-jre
# curl for HEALTHCHECK: installed here rather than trusting the base image to keep shipping it
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system lanchat \
    && useradd --system --gid lanchat --home-dir /data --no-create-home --shell /usr/sbin/nologin lanchat \
    && mkdir -p /data \
    && chown lanchat:lanchat /data
COPY --from=build /lanchat.jar /opt/lanchat/lanchat.jar

# the H2 database, the self-signed certificate (lanchat.tls.self-signed) and backups
ENV LANCHAT_DATA_DIR=/data
VOLUME /data
WORKDIR /data
USER lanchat

# 8080: the page and STOMP over WebSocket (server.port); 12345: the seed's TCP clients (lanchat.tcp.port);
# 8443 only serves when LANCHAT_TLS_SELF_SIGNED=true (then publish it too: -p 8443:8443)
EXPOSE 8080 12345 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://localhost:${SERVER_PORT:-8080}/actuator/health" > /dev/null || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/lanchat/lanchat.jar"]
