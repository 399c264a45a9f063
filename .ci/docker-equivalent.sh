#!/usr/bin/env bash
# Runs what the Dockerfile runs, on this host, because CI has no Docker engine: the build-stage command,
# the runtime layout under /opt/seq4j (here a temporary directory), the runtime ENV, and the ENTRYPOINT,
# all read from the Dockerfile lines that follow a "# ci: <what>" comment, so the two cannot drift apart.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dockerfile=Dockerfile

# The instruction on the first non-comment line after each "# ci: $1" marker.
marked() {
  awk -v want="# ci: $1" '
    $0 == want { take = 1; next }
    take && /^#/ { next }
    take { print; take = 0 }' "$dockerfile"
}
need() { [[ -n "$2" ]] || { echo "docker-equivalent: no '# ci: $1' line in $dockerfile" >&2; exit 1; }; }

build=$(marked build); need build "$build"
layout=$(marked layout); need layout "$layout"
envs=$(marked env); need env "$envs"
entrypoint=$(marked entrypoint); need entrypoint "$entrypoint"
profile=$(sed -n 's/^ARG MAVEN_PROFILE=//p' "$dockerfile"); need "ARG MAVEN_PROFILE" "$profile"

# The CUDA image cannot be built here (no Docker engine; CI never downloads the CUDA jars), but it must stay the CPU
# image with another build: same instructions but for its stage names, the build profile and the NVIDIA variable.
python3 - "$dockerfile" <<'PY'
import re, sys
stages, name = {}, None
for line in open(sys.argv[1]):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    m = re.match(r"FROM (\S+) AS (\S+)", line)
    if m:
        name = m.group(2)
        stages[name] = ["FROM " + m.group(1)]
        continue
    stages[name].append(line)
def norm(lines, build):
    return [l.replace("--from=" + build, "--from=BUILD") for l in lines if not l.startswith("ENV NVIDIA_")]
cpu, cuda = norm(stages["cpu"], "build"), norm(stages["cuda"], "build-cuda")
if cpu != cuda:
    sys.exit("docker-equivalent: the cuda stage differs from the cpu stage:\n" + "\n".join(
        f"  cpu: {a}\n  cuda: {b}" for a, b in zip(cpu, cuda) if a != b) + f"\n  ({len(cpu)} and {len(cuda)} lines)")
def build(lines, profile):
    return [l.replace(profile, "PROFILE") for l in lines if not l.startswith("ARG ") and not l.startswith("# ci:")]
a = build([l.replace('"${MAVEN_PROFILE}"', "cpu") for l in stages["build"]], "cpu")
b = build(stages["build-cuda"], "cuda,cuda-redist")
if a != b:
    sys.exit("docker-equivalent: the build-cuda stage differs from the build stage:\n" + "\n".join(
        f"  build: {x}\n  build-cuda: {y}" for x, y in zip(a, b) if x != y))
print("== Dockerfile: the cuda stages match the cpu ones (" + str(len(cpu)) + " runtime instructions)")
PY

echo "== Dockerfile build stage: ${build#RUN }  (MAVEN_PROFILE=$profile)"
MAVEN_PROFILE="$profile" bash -c "${build#RUN }"

image="$(mktemp -d)"
trap 'rm -rf "$image"' EXIT
echo "== runtime layout in $image (stands for /)"
while read -r copy from src dest; do
  [[ "$copy" == COPY && "$from" == --from=build ]] || { echo "docker-equivalent: cannot read layout line: $copy $from $src $dest" >&2; exit 1; }
  mkdir -p "$image$(dirname "$dest")"
  if [[ -d "./${src#/src/}" ]]; then
    mkdir -p "$image$dest" && cp -r "./${src#/src/}/." "$image$dest/"   # COPY of a directory copies its contents
  else
    cp "./${src#/src/}" "$image$dest"
  fi
done <<< "$layout"

