#!/usr/bin/env bash
# G2P decoding against PyTorch (issue 28): greedy and beam decoding of the G2P test words (3,000) with a trained
# configs/g2p.yaml run, seq4j (dev.seq4j.bench.G2pBench, through the typed Java API) alternated ROUNDS times with
# bench/torch_g2p.py decoding the same words with the same weights (exported by the first seq4j round), the peer at
# each of PEER_THREADS intra-op threads. The peer also says what share of its outputs are seq4j's (1.0: all).
#
#   bench/g2p.sh [G2P_RUN]     trains configs/g2p.yaml for MINUTES (default 6) into WORK when no run is given
#   ROUNDS=5  PEER_THREADS="1 2"  PASSES=3 (timed passes a round, the median kept)  WORDS=data/cmudict/test.tsv
#   ISA=native|avx2|avx512 (the JIT, OpenBLAS and oneDNN limits of `seq4j bench --isa`, and PyTorch's ATen one)
#   GRAPHS=1 (seq4j also decodes through DL4J's graphs once a round: the path before issue 28's Java decoder)
#   PYTHON=/usr/bin/python3  WORK=DIR (kept; default a temporary directory, removed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rounds="${ROUNDS:-5}"
python="${PYTHON:-/usr/bin/python3}"
words="${WORDS:-data/cmudict/test.tsv}"
"$python" -c "import torch, numpy" 2>/dev/null \
  || { echo "g2p.sh: $python cannot import torch and numpy (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 2; }
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "${WORK:-}" ]] || trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/isa.sh
source bench/isa.sh
# the seq4j side is a benchmark in the test sources (dev.seq4j.bench.G2pBench), as inference.sh's is
./mvnw -o -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/classpath.txt)"
run="${1:-}"
if [[ -z "$run" ]]; then
  run="$work/g2p"
  [[ -d "$run" ]] || ./seq4j train configs/g2p.yaml --set "train.maxMinutes=${MINUTES:-6}" --out "$run" \
    > "$work/g2p-train.log" 2>&1
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
: > "$work/results.jsonl"
for round in $(seq 1 "$rounds"); do
  args=("$run" "$words" "${PASSES:-3}")
  [[ "$round" == 1 ]] && args+=("$work/export")
  [[ -n "${GRAPHS:-}" ]] && args+=(--graphs)
  java ${SEQ4J_JAVA_OPTS:-} -cp "$cp" dev.seq4j.bench.G2pBench "${args[@]}" 2> "$work/seq4j-$round.err" \
    | sed 's/^{/{"side":"seq4j",/' >> "$work/results.jsonl" \
    || { echo "g2p.sh: seq4j failed, see $work/seq4j-$round.err" >&2; exit 1; }
  for threads in ${PEER_THREADS:-1 2}; do
    env -u OMP_NUM_THREADS "${peer_env[@]}" "$python" bench/torch_g2p.py "$work/export" --threads "$threads" \
        --rounds "${PASSES:-3}" | sed "s/^{/{\"side\":\"pytorch-$threads\",/" >> "$work/results.jsonl"
  done
  echo "round $round/$rounds done" >&2
done
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores," \
  "$(grep -q -m1 -w avx512f /proc/cpuinfo && echo AVX-512 || echo 'no AVX-512'); ISA limit ${ISA:-native}; run $run;" \
  "words $words"
"$python" - "$work/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
sides = sorted({r["side"] for r in rows}, key=lambda s: (s != "seq4j", s))
keys = [("greedy_words_per_s", "greedy, words/s"), ("beam_words_per_s", "beam, words/s")]
print("| measure | " + " | ".join(sides) + " | seq4j vs best peer |")
print("|---" * (len(sides) + 2) + "|")
for key, label in keys:
    med = {s: statistics.median(r[key] for r in rows if r["side"] == s) for s in sides}
    best = max(med[s] for s in sides if s != "seq4j")
    spread = {s: sorted(round(r[key]) for r in rows if r["side"] == s) for s in sides}
    print(f"| {label} | " + " | ".join(f"{med[s]:.0f} ({min(spread[s])}-{max(spread[s])})" for s in sides)
          + f" | {med['seq4j'] / best:.2f}x |")
for key in ("graphs_greedy_words_per_s", "graphs_beam_words_per_s"):
    values = [r[key] for r in rows if key in r]
    if values:
        print(f"seq4j through DL4J's graphs ({key.split('_')[1]}): {statistics.median(values):.0f} words/s")
same = [r[k] for r in rows for k in ("greedy_same_as_seq4j", "beam_same_as_seq4j") if k in r]
print(f"medians of {len([r for r in rows if r['side'] == 'seq4j'])} rounds (range in brackets); the peer's outputs "
      f"were seq4j's for {min(same):.1%} to {max(same):.1%} of the words")
PY
