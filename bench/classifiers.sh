#!/usr/bin/env bash
# Which nd4j-native build trains recurrent models fastest on this machine?
# For each classifier and OMP_NUM_THREADS value, trains the char LM (configs/charlm.yaml, or the
# config given as $1) for 2 epochs of $BATCHES minibatches and reports epoch 2's tokens/s (epoch 1 warms up).
# The classifier jars come from the local Maven repository (fetched with mvn dependency:get if missing).
#   bench/classifiers.sh [CONFIG] [--set ...]       env: CLASSIFIERS, THREADS, BATCHES, REPEATS
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
config="${1:-configs/charlm.yaml}"
shift || true
classifiers="${CLASSIFIERS:-linux-x86_64 linux-x86_64-avx2 linux-x86_64-avx512 linux-x86_64-onednn-avx2 linux-x86_64-onednn-avx512}"
threads="${THREADS:-1 2}"
batches="${BATCHES:-15}"
repeats="${REPEATS:-2}"
repo="${HOME}/.m2/repository"
[[ -f target/seq4j.jar && -d target/lib ]] || ./mvnw -B -q -DskipTests package
jar_of() { echo "$repo/org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-$1.jar"; }
base=$(find target/lib -name '*.jar' ! -name 'nd4j-native-1.0.0-M2.1-linux-*' | sort | tr '\n' ':')
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
printf '%-28s %-7s %s\n' classifier threads "tokens/s (epoch 2, each repeat)"
for c in $classifiers; do
  [[ -f "$(jar_of "$c")" ]] || mvn -q dependency:get -Dartifact="org.nd4j:nd4j-native:1.0.0-M2.1:jar:$c" -Dtransitive=false >/dev/null
  cp="target/seq4j.jar:${base}$(jar_of "$c")"
  if [[ "$c" == *onednn* ]]; then
    for d in "" "-linux-x86_64"; do
      f="$repo/org/bytedeco/dnnl/2.5.2-1.5.7/dnnl-2.5.2-1.5.7$d.jar"
      [[ -f "$f" ]] || mvn -q dependency:get -Dartifact="org.bytedeco:dnnl:2.5.2-1.5.7${d:+:jar:linux-x86_64}" -Dtransitive=false >/dev/null
      cp="$cp:$f"
    done
  fi
  for t in $threads; do
    results=""
    for r in $(seq "$repeats"); do
      run="$out/$c-$t-$r"
      OMP_NUM_THREADS=$t java -Djava.awt.headless=true -cp "$cp" dev.seq4j.cli.Seq4j train "$config" "$@" \
        --set train.epochs=2 --set train.maxBatches="$batches" --set train.patience=0 --set train.sampleLength=0 \
        --set train.maxMinutes=0 --out "$run" >/dev/null 2>"$run.log" || { echo "$c failed: $(tail -1 "$run.log")"; continue 2; }
      results="$results $(awk -F, 'NR==3 {printf "%.0f", $7}' "$run/metrics.csv")"
    done
    printf '%-28s %-7s %s\n' "$c" "$t" "$results"
  done
done
