#!/usr/bin/env bash
# The real image, built from the Dockerfile and run (issue 26), with rootful podman: Docker Hub is out of reach here,
# so .ci/container-bases.sh installs podman and builds local stand-ins for the Dockerfile's eclipse-temurin:17-*-jammy
# bases from Debian packages. Then, inside the CPU image, each step timed:
#   --help; the quick start with a short budget, run as a user who is neither root nor uid 1000 into a directory that
#   user owns; eval of that run; a run killed with `podman kill`, resumed with train --resume; a bad config (exit 2,
#   one line); an --out that user may not write (exit 2, one line naming the uid and the --user option); a model too
#   large for --memory 1g (one line and exit 2 or 1, never 137 from the kernel's OOM killer); a sweep of two trials
#   run at once (child JVMs) and generate from it; serve (ready, with its JVM options, one prediction through the
#   published port, podman stop: exit 0).
# Needs root. Settings: IMAGE (seq4j-ci), KEEP=1 keeps the work directory and the image.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
image=${IMAGE:-seq4j-ci}
uid=4242   # neither root nor the image's own user (1000)
source .ci/podman.sh

work=$(mktemp -d /tmp/seq4j-container.XXXXXX)
cleanup() {
  podman rm -f -i seq4j-ci-killed seq4j-ci-serve > /dev/null 2>&1 || true
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
build_image "$image"

# A data directory owned by uid 4242, as a user's checkout would be: configs and the bundled data.
data="$work/data"
mkdir -p "$data/data"
cp -r configs "$data/"
cp -r data/sotu data/sentiment "$data/data/"
chown -R "$uid:$uid" "$data"
run() { podman run --rm --user "$uid:$uid" -v "$data:/data" "$image" "$@"; }

out=$(run --help) || fail "--help"
grep -q "Usage: seq4j" <<< "$out" || fail "--help printed no usage"
step "--help"

# The quick start, short: the README's command with a 1-minute budget and 2 epochs, as uid 4242.
t=$SECONDS
run train /data/configs/charlm.yaml --out /data/runs/quick --set train.maxMinutes=1 --set train.epochs=2 \
  > "$work/quick.log" 2>&1 || { tail -20 "$work/quick.log"; fail "the quick start"; }
[ -f "$data/runs/quick/summary.json" ] || fail "the quick start wrote no summary.json"
owner=$(stat -c %u "$data/runs/quick/summary.json")
[ "$owner" = "$uid" ] || fail "the run belongs to uid $owner, not $uid"
# the chart needs java.desktop and the system's fonts in the jlinked runtime (src/main/docker/runtime.sh)
[ "$(head -c 4 "$data/runs/quick/learning-curve.png" | tail -c 3)" = PNG ] || fail "no PNG learning curve"
step "quick start as uid $uid in $((SECONDS - t)) s: $(grep -m1 -o 'valid: [^(]*' "$work/quick.log" || true)"

run eval /data/runs/quick --data /data/data/sotu/sotu-small.txt > "$work/eval.log" 2>&1 \
  || { tail -20 "$work/eval.log"; fail "eval"; }
step "eval of the quick start"

# Killed once its first epoch is checkpointed (epoch-0000 is the state before training), then resumed.
podman run -d --name seq4j-ci-killed --user "$uid:$uid" -v "$data:/data" "$image" \
  train /data/configs/textclass.yaml --out /data/runs/killed --set train.epochs=6 --set train.patience=6 > /dev/null
for _ in $(seq 1 240); do
  compgen -G "$data/runs/killed/checkpoints/epoch-0001*" > /dev/null && break
  sleep 0.5
done
compgen -G "$data/runs/killed/checkpoints/epoch-0001*" > /dev/null || fail "no checkpoint of epoch 1 to resume from"
podman kill seq4j-ci-killed > /dev/null
podman rm -f seq4j-ci-killed > /dev/null
[ ! -f "$data/runs/killed/summary.json" ] || fail "the killed run finished before it was killed"
run train --resume /data/runs/killed > "$work/resume.log" 2>&1 || { tail -20 "$work/resume.log"; fail "train --resume"; }
[ -f "$data/runs/killed/summary.json" ] || fail "the resumed run wrote no summary.json"
step "killed with podman kill, resumed: $(grep -m1 '^resume:' "$work/resume.log" || true)"

# A bad config: exit 2 and one line.
printf 'task: charlm\nseed: 1\ndata:\n  train: data/sotu/sotu-small.txt\nmodel:\n  layers: [-3]\n' > "$data/bad.yaml"
chown "$uid:$uid" "$data/bad.yaml"
set +e
run train /data/bad.yaml > "$work/bad.out" 2> "$work/bad.err"
code=$?
set -e
[ "$code" = 2 ] || fail "a bad config exited $code, not 2: $(cat "$work/bad.err")"
[ "$(grep -c . "$work/bad.err")" = 1 ] || fail "a bad config printed more than one line: $(cat "$work/bad.err")"
step "bad config: exit 2, $(cat "$work/bad.err")"

# A mounted directory the container's user may not write (what a user without --user "$(id -u):$(id -g)" hits): exit
# 2 and one line that says which uid the process has and which options fix it.
mkdir -p "$data/locked"
chmod 755 "$data/locked"
chown 0:0 "$data/locked"
set +e
run train /data/configs/charlm.yaml --out /data/locked/run > "$work/locked.out" 2> "$work/locked.err"
code=$?
set -e
[ "$code" = 2 ] || fail "an unwritable --out exited $code, not 2: $(cat "$work/locked.err")"
[ "$(grep -c . "$work/locked.err")" = 1 ] || fail "an unwritable --out printed more than one line: $(cat "$work/locked.err")"
grep -q "permission denied for uid $uid .*--user" "$work/locked.err" || fail "no hint for an unwritable --out: $(cat "$work/locked.err")"
step "unwritable --out: exit 2, $(cat "$work/locked.err")"

# Too large for 1 GB: one line and exit 2 when the estimate made before training refuses it (naming model.layers), or
# exit 1 when the process reaches its memory cap while training; never 137 from the kernel's OOM killer.
set +e
podman run --rm --memory 1g --user "$uid:$uid" -v "$data:/data" "$image" train /data/configs/charlm.yaml \
  --out /data/runs/huge --set 'model.layers=[3000,3000]' --set train.maxMinutes=1 > "$work/huge.out" 2> "$work/huge.err"
code=$?
set -e
[ "$code" = 1 ] || [ "$code" = 2 ] || fail "a model too large for --memory 1g exited $code: $(tail -3 "$work/huge.err")"
[ "$(grep -c . "$work/huge.err")" = 1 ] || fail "too large a model printed more than one line: $(cat "$work/huge.err")"
step "too large for --memory 1g: exit $code, $(cat "$work/huge.err")"

# A sweep: its trials are child JVMs started from the image's java and jar with its options, two at once; then
# generate from the sweep's best trial.
cat > "$data/ci-sweep.yaml" <<'EOF'
base: configs/charlm.yaml
set: {model.layers: [16], train.epochs: 1, train.maxBatches: 2, train.sampleLength: 0}
space: {train.batchSize: [8, 16]}
EOF
chown "$uid:$uid" "$data/ci-sweep.yaml"
t=$SECONDS
run sweep /data/ci-sweep.yaml --parallel 2 --out /data/sweeps/ci > "$work/sweep.log" 2>&1 \
  || { tail -20 "$work/sweep.log"; fail "the sweep"; }
[ -f "$data/sweeps/ci/trials/001/summary.json" ] && [ -f "$data/sweeps/ci/trials/002/summary.json" ] \
  || { tail -20 "$work/sweep.log"; fail "the sweep's trials wrote no summary.json"; }
run generate /data/sweeps/ci --length 20 > "$work/generate.log" 2>&1 || { tail -5 "$work/generate.log"; fail "generate"; }
step "sweep of 2 trials, 2 at once, in $((SECONDS - t)) s; generate from its best trial"

# serve: ready, one prediction through the published port, SIGTERM from podman stop, exit 0.
port=18099
podman run -d --name seq4j-ci-serve --user "$uid:$uid" -p "127.0.0.1:$port:8080" -v "$data:/data:ro" "$image" \
  serve /data/runs/quick --host 0.0.0.0 > /dev/null
t=$SECONDS
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/readyz" > /dev/null || { podman logs seq4j-ci-serve | tail -20; fail "serve never got ready"; }
ready=$((SECONDS - t))
answer=$(curl -sf "http://127.0.0.1:$port/v1/models/quick/predict" -d '{"input": "The ", "length": 40, "seed": 1}') \
  || { podman logs seq4j-ci-serve | tail -20; fail "serve: the prediction failed"; }
grep -q '"output"' <<< "$answer" || fail "serve answered $answer"
# The entrypoint gives serve its own JVM options (SEQ4J_SERVE_JAVA_OPTS) and execs java as process 1.
podman exec seq4j-ci-serve cat /proc/1/cmdline | tr '\0' ' ' \
  | grep -q -- '-XX:+UseParallelGC -Xmn64m -XX:+AlwaysPreTouch .*seq4j.jar serve' \
  || fail "serve runs without SEQ4J_SERVE_JAVA_OPTS: $(podman exec seq4j-ci-serve cat /proc/1/cmdline | tr '\0' ' ')"
podman stop -t 35 seq4j-ci-serve > /dev/null
code=$(podman inspect seq4j-ci-serve --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || fail "serve exited $code after podman stop"
podman rm seq4j-ci-serve > /dev/null
step "serve: ready in ${ready} s, answered, exit 0 on podman stop"

if [ "${KEEP:-0}" != 1 ]; then podman rmi "$image" > /dev/null 2>&1 || true; fi
step "all passed"
