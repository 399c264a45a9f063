#!/usr/bin/env bash
# Load test of `seq4j serve` (issue 25): the README's sentiment classifier and Brown tagger served over HTTP and
# driven by wrk (Debian's `wrk`) at a few concurrencies, against 127.0.0.1 only, each point bounded in time; next to
# the same models' batch throughput in process (dev.seq4j.serve.ServeBench). Prints a table:
#   model, concurrency, requests/s, p50 ms, p99 ms, non-2xx, requests/s as a share of the in-process best.
#
#   bench/serve-load.sh [SENTIMENT_RUN] [TAGGER_RUN]
#
# The runs are trained first (configs/textclass.yaml, configs/tagging.yaml, about 3 minutes on 2 cores) unless
# given or already under $OUT. Settings (environment): SECONDS_PER (20) per point, WARMUP (40 s at 64 connections
# per model, first), CONCURRENCY ("1 8 64"),
# OUT (bench/out/serve), PORT (18181), SERVE_ARGS (extra `seq4j serve` options, e.g. "--max-wait-ms 5").
# The server, wrk and the in-process bench share the machine's cores: on 2 cores wrk takes part of one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_PER=${SECONDS_PER:-20}
CONCURRENCY=${CONCURRENCY:-"1 8 64"}
OUT=${OUT:-bench/out/serve}
PORT=${PORT:-18181}
mkdir -p "$OUT"
sentiment=${1:-$OUT/sentiment}
pos=${2:-$OUT/pos}
command -v wrk > /dev/null || { echo "serve-load: needs wrk (apt-get install wrk)" >&2; exit 2; }

./mvnw -o -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test
[[ -f "$sentiment/summary.json" ]] || ./seq4j train configs/textclass.yaml --out "$sentiment"
[[ -f "$pos/summary.json" ]] || ./seq4j train configs/tagging.yaml --out "$pos"

export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
cp="target/classes:target/test-classes:$(cat target/classpath.txt)"
echo "in process (batch call of the typed API, inputs per second at batch 1, 8, 32, 64, 256):"
java -cp "$cp" dev.seq4j.serve.ServeBench "$sentiment" data/sentiment/amazon.tsv "$OUT/sentiment.jsonl" \
  | tee "$OUT/sentiment-inprocess.json"
java -cp "$cp" dev.seq4j.serve.ServeBench "$pos" data/brown/fiction.conll "$OUT/pos.jsonl" | tee "$OUT/pos-inprocess.json"

# shellcheck disable=SC2086
./seq4j serve --name sentiment="$sentiment" --name pos="$pos" --port "$PORT" ${SERVE_ARGS:-} > "$OUT/serve.log" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null 2>&1 && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/readyz" > /dev/null || { echo "serve-load: the server did not get ready" >&2; cat "$OUT/serve.log" >&2; exit 1; }
rss_ready=$(ps -o rss= -p "$(pgrep -f "seq4j.jar serve" | head -1)")

for model in sentiment pos; do
  # warm-up: after 5 s the JIT's compiler threads still took 6.9 s of CPU in the next 15 s (0.9 s after 30 s), and
  # 64 connections got 3,850-3,903 requests/s after a 20 s warm-up, 4,682-4,975 after 15 s and 15 s at 8 connections
  BODIES="$OUT/$model.jsonl" wrk -t2 -c64 -d"${WARMUP:-40}s" -s bench/serve-load.lua \
    "http://127.0.0.1:$PORT/v1/models/$model/predict" > /dev/null
  for c in $CONCURRENCY; do
    threads=$(( c < 2 ? 1 : 2 ))
    BODIES="$OUT/$model.jsonl" wrk -t$threads -c"$c" -d"${SECONDS_PER}s" --latency -s bench/serve-load.lua \
      "http://127.0.0.1:$PORT/v1/models/$model/predict" > "$OUT/wrk-$model-$c.txt"
  done
done
rss_after=$(ps -o rss= -p "$(pgrep -f "seq4j.jar serve" | head -1)")
curl -s "http://127.0.0.1:$PORT/metrics" > "$OUT/metrics.txt"
kill -TERM $server
wait $server && stopped="exit 0" || stopped="exit $?"
trap - EXIT

python3 - "$OUT" "$CONCURRENCY" <<'PY'
import json, re, sys
out, conc = sys.argv[1], sys.argv[2].split()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    return float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3}[m.group(2)]
# the ratio to the best in-process rate of one caller (the typed API's batch call), and to the best of all, two
# copies called at once ("256x2") included
print(f"{'model':10} {'conc':>4} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'of 1 caller':>12} "
      f"{'of best':>8}")
for model in ["sentiment", "pos"]:
    inproc = json.load(open(f"{out}/{model}-inprocess.json"))["perSecond"]
    best = max(inproc.values())
    one = max(v for k, v in inproc.items() if "x" not in k)
    for c in conc:
        text = open(f"{out}/wrk-{model}-{c}.txt").read()
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
        p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))  # not the "+/- Stdev" column's 96.50%
        p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        errs = re.search(r"Socket errors: (.*)", text)
        print(f"{model:10} {c:>4} {rps:>9.1f} {p50:>8.2f} {p99:>8.2f} {int(bad.group(1)) if bad else 0:>8} "
              f"{rps / one:>12.0%} {rps / best:>8.0%}" + (f"  socket errors: {errs.group(1)}" if errs else ""))
    print(f"{model:10} in process: " + ", ".join(f"batch {k}: {v:.0f}/s" for k, v in inproc.items()))
m = re.findall(r'seq4j_batch_size_(sum|count)\{model="(\w+)"\} ([\d.E+]+)', open(f"{out}/metrics.txt").read())
sums = {}
for kind, model, v in m:
    sums.setdefault(model, {})[kind] = float(v)
for model, s in sums.items():
    print(f"{model}: {s['count']:.0f} model calls for {s['sum']:.0f} inputs, {s['sum'] / s['count']:.1f} per call")
PY
echo "server RSS: ${rss_ready} KB when ready, ${rss_after} KB after the load; SIGTERM: $stopped"
