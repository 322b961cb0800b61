# syntax=docker/dockerfile:1
# lanchat in a container. No Docker engine runs on the build machines, so
# src/test/java/lanchat/system/DockerfileTests.java checks this file and compose.yaml against the jar's
# configuration.
#
#   echo LANCHAT_PUBLIC_URL=http://192.168.1.10:8080 > .env   # the address people should use
#   docker compose up -d      # builds the image and runs it as compose.yaml says (docs/operations.md)
#
# or by hand:
#   docker build -t lanchat .
#   docker run -d --name lanchat -p 8080:8080 -p 12345:12345 -v lanchat-data:/data \
#     -e LANCHAT_PUBLIC_URL=http://192.168.1.10:8080 lanchat
#   docker stop lanchat      # SIGTERM: clients are told, history is written, exit within 10 s
#
# Base images are pinned to exact versions, so a rebuild next year builds the same thing; raise them on
# purpose. (For byte-for-byte repeatable builds, add the digest: FROM image:tag@sha256:...)

# --- build: the same `mvn package` as on a developer's machine, tests left to CI ---------------------
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
# The POM alone first: the dependencies are fetched in a step that only a change to the POM repeats, and
# Maven's repository is a cache that outlives even that.
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY application.yml ./
COPY src/main ./src/main
COPY frontend ./frontend
# Then the jar, split into Spring Boot's layers: the dependencies change rarely, the application at
# every release, so an upgrade pulls a few hundred kilobytes instead of the whole jar.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package \
    && cp target/lanchat-*.jar /lanchat.jar \
    && java -Djarmode=tools -jar /lanchat.jar extract --layers --destination /layers

# --- run: a JRE, a user of its own, the data on a volume --------------------------------------------
FROM eclipse-temurin:17.0.16_8-jre-noble
# curl for HEALTHCHECK: installed here rather than trusting the base image to keep shipping it
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system lanchat \
    && useradd --system --gid lanchat --home-dir /data --no-create-home --shell /usr/sbin/nologin lanchat \
    && mkdir -p /data \
    && chown lanchat:lanchat /data
# least often changed first: each layer is reused until what is in it changes
COPY --from=build /layers/dependencies/ /opt/lanchat/
COPY --from=build /layers/spring-boot-loader/ /opt/lanchat/
COPY --from=build /layers/snapshot-dependencies/ /opt/lanchat/
COPY --from=build /layers/application/ /opt/lanchat/

# the H2 database, the certificates (lanchat.tls.*) and backups
ENV LANCHAT_DATA_DIR=/data
VOLUME /data
WORKDIR /data
USER lanchat

# 8080: the page and STOMP over WebSocket (server.port); 12345: the seed's TCP clients (lanchat.tcp.port);
# 8443 only serves with LANCHAT_TLS_LOCAL_CA=true or LANCHAT_TLS_SELF_SIGNED=true (then publish it too)
EXPOSE 8080 12345 8443
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS "http://localhost:${SERVER_PORT:-8080}/actuator/health" > /dev/null || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/lanchat/lanchat.jar"]
