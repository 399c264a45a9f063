#!/usr/bin/env bash
# Does the recurrent model beat its classical baseline, or was one seed lucky? Trains a classification or
# tagging config (textclass, seriesclass or tagging), a forecasting config (test MASE against seasonal naive), or
# a seq2seq or caption config (word error rate of beam search against greedy decoding) with seeds 1..N (the seed drives the validation hold-out, the weight
# initialisation and the batch order, for the model and the baseline alike) and prints each run's validation
# and test accuracy next to the baseline's, then the mean, sample standard deviation and how often the
# model won on test. Runs go to $OUT (default: a temporary directory, removed afterwards). Needs python3.
#   bench/seeds.sh CONFIG [N] [--set key=value ...]       env: OUT, PARALLEL (default 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="$1"
n="${2:-10}"
shift $(( $# >= 2 ? 2 : 1 ))
# Build once, then run a copy of the jar in $out
source "$root/bench/frozen-jar.sh"
seq "$n" | xargs -P "${PARALLEL:-1}" -I{} bash -c '
  [ -f "$1/seed-$2/summary.json" ] && exit 0
  java -Djava.awt.headless=true -jar "$0" train "$3" --set seed=$2 --out "$1/seed-$2" "${@:4}" >/dev/null \
    2>"$1/seed-$2.log" || { echo "seed $2 failed: $(tail -1 "$1/seed-$2.log")" >&2; exit 1; }' \
  "$out/seq4j.jar" "$out" {} "$config" "$@"
python3 - "$out" "$n" <<'PY'
import json, statistics, sys
out, n = sys.argv[1], int(sys.argv[2])
rows = []
forecast = False
decoders = False
for seed in range(1, n + 1):
    s = json.load(open(f"{out}/seed-{seed}/summary.json"))
    b = s.get("baseline", {})
    if "validWordErrorRate" in s:
        # seq2seq and caption: word error rate (lower is better) of beam search and of greedy decoding
        decoders = True
        rows.append((seed, s["validWordErrorRate"], s["greedyValidWordErrorRate"], s.get("testWordErrorRate"),
                     s.get("greedyTestWordErrorRate"), s["bestEpoch"], s.get("testTokenErrorRate"), s["trainSeconds"]))
        continue
    if "testMase" in s:
        # forecasters: MASE (lower is better) on the held-out origins against seasonal naive on the same steps
        forecast = True
        rows.append((seed, s["validLoss"], None, s["testMase"], s["seasonalNaiveTestMase"], s["bestEpoch"], None, None))
        continue
    # classifiers report accuracy; taggers token accuracy (and accuracy on words unseen in training)
    key = "TokenAccuracy" if "validTokenAccuracy" in s else "Accuracy"
    rows.append((seed, s["valid" + key], b["valid" + key], s.get("test" + key), b.get("test" + key), s["bestEpoch"],
                 s.get("testOovAccuracy"), b.get("testOovAccuracy")))
if decoders:
    print(f"{'seed':>4} {'valid WER':>9} {'greedy':>7} {'test WER':>9} {'greedy':>7} {'test TER':>8} {'best epoch':>10} {'train s':>8}   (beam {s['beam']})")
    fmt = lambda v, w: " " * (w - 1) + "-" if v is None else f"{v:{w}.4f}"
    for r in rows:
        print(f"{r[0]:>4} {fmt(r[1], 9)} {fmt(r[2], 7)} {fmt(r[3], 9)} {fmt(r[4], 7)} {fmt(r[6], 8)} {r[5]:>10} {r[7]:8.0f}")
elif forecast:
    print(f"{'seed':>4} {'valid mse':>9} {'test MASE':>9} {'s.naive':>9} {'best epoch':>10}")
    fmt = lambda v: "        -" if v is None else f"{v:9.4f}"
    for r in rows:
        print(f"{r[0]:>4} {fmt(r[1])} {fmt(r[3])} {fmt(r[4])} {r[5]:>10}")
else:
    print(f"{'seed':>4} {'valid':>7} {'base valid':>10} {'test':>7} {'base test':>9} {'best epoch':>10}   ({b['model']})")
    fmt = lambda v: "      -" if v is None else f"{v:7.4f}"
    for r in rows:
        print(f"{r[0]:>4} {fmt(r[1])} {fmt(r[2]):>10} {fmt(r[3])} {fmt(r[4]):>9} {r[5]:>10}")
def stats(i):
    v = [r[i] for r in rows if r[i] is not None]
    return "      -" if not v else f"{statistics.mean(v):.4f} ± {statistics.stdev(v) if len(v) > 1 else 0:.4f}"
if decoders:
    print(f"mean ± sd: valid WER {stats(1)} (greedy {stats(2)}); test WER {stats(3)} (greedy {stats(4)}), TER {stats(6)}")
    if rows[0][3] is not None:
        ok = sum(r[3] <= r[4] for r in rows)
        print(f"beam search no worse than greedy on test in {ok} of {len(rows)} seeds")
    sys.exit(0)
if forecast:
    print(f"mean ± sd: valid mse {stats(1)}; test MASE {stats(3)}, seasonal naive {stats(4)}")
    wins = sum(r[3] is not None and r[4] is not None and r[3] < r[4] for r in rows)
    print(f"model's MASE below seasonal naive's in {wins} of {len(rows)} seeds")
    sys.exit(0)
print(f"mean ± sd: valid {stats(1)}, baseline valid {stats(2)}; test {stats(3)}, baseline test {stats(4)}")
if rows[0][6] is not None:
    print(f"test accuracy on words unseen in training: {stats(6)}, baseline {stats(7)}")
if rows[0][3] is not None:
    wins = sum(r[3] > r[4] for r in rows)
    print(f"model beat the baseline on test in {wins} of {len(rows)} seeds (ties {sum(r[3] == r[4] for r in rows)})")
PY
