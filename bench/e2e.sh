#!/usr/bin/env bash
# End to end against PyTorch (issue 28): the quick-start char LM trained by `seq4j train` and by the PyTorch script
# that does the same job (bench/torch_charlm.py: same text, split, sequence length, batch, layers, optimiser, learning
# rate schedule and clipping), alternated ROUNDS times for EPOCHS epochs each, every process under /usr/bin/time -v.
# Prints per run and epoch the training tokens/s and validation bits/char, and per run the peak resident memory,
# then the medians over the rounds and their ratios.
#
#   bench/e2e.sh [EPOCHS] [ROUNDS]          defaults 3 and 5
#   PYTHON=/usr/bin/python3                 the Python with torch (apt-get install python3-torch libopenblas0-pthread)
#   PEER=bench/torch_charlm.py              the PyTorch script
#   KEEP=DIR                                keep the runs and logs there (default: a temporary directory, removed)
#   SEQ4J_JAVA_OPTS, OMP_NUM_THREADS        as for ./seq4j (the launcher's defaults otherwise)
#   ISA=native|avx2|avx512                  the JIT, OpenBLAS and oneDNN limits of `seq4j bench --isa`, and PyTorch's
#
# Only configs/charlm.yaml: the peer's defaults mirror it. The seq4j runs set train.patience=0 so both train every
# epoch; everything else is the config's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-3}"
rounds="${2:-5}"
python="${PYTHON:-/usr/bin/python3}"
peer="${PEER:-$here/bench/torch_charlm.py}"
config="$here/configs/charlm.yaml"
text="$here/data/sotu/sotu-small.txt"
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || { echo "e2e.sh: EPOCHS must be a positive integer, got '$epochs'" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "e2e.sh: ROUNDS must be a positive integer, got '$rounds'" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "e2e.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
"$python" -c "import torch" 2>/dev/null \
  || { echo "e2e.sh: $python cannot import torch (apt-get install python3-torch libopenblas0-pthread)" >&2; exit 2; }
[[ -f "$peer" ]] || { echo "e2e.sh: no PyTorch script at $peer" >&2; exit 2; }
work="${KEEP:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT
# shellcheck source=bench/isa.sh
source "$here/bench/isa.sh"
"$here/seq4j" --version >/dev/null                       # builds first when needed, outside the timings

peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }
results="$work/results.tsv"                              # round, side, epoch, tokens/s, bpc, peak MB
: > "$results"
for round in $(seq 1 "$rounds"); do
  run="$work/seq4j-$round"
  /usr/bin/time -v -o "$work/seq4j-$round.time" "$here/seq4j" train "$config" --out "$run" \
      --set train.epochs="$epochs" --set train.patience=0 > "$work/seq4j-$round.log" 2>&1 \
    || { echo "e2e.sh: seq4j train failed, see $work/seq4j-$round.log" >&2; tail -n 5 "$work/seq4j-$round.log" >&2; exit 1; }
  peak="$(peak_mb "$work/seq4j-$round.time")"
  awk -F, -v r="$round" -v p="$peak" 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i; next}
      {printf "%s\tseq4j\t%s\t%.0f\t%.4f\t%s\n", r, $c["epoch"], $c["tokens_per_s"], $c["valid_bpc"], p}' \
      "$run/metrics.csv" >> "$results"
  /usr/bin/time -v -o "$work/pytorch-$round.time" env "${peer_env[@]}" "$python" "$peer" "$text" --epochs "$epochs" \
      > "$work/pytorch-$round.log" 2>&1 \
    || { echo "e2e.sh: the PyTorch script failed, see $work/pytorch-$round.log" >&2; tail -n 5 "$work/pytorch-$round.log" >&2; exit 1; }
  peak="$(peak_mb "$work/pytorch-$round.time")"
  sed -nE 's|^epoch ([0-9]+)/[0-9]+ .* valid_bpc ([0-9.]+) .* ([0-9]+) tok/s$|\1 \3 \2|p' "$work/pytorch-$round.log" \
    | awk -v r="$round" -v p="$peak" '{printf "%s\tpytorch\t%s\t%s\t%s\t%s\n", r, $1, $2, $3, p}' >> "$results"
  echo "round $round/$rounds done" >&2
done

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(getconf _NPROCESSORS_ONLN) cores," \
  "$(grep -o -m1 -w 'avx512f' /proc/cpuinfo >/dev/null && echo AVX-512 || echo 'no AVX-512'), ISA limit ${ISA:-native}," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $("$python" -c 'import torch; print("PyTorch", torch.__version__)')"
echo
echo "| round | side | epoch | tokens/s | valid bits/char | peak RSS MB |"
echo "|---|---|---|---|---|---|"
sort -k1,1n -k2,2r -k3,3n "$results" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}'
echo
# per side: the median over rounds of the mean tokens/s over epochs, of the last epoch's bits/char and of the peak
awk -F'\t' '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { key = $1 SUBSEP $2; sum[key] += $4; count[key]++; if ($3 >= last[key]) { last[key] = $3; bpc[key] = $5 }; peak[key] = $6
    sides[$2] = 1; roundsOf[$1] = 1 }
  END {
    for (s in sides) {
      tl = ""; bl = ""; pl = ""
      for (r in roundsOf) { k = r SUBSEP s; if (k in count) { tl = tl " " sum[k] / count[k]; bl = bl " " bpc[k]; pl = pl " " peak[k] } }
      tok[s] = median(tl); b[s] = median(bl); pk[s] = median(pl)
      printf "%-8s median over rounds: %.0f tokens/s (mean of epochs), last epoch %.4f bits/char, peak RSS %.0f MB\n", s, tok[s], b[s], pk[s]
    }
    if (("seq4j" in tok) && ("pytorch" in tok))
      printf "seq4j / pytorch: tokens/s %.2fx, peak RSS %.2fx\n", tok["seq4j"] / tok["pytorch"], pk["seq4j"] / pk["pytorch"]
  }' "$results"
