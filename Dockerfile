# seq4j batch image: the CLI as entrypoint, your configs, data and runs in the /data volume.
#   docker build -t seq4j .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD":/data seq4j train /data/configs/charlm.yaml --out /data/runs/x
#   docker run --rm --user "$(id -u):$(id -g)" -p 8080:8080 -v "$PWD":/data seq4j serve /data/runs/x --host 0.0.0.0
#     (HTTP; docs/serving.md). Any --user works (docs/docker.md); podman takes the same commands.
# The CUDA image (the last stage but one; CUDA 11.6 and cuDNN 8.3 inside, the host needs only the NVIDIA driver
# and the NVIDIA Container Toolkit):
#   docker build --target cuda -t seq4j:cuda .
#   docker run --rm --gpus all --user "$(id -u):$(id -g)" -v "$PWD":/data seq4j:cuda train /data/configs/charlm.yaml \
#     --out /data/runs/x
# CI builds the CPU image with podman and runs it (.ci/container.sh), and checks that the cuda stages are the CPU ones
# but for the build (.ci/dockerfile-stages.sh).

FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
# Dependencies first, so that editing sources does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
ARG MAVEN_PROFILE=cpu
RUN ./mvnw -B -q -P"${MAVEN_PROFILE}" dependency:resolve dependency:resolve-plugins
COPY src src
COPY docs/openapi.json docs/openapi.json
RUN ./mvnw -B -DskipTests -P"${MAVEN_PROFILE}" package
# The native libraries, unpacked here once instead of into ~/.javacpp/cache by every run (src/main/docker/natives.sh:
# a CPU build only; the CUDA one cannot load without a GPU, so its jars stay and its runs unpack as before).
RUN sh src/main/docker/natives.sh
# A Java runtime of only the modules seq4j uses (src/main/docker/runtime.sh: jdeps, then jlink), in place of the
# base image's JRE.
RUN sh src/main/docker/runtime.sh

# The CUDA build: -Pcuda,cuda-redist (nd4j-cuda-11.6 with cuDNN, and CUDA 11.6 + cuDNN 8.3 themselves, ~2.5 GB).
FROM eclipse-temurin:17-jdk-jammy AS build-cuda
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q -Pcuda,cuda-redist dependency:resolve dependency:resolve-plugins
COPY src src
COPY docs/openapi.json docs/openapi.json
RUN ./mvnw -B -DskipTests -Pcuda,cuda-redist package
# The native libraries, unpacked here once instead of into ~/.javacpp/cache by every run (src/main/docker/natives.sh:
# a CPU build only; the CUDA one cannot load without a GPU, so its jars stay and its runs unpack as before).
RUN sh src/main/docker/natives.sh
# A Java runtime of only the modules seq4j uses (src/main/docker/runtime.sh: jdeps, then jlink), in place of the
# base image's JRE.
RUN sh src/main/docker/runtime.sh

# The runtime images' operating system: the JRE base without its Java (the images bring the smaller runtime above),
# flattened by `FROM scratch` + `COPY --from=os / /` below so that the removed JRE takes no room in a layer.
FROM eclipse-temurin:17-jre-jammy AS os
RUN useradd --create-home --uid 1000 seq4j && rm -rf "$(readlink -f "$JAVA_HOME")" "$JAVA_HOME"

# The CUDA image: the same runtime as the CPU image below (base, user, layout, ENV, entrypoint;
# .ci/dockerfile-stages.sh checks that the two stages agree line by line), built from build-cuda. The NVIDIA Container Toolkit mounts the
# driver's libcuda into it for `docker run --gpus all`.
FROM scratch AS cuda
COPY --from=os / /
COPY --from=build-cuda /src/target/runtime /opt/seq4j/java
COPY --from=build-cuda /src/target/seq4j.jar /opt/seq4j/seq4j.jar
COPY --from=build-cuda /src/target/lib /opt/seq4j/lib
COPY --from=build-cuda /src/target/native /opt/seq4j/native
ENV NVIDIA_DRIVER_CAPABILITIES=compute,utility
ENV JAVA_HOME=/opt/seq4j/java
ENV PATH=/opt/seq4j/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV LANG=C.UTF-8
ENV OMP_NUM_THREADS=1
ENV SEQ4J_JAVA_OPTS="-XX:MaxRAMPercentage=30 -Dorg.bytedeco.javacpp.maxbytes=100% -Dorg.bytedeco.javacpp.maxphysicalbytes=300%"
ENV SEQ4J_SERVE_JAVA_OPTS="-XX:+UseParallelGC -Xmn64m -XX:+AlwaysPreTouch"
ENV SEQ4J_BATCH_JAVA_OPTS="-XX:+UseParallelGC -Xms32m -Xmn16m"
ENV MALLOC_ARENA_MAX=2
USER seq4j
WORKDIR /data
VOLUME /data
# seq4j serve's default port (docs/serving.md); serve needs --host 0.0.0.0 in a container
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "-c", "case $HOME in /data|/data/*|/) HOME=/tmp;; esac; [ -w \"$HOME\" ] || HOME=/tmp; export HOME; o=$SEQ4J_BATCH_JAVA_OPTS; [ \"$1\" = serve ] && o=$SEQ4J_SERVE_JAVA_OPTS; case $SEQ4J_JAVA_OPTS in *-XX:+Use*GC*) o=;; esac; exec java -Djava.awt.headless=true -Duser.home=\"$HOME\" -Djava.library.path=/opt/seq4j/native/lib $o $SEQ4J_JAVA_OPTS -jar /opt/seq4j/seq4j.jar \"$@\"", "seq4j"]
CMD ["--help"]

