# syntax=docker/dockerfile:1
# RadShift image: builds the jar with Maven's gpu profile (ONNX Runtime with the CUDA provider; the default build
# ships the CPU runtime only), then runs it on a CUDA runtime so the CUDA provider can load (it needs CUDA 12 and
# cuDNN 9 user-space libraries). Without a GPU the same image runs on CPU: model.provider: cuda falls back to CPU
# with one log line.
#
#   docker build -t radshift:0.1.0 .
#   docker run --gpus all -p 127.0.0.1:9464:9464 -v "$PWD/topologies/compose.yaml:/etc/radshift/radshift.yaml:ro" \
#       -v "$PWD/secrets/radshift-metrics-token:/run/secrets/radshift_metrics_token:ro" \
#       radshift:0.1.0 run --config /etc/radshift/radshift.yaml
# The ops endpoint binds 127.0.0.1 unless metrics.bindAddress says otherwise (compose.yaml: 0.0.0.0 with a token).

# ---- build ----
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so editing sources does not re-download them (BuildKit cache for ~/.m2).
COPY pom.xml ./
# Best effort: anything resolved lazily is fetched by the package step below, which fails loudly.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Pgpu dependency:go-offline || true
COPY schemas ./schemas
COPY src/main ./src/main
RUN --mount=type=cache,target=/root/.m2 mvn -B -Pgpu -DskipTests package \
    && test -f target/radshift.jar && test -d target/lib

# ---- JRE ----
FROM eclipse-temurin:17.0.13_11-jre-jammy AS jre

# ---- runtime ----
FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    LANG=C.UTF-8 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
# curl for the HEALTHCHECK only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 radshift \
    && useradd --system --uid 10001 --gid radshift --home-dir /opt/radshift --shell /usr/sbin/nologin radshift \
    && mkdir -p /opt/radshift/models /var/lib/radshift/state /etc/radshift \
    && chown -R radshift:radshift /opt/radshift /var/lib/radshift
WORKDIR /opt/radshift
# The jar names its dependencies in its manifest Class-Path as lib/*.jar (never shaded: the CUDA provider is large).
COPY --from=build /src/target/lib ./lib
COPY --from=build /src/target/radshift.jar ./radshift.jar
USER radshift
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS http://127.0.0.1:9464/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/radshift/radshift.jar"]
CMD ["--help"]
