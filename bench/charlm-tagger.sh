#!/usr/bin/env bash
# Contextual char-LM features for the Brown tagger (issue 30): configs/tagging.yaml (trained on press, tested on the
# fiction of data/brown/fiction.conll) with and without the states of a forward and a backward character language
# model trained on data/brown/text.txt (every Brown file but that fiction), token accuracy and accuracy on words
# unseen in training, per seed.
#
#   bench/charlm-tagger.sh [FORWARD_RUN BACKWARD_RUN]   trains configs/charlm-brown.yaml and
#                          configs/charlm-brown-backward.yaml (45 minutes each, side by side) when none are given
#   SEEDS="42 7 11"  WORK=DIR (kept, runs in it reused; default a temporary one)
#   VARIANTS="without with"  add "tuned" for the tagger that trains the LMs with it (model.charLmTrainable)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "${WORK:-}" ]] || trap 'rm -rf "$work"' EXIT
forward="${1:-$work/charlm-forward}"
backward="${2:-$work/charlm-backward}"
if [[ ! -f "$forward/summary.json" || ! -f "$backward/summary.json" ]]; then
  OMP_NUM_THREADS=1 ./seq4j train configs/charlm-brown.yaml --out "$forward" >"$work/forward.log" 2>&1 &
  OMP_NUM_THREADS=1 ./seq4j train configs/charlm-brown-backward.yaml --out "$backward" >"$work/backward.log" 2>&1
  wait
fi
scores() { # RUN -> "token accuracy, unseen-word accuracy" on the fiction
  ./seq4j eval "$1" --data data/brown/fiction.conll 2>/dev/null | python3 -c \
    'import json, sys; e = json.load(sys.stdin); print("%.4f  %.4f" % (e["tokenAccuracy"], e["oovAccuracy"]))'
}
printf '%-36s %s\n' "tagger (fiction.conll)" "token  unseen"
for seed in ${SEEDS:-42 7 11}; do
  for lm in ${VARIANTS:-without with}; do
    run="$work/tagger-$lm-$seed"
    extra=()
    [[ $lm != without ]] && extra=(--set "model.charLm=$forward" --set "model.charLmBackward=$backward")
    [[ $lm == tuned ]] && extra+=(--set "model.charLmTrainable=true")
    [[ -f "$run/summary.json" ]] || ./seq4j train configs/tagging.yaml --set seed="$seed" "${extra[@]}" --out "$run" \
      >"$run.log" 2>&1
    printf '%-36s %s\n' "$lm char-LM features (seed $seed)" "$(scores "$run")"
  done
done