# The CPU image (the default target).
FROM scratch AS cpu
COPY --from=os / /
COPY --from=build /src/target/runtime /opt/seq4j/java
COPY --from=build /src/target/seq4j.jar /opt/seq4j/seq4j.jar
COPY --from=build /src/target/lib /opt/seq4j/lib
COPY --from=build /src/target/native /opt/seq4j/native
# The runtime from runtime.sh; UTF-8 as the default charset (Java 17 takes it from the locale).
ENV JAVA_HOME=/opt/seq4j/java
ENV PATH=/opt/seq4j/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV LANG=C.UTF-8
# Native threads per op. 1 is fastest on 2 to 4 cores (docs/backends.md, "Threads"); raise it with
# -e OMP_NUM_THREADS=N on bigger machines after measuring.
ENV OMP_NUM_THREADS=1
# Memory, relative to the container's limit L: Java heap 30% of L (data, vocabulary, DataVec records), and
# the whole process (heap, ND4J's native arrays, the JVM) at most 300% of the heap, 90% of L
# (org.bytedeco.javacpp.maxphysicalbytes), so that too big a model fails with exit 1 rather than being
# killed by the kernel. maxbytes caps JavaCPP's own allocations (in DL4J 1.0.0-M2.1, not ND4J's arrays).
# Override with -e SEQ4J_JAVA_OPTS="-Xmx8g -Dorg.bytedeco.javacpp.maxphysicalbytes=20G". (Left unset, seq4j caps
# maxphysicalbytes at 4 x the heap but at most 90% of L itself; the explicit 300% also divides with the heap
# between a sweep's parallel trials, each of which gets 1/N of MaxRAMPercentage.)
# (Not JAVA_TOOL_OPTIONS: the JVM would announce it on stderr, and errors are meant to be one line.)
ENV SEQ4J_JAVA_OPTS="-XX:MaxRAMPercentage=30 -Dorg.bytedeco.javacpp.maxbytes=100% -Dorg.bytedeco.javacpp.maxphysicalbytes=300%"
# seq4j serve only: a throughput collector with a 64 MB young generation (pauses of a few milliseconds instead of
# G1's tens, and half its memory, in bench/serve-load.sh) and the initial heap touched at start (docs/serving.md).
# Every other command: the same collector with a 32 MB young generation, collected often, so that ND4J's native
# arrays (freed when their Java objects are) do not pile up; and two malloc arenas (docs/benchmarks.md: the quick
# start's peak memory). Either is left out when SEQ4J_JAVA_OPTS picks a collector.
ENV SEQ4J_SERVE_JAVA_OPTS="-XX:+UseParallelGC -Xmn64m -XX:+AlwaysPreTouch"
ENV SEQ4J_BATCH_JAVA_OPTS="-XX:+UseParallelGC -Xms32m -Xmn16m"
ENV MALLOC_ARENA_MAX=2
USER seq4j
WORKDIR /data
VOLUME /data
# seq4j serve's default port (docs/serving.md); serve needs --host 0.0.0.0 in a container
EXPOSE 8080
ENTRYPOINT ["/bin/sh", "-c", "case $HOME in /data|/data/*|/) HOME=/tmp;; esac; [ -w \"$HOME\" ] || HOME=/tmp; export HOME; o=$SEQ4J_BATCH_JAVA_OPTS; [ \"$1\" = serve ] && o=$SEQ4J_SERVE_JAVA_OPTS; case $SEQ4J_JAVA_OPTS in *-XX:+Use*GC*) o=;; esac; exec java -Djava.awt.headless=true -Duser.home=\"$HOME\" -Djava.library.path=/opt/seq4j/native/lib $o $SEQ4J_JAVA_OPTS -jar /opt/seq4j/seq4j.jar \"$@\"", "seq4j"]
CMD ["--help"]
