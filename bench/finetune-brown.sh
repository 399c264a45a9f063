#!/usr/bin/env bash
# Fine-tuning a tagger to another genre (issue 29): the Brown press tagger (configs/tagging.yaml) against a tagger
# trained from scratch on a small part of general fiction, and the press tagger fine-tuned on that part
# (train --init, initVocab keep and extend), all scored by token accuracy on held-out fiction.
#
# data/brown/fiction.conll holds fiction files ck01-ck08; split at its -DOCSTART- lines (whole files):
#   train ck01-ck02 (313 sentences, 4,765 tokens)   valid ck03-ck04 (4,606 tokens)   test ck05-ck08 (9,690 tokens)
#
#   bench/finetune-brown.sh   PRESS_SEEDS="42 7 11" (press taggers)  SEEDS="1 2 3" (each fine-tuning or small-data run's)
#                             WORK=DIR (kept, runs in it reused; default a temporary one)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
seeds="${SEEDS:-1 2 3}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
[[ -n "${WORK:-}" ]] || trap 'rm -rf "$work"' EXIT

awk -v dir="$work" '/^-DOCSTART-/ { doc++ }
  { print > (dir "/" (doc <= 2 ? "fiction-train" : doc <= 4 ? "fiction-valid" : "fiction-test") ".conll") }' \
  data/brown/fiction.conll
fiction=(--set "data.train=$work/fiction-train.conll" --set "data.valid=$work/fiction-valid.conll"
         --set "data.test=$work/fiction-test.conll")

accuracy() { # RUN -> token accuracy on the held-out fiction
  ./seq4j eval "$1" --data "$work/fiction-test.conll" 2>/dev/null \
    | python3 -c 'import json, sys; print("%.4f" % json.load(sys.stdin)["tokenAccuracy"])'
}

printf '%-48s %s\n' "model" "fiction test token accuracy"
for seed in $seeds; do
  [[ -f "$work/scratch-$seed/summary.json" ]] || ./seq4j train configs/tagging.yaml "${fiction[@]}" --set seed="$seed" \
    --set train.epochs=30 --set train.patience=5 --out "$work/scratch-$seed" >/dev/null 2>"$work/scratch-$seed.log"
  printf '%-48s %s\n' "fiction from scratch (seed $seed)" "$(accuracy "$work/scratch-$seed")"
done
for press in ${PRESS_SEEDS:-42 7 11}; do
  p="$work/press-$press"
  [[ -f "$p/summary.json" ]] || ./seq4j train configs/tagging.yaml --set seed="$press" --out "$p" >/dev/null 2>"$p.log"
  printf '%-48s %s\n' "press (configs/tagging.yaml, seed $press)" "$(accuracy "$p")"
  for seed in $seeds; do
    for vocab in keep extend; do
      r="$work/$vocab-$press-$seed"
      [[ -f "$r/summary.json" ]] || ./seq4j train configs/tagging.yaml "${fiction[@]}" --set seed="$seed" --init "$p" \
        --set train.initVocab=$vocab --out "$r" >/dev/null 2>"$r.log"
      printf '%-48s %s\n' "  fine-tuned on fiction, $vocab (seed $seed)" "$(accuracy "$r")"
    done
  done
done
