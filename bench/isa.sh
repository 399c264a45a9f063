# Sourced by the peer scripts (g2p.sh, inference.sh, e2e.sh): the instruction-set limits of `seq4j bench --isa` for
# ISA=native|avx2|avx512. Sets `jvm` (the JIT's -XX:UseAVX for a java command line) and `peer_env` (PyTorch's ATen
# limit, for `env`), exports OpenBLAS's and oneDNN's limits (seq4j's native libraries read them; the peer's OpenBLAS
# reads OPENBLAS_CORETYPE too) and adds the JIT's to SEQ4J_JAVA_OPTS for the ./seq4j launcher. Keep it the same as
# src/main/java/dev/seq4j/bench/Isa.java.
jvm=()
peer_env=()
case "${ISA:-native}" in
  native) ;;
  avx2) jvm=(-XX:UseAVX=2); export OPENBLAS_CORETYPE=Haswell ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2
        peer_env=(ATEN_CPU_CAPABILITY=avx2) ;;
  avx512) jvm=(-XX:UseAVX=3); export OPENBLAS_CORETYPE=SkylakeX ONEDNN_MAX_CPU_ISA=AVX512_CORE DNNL_MAX_CPU_ISA=AVX512_CORE
        peer_env=(ATEN_CPU_CAPABILITY=avx512) ;;
  *) echo "$(basename "$0"): ISA must be native, avx2 or avx512, not '$ISA'" >&2; exit 2 ;;
esac
if (( ${#jvm[@]} )); then
  export SEQ4J_JAVA_OPTS="${SEQ4J_JAVA_OPTS:-} ${jvm[*]}"
fi
peer_env+=(PEER_ISA_LIMIT="${ISA:-native}")    # never empty, so that "${peer_env[@]}" is safe under set -u
