#!/usr/bin/env bash
# Contextual char-LM features for the sentiment classifier (issue 30): configs/textclass.yaml (trained on Yelp,
# tested on Amazon) with and without the states of a forward and a backward character language model, Amazon
# accuracy per seed against the bag-of-words logistic regression the run trains on the same split.
#
#   bench/charlm-textclass.sh FORWARD_RUN BACKWARD_RUN [--set KEY=VALUE ...]   e.g. the two runs
#                          bench/charlm-tagger.sh trains (configs/charlm-brown.yaml, charlm-brown-backward.yaml);
#                          the --set options go to the runs with features
#   SEEDS="42 7 11"  WORK=DIR (kept, runs in it reused; default a temporary one)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
[[ $# -ge 2 ]] || { echo "usage: bench/charlm-textclass.sh FORWARD_RUN BACKWARD_RUN [--set KEY=VALUE ...]" >&2; exit 2; }
forward="$1"
backward="$2"
shift 2
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "${WORK:-}" ]] || trap 'rm -rf "$work"' EXIT
scores() { # RUN -> "model accuracy, bag of words" on Amazon (the run's data.test)
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1] + "/summary.json"))
print("%.3f  %.3f" % (s["testAccuracy"], s["baseline"]["testAccuracy"]))' "$1"
}
printf '%-36s %s\n' "classifier (Amazon)" "model  bag of words"
for seed in ${SEEDS:-42 7 11}; do
  for lm in without with; do
    run="$work/textclass-$lm-$seed"
    extra=()
    [[ $lm == with ]] && extra=(--set "model.charLm=$forward" --set "model.charLmBackward=$backward" "$@")
    [[ -f "$run/summary.json" ]] || ./seq4j train configs/textclass.yaml --set seed="$seed" "${extra[@]}" \
      --out "$run" >"$run.log" 2>&1
    printf '%-36s %s\n' "$lm char-LM features (seed $seed)" "$(scores "$run")"
  done
done
