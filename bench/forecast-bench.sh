#!/usr/bin/env bash
# Forecasting on series it was not tuned for (issue 31): every CSV given (default: data/forecast-bench/*.csv and
# data/statsmodels' elec_equip, nile and sunspots) trained with a config that sets nothing but the file, the horizon
# (M4's: 18 monthly, 8 quarterly, 6 yearly, from the time column) and model.forecaster (default auto), scored on its
# last horizon (data.origins 1) and over ORIGINS rolling origins (data.origins ORIGINS), seeds 1..SEEDS. Prints, per
# series and seed, the method the run chose and the test MASE of the run, seasonal naive, ETS and Theta, then the
# counts and means the issue asks for. Runs go to $OUT (default: a temporary directory, removed afterwards).
# RELATIVE, when set, adds data.relative (e.g. last, to compare with the default season); ENSEMBLE adds model.ensemble;
# SET, space-separated key=value pairs, is passed to train as --set options (e.g. SET='model.layers=[32]').
#   bench/forecast-bench.sh [CSV ...]   env: SEEDS (1), ORIGINS (12), FORECASTER (auto), RELATIVE, ENSEMBLE, SET,
#                                       PARALLEL (1), OUT
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -eq 0 ]]; then
  set -- "$root"/data/forecast-bench/*.csv "$root"/data/statsmodels/{elec_equip,nile,sunspots}.csv
fi
source "$root/bench/frozen-jar.sh"
seeds="${SEEDS:-1}"
rolling="${ORIGINS:-12}"
forecaster="${FORECASTER:-auto}"
export RELATIVE="${RELATIVE:-}" ENSEMBLE="${ENSEMBLE:-}" SET="${SET:-}"
# one job a line: name seed origins file horizon
jobs="$out/jobs.txt"
: > "$jobs"
for f in "$@"; do
  name="$(basename "$f" .csv)"
  # M4's horizons, from the spacing of the first two times: ISO months (or quarters) or plain years
  h="$(python3 - "$f" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:3]
a, b = rows[0][0].strip(), rows[1][0].strip()
if "-" in a:
    months = (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7])
    print(8 if months == 3 else 18)
else:
    print(6)
PY
)"
  for s in $(seq "$seeds"); do
    for o in 1 "$rolling"; do
      echo "$name $s $o $f $h $forecaster" >> "$jobs"
    done
  done
done
xargs -P "${PARALLEL:-1}" -L 1 bash -c '
  dir="$0/$1-o$3-s$2"
  [ -f "$dir/summary.json" ] && exit 0
  printf "task: forecast\nseed: %s\ndata:\n  train: %s\n  horizon: %s\n  origins: %s\n%bmodel:\n  forecaster: %s\n%b" \
    "$2" "$4" "$5" "$3" "${RELATIVE:+  relative: $RELATIVE\n}" "$6" "${ENSEMBLE:+  ensemble: $ENSEMBLE\n}" > "$dir.yaml"
  sets=(); for kv in $SET; do sets+=(--set "$kv"); done
  java -Djava.awt.headless=true -jar "$0/seq4j.jar" train "$dir.yaml" --out "$dir" "${sets[@]}" >/dev/null 2>"$dir.log" \
    || echo "$1 seed $2 origins $3 failed: $(tail -1 "$dir.log")" >&2' "$out" < "$jobs" || true
python3 - "$out" "$jobs" <<'PY'
import json, os, statistics, sys
out, jobs = sys.argv[1], sys.argv[2]
rows = [l.split() for l in open(jobs) if l.strip()]
results = {}
covered = {}
print(f"{'series':<28}{'seed':>5}{'origins':>8}  {'method':<18}{'model':>8}{'snaive':>8}{'ets':>8}{'theta':>8}{'cov.':>6}{'secs':>7}")
for name, seed, origins, f, h, *_ in rows:
    path = os.path.join(out, f"{name}-o{origins}-s{seed}", "summary.json")
    if not os.path.exists(path):
        print(f"{name:<28}{seed:>5}{origins:>8}  failed")
        continue
    s = json.load(open(path))
    t = s["test"]
    m = (s.get("method") or {}).get("name", "network")
    r = dict(model=s["testMase"], snaive=t["seasonalNaive"]["mase"], ets=t["ets"]["mase"], theta=t["theta"]["mase"])
    results.setdefault(origins, []).append((name, seed, m, r))
    iv = s.get("intervals")
    if iv:  # pooled over the test values: each run's share times its values
        n = sum(e["steps"] for e in t["model"]["perTarget"].values())
        c = covered.setdefault(origins, [0.0, 0])
        c[0] += iv["testCoverage"] * n
        c[1] += n
    cov = f"{iv['testCoverage']:>6.2f}" if iv else f"{'-':>6}"
    # an ensemble's members alone: the mean of their own test MASE (the network's, whatever the run chose)
    alone = [x["testMase"] for x in s.get("members") or [] if x.get("testMase") is not None]
    print(f"{name:<28}{seed:>5}{origins:>8}  {m:<18}" + "".join(f"{r[k]:>8.3f}" for k in r) + cov
          + f"{s['runSeconds']:>7.0f}" + (f"  members alone {statistics.mean(alone):.3f}" if alone else ""))
for origins, rs in sorted(results.items(), key=lambda x: int(x[0])):
    beat = sum(r["model"] < r["snaive"] for _, _, _, r in rs)
    mean = {k: statistics.mean(r[k] for _, _, _, r in rs) for k in rs[0][3]}
    print(f"origins {origins}: {len(rs)} runs; model MASE below seasonal naive's in {beat}; mean MASE "
          + ", ".join(f"{k} {v:.3f}" for k, v in mean.items())
          + (f"; 90% intervals held {covered[origins][0] / covered[origins][1]:.1%} of {covered[origins][1]} test values"
             if origins in covered else ""))
PY
