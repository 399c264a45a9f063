#!/usr/bin/env bash
# Inference against PyTorch (issue 28): the char LM's generation and the text classifier's single-sentence latency and
# batch-of-256 throughput, seq4j (dev.seq4j.bench.InferenceBench, through the typed Java API) alternated ROUNDS times
# with bench/torch_infer.py on the same shapes and texts, the peer at each of PEER_THREADS intra-op threads.
#
#   bench/inference.sh [CHARLM_RUN] [TEXTCLASS_RUN]     trains configs/charlm.yaml and configs/textclass.yaml when
#                                                       a run is not given (into WORK, a few minutes)
#   ROUNDS=5  PEER_THREADS="1 2"  CHARS=2000  SECONDS_PER=3  TEXTS=data/sentiment/amazon.tsv
#   ISA=native|avx2|avx512 (the JIT, OpenBLAS and oneDNN limits of `seq4j bench --isa`, and PyTorch's ATen one)
#   PYTHON=/usr/bin/python3  WORK=DIR (kept; default a temporary directory, removed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rounds="${ROUNDS:-5}"
python="${PYTHON:-/usr/bin/python3}"
texts="${TEXTS:-data/sentiment/amazon.tsv}"
"$python" -c "import torch" 2>/dev/null \
  || { echo "inference.sh: $python cannot import torch (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 2; }
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "${WORK:-}" ]] || trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/isa.sh
source bench/isa.sh
# the seq4j side is a benchmark in the test sources (dev.seq4j.bench.InferenceBench), as serve-load.sh's is
./mvnw -o -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/classpath.txt)"
charlm="${1:-}"
textclass="${2:-}"
if [[ -z "$charlm" ]]; then
  charlm="$work/charlm"
  [[ -d "$charlm" ]] || ./seq4j train configs/charlm.yaml --out "$charlm" > "$work/charlm-train.log" 2>&1
fi
if [[ -z "$textclass" ]]; then
  textclass="$work/textclass"
  [[ -d "$textclass" ]] || ./seq4j train configs/textclass.yaml --out "$textclass" > "$work/textclass-train.log" 2>&1
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
: > "$work/results.jsonl"
for round in $(seq 1 "$rounds"); do
  java ${SEQ4J_JAVA_OPTS:-} -cp "$cp" dev.seq4j.bench.InferenceBench "$charlm" "$textclass" \
      "$texts" "$work/spec.json" "${CHARS:-2000}" "${SECONDS_PER:-3}" 2> "$work/seq4j-$round.err" \
    | sed 's/^{/{"side":"seq4j",/' >> "$work/results.jsonl" \
    || { echo "inference.sh: seq4j failed, see $work/seq4j-$round.err" >&2; exit 1; }
  for threads in ${PEER_THREADS:-1 2}; do
    env -u OMP_NUM_THREADS "${peer_env[@]}" "$python" bench/torch_infer.py "$work/spec.json" --threads "$threads" \
      | sed "s/^{/{\"side\":\"pytorch-$threads\",/" >> "$work/results.jsonl"
  done
  echo "round $round/$rounds done" >&2
done
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores," \
  "$(grep -q -m1 -w avx512f /proc/cpuinfo && echo AVX-512 || echo 'no AVX-512'); ISA limit ${ISA:-native};" \
  "runs $charlm, $textclass; texts $texts"
"$python" - "$work/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
sides = sorted({r["side"] for r in rows}, key=lambda s: (s != "seq4j", s))
keys = [("generate_chars_per_s", "generation, chars/s", True), ("single_ms_median", "single sentence, median ms", False),
        ("single_ms_p90", "single sentence, p90 ms", False), ("batch256_per_s", "batches of 256, sentences/s", True)]
print("| measure | " + " | ".join(sides) + " | seq4j vs best peer |")
print("|---" * (len(sides) + 2) + "|")
for key, label, higher in keys:
    med = {s: statistics.median(r[key] for r in rows if r["side"] == s) for s in sides}
    peers = [med[s] for s in sides if s != "seq4j"]
    best = max(peers) if higher else min(peers)
    ratio = med["seq4j"] / best if higher else best / med["seq4j"]
    spread = {s: sorted(round(r[key], 2) for r in rows if r["side"] == s) for s in sides}
    print(f"| {label} | " + " | ".join(f"{med[s]:.2f} ({min(spread[s])}-{max(spread[s])})" for s in sides)
          + f" | {ratio:.2f}x |")
print(f"medians of {len([r for r in rows if r['side'] == 'seq4j'])} rounds (range in brackets); the ratio is seq4j's "
      "speed over the best peer's (for latency: the peer's time over seq4j's)")
PY
