# Sourced by .ci/container.sh and .ci/container-cuda.sh: rootful podman with the stand-in base images, and the build.
# Defines step (a timed log line), fail, and build_image TAG [podman build options...].
start=$SECONDS
name=$(basename "$0" .sh)
step() { echo "== $name: $* ($((SECONDS - start)) s)"; }
fail() { echo "$name: FAILED: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (rootful podman)"
# .ci/container-bases.sh: a copy of ../shared/tools/container-bases.sh that also puts binutils in the JDK stand-in, as
# in Temurin's JDK images (the build strips the native libraries with it: src/main/docker/natives.sh).
bash .ci/container-bases.sh
step "podman and the base images ready"

# The certificate mount lets RUN steps download through this network's TLS proxy (it adds nothing to the image); the
# host's Maven repository, when there is one, saves downloading the dependencies again (the build stage runs as root).
build_image() {
  local tag=$1 log
  shift
  local options=(--pull=never "$@")
  [ -d /etc/ssl/certs ] && options+=(-v /etc/ssl/certs:/etc/ssl/certs:ro)
  [ -d /root/.m2 ] && options+=(-v /root/.m2:/root/.m2)
  log=$(mktemp /tmp/seq4j-build.XXXXXX)
  podman build "${options[@]}" -t "$tag" . > "$log" 2>&1 || { tail -30 "$log"; fail "podman build ${*}"; }
  rm -f "$log"
  step "image $tag built, $(($(podman image inspect "$tag" --format '{{.Size}}') / 1000000)) MB"
}
