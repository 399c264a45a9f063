# Sourced by bench scripts that train many runs (after setting root): $out is $OUT, or a temporary directory removed
# on exit, and holds a copy of the jar built now, so that rebuilding the project meanwhile cannot change the runs.
out="${OUT:-}"
if [[ -z "$out" ]]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
"$root/seq4j" --version >/dev/null
cp "$root/target/seq4j.jar" "$out/seq4j.jar"
ln -sfn "$root/target/lib" "$out/lib"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