# ENV lines, then the ENTRYPOINT's JSON array, with /opt rewritten into the temporary root.
declare -a entry
while IFS= read -r line; do
  name=${line#ENV }; name=${name%%=*}
  value=${line#ENV "$name"=}; value=${value#\"}; value=${value%\"}
  export "$name=$value"
  echo "   ENV $name=$value"
done <<< "$envs"
mapfile -t entry < <(python3 -c 'import json,sys; [print(a) for a in json.loads(sys.argv[1][len("ENTRYPOINT "):])]' "$entrypoint")
entry=("${entry[@]//\/opt\//$image/opt/}")

# The volume: what `docker run -v "$PWD":/data` mounts, with /data as the working directory.
mkdir -p "$image/data"
cp -r configs data "$image/data/"

run() {  # expected-exit-code args...
  local want=$1; shift
  local got=0
  (cd "$image/data" && "${entry[@]}" "$@") >"$image/out.txt" 2>"$image/err.txt" || got=$?
  if [[ "$got" != "$want" ]]; then
    echo "docker-equivalent: entrypoint $* exited $got, expected $want" >&2
    cat "$image/out.txt" "$image/err.txt" >&2
    exit 1
  fi
  echo "   entrypoint $*: exit $got as expected"
}
echo "== entrypoint: ${entry[*]}"
run 0 --version
run 0 --help
run 0 train --help
run 2 train /nonexistent/config.yaml
[[ "$(cat "$image/err.txt")" == "seq4j: error: /nonexistent/config.yaml: config file not found" ]] \
  || { echo "docker-equivalent: expected one error line, got:" >&2; cat "$image/err.txt" >&2; exit 1; }
# A real batch run, small: native libraries load from the layout, the run lands in the volume.
run 0 train configs/charlm.yaml --set model.layers=[16] --set train.epochs=1 --set train.maxBatches=2 \
  --set train.sampleLength=20 --out runs/ci
run 0 eval runs/ci --data data/sotu/sotu-small.txt
grep -q '"bitsPerChar"' "$image/out.txt"
run 0 generate runs/ci --length 20
# A finished run is not resumed; its files stay as they are.
run 2 train --resume runs/ci
grep -q 'the run already finished' "$image/err.txt"
# A sweep: trials are child JVMs started from the image's java and jar, two at once.
cat > "$image/data/ci-sweep.yaml" <<'EOF'
base: configs/charlm.yaml
set: {model.layers: [16], train.epochs: 1, train.maxBatches: 2, train.sampleLength: 0}
space: {train.batchSize: [8, 16]}
EOF
run 0 sweep ci-sweep.yaml --parallel 2 --out sweeps/ci
grep -q 'sweeps/ci/trials/00[12]' "$image/out.txt"
run 0 generate sweeps/ci --length 20
# The server, as `docker run -p 8080:8080 seq4j serve /data/runs/ci --host 0.0.0.0` starts it (here on 127.0.0.1 and a
# free port): it gets ready with serve's own JVM options, answers, and stops with exit 0 on SIGTERM.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$image/data" && exec "${entry[@]}" serve runs/ci --port "$port") >"$image/serve.txt" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf -X POST -H 'Content-Type: application/json' -d '{"input": "The ", "length": 20, "seed": 1}' \
  "http://127.0.0.1:$port/v1/models/ci/predict" | grep -q '"output"' \
  || { echo "docker-equivalent: serve did not answer" >&2; cat "$image/serve.txt" >&2; kill "$server"; exit 1; }
pgrep -f -- "XX:.UseParallelGC -Xmn64m -XX:.AlwaysPreTouch .*seq4j.jar serve" >/dev/null \
  || { echo "docker-equivalent: serve ran without SEQ4J_SERVE_JAVA_OPTS" >&2; kill "$server"; exit 1; }
kill -TERM "$server"
got=0; wait "$server" || got=$?
[[ "$got" == 0 ]] || { echo "docker-equivalent: serve exited $got on SIGTERM" >&2; cat "$image/serve.txt" >&2; exit 1; }
echo "   entrypoint serve runs/ci: ready, answered, exit 0 on SIGTERM"
echo "== docker-equivalent: ok"
