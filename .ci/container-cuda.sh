#!/usr/bin/env bash
# The CUDA image, built and started (issue 26); not part of .ci/run, because its build downloads about 2.5 GB of CUDA
# and cuDNN jars. Builds `--target cuda` with rootful podman on the stand-in bases (as .ci/container.sh does) and, on a
# machine without a GPU, checks that `info` and `train` start, say in one line that no CUDA device is usable, and exit
# 1. On a machine with a GPU and the NVIDIA Container Toolkit, run the image yourself with --gpus all (Docker) or
# --device nvidia.com/gpu=all (podman with CDI); docs/docker.md.
# Needs root. Settings: IMAGE (seq4j-cuda-ci), KEEP=1 keeps the image.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
image=${IMAGE:-seq4j-cuda-ci}
source .ci/podman.sh
build_image "$image" --target cuda

if command -v nvidia-smi > /dev/null && nvidia-smi -L > /dev/null 2>&1; then
  step "this machine has a GPU: run the image with --device nvidia.com/gpu=all yourself; nothing more checked here"
  exit 0
fi
for command in info "train /data/configs/charlm.yaml --out /tmp/x"; do
  set +e
  # shellcheck disable=SC2086
  podman run --rm -v "$PWD:/data:ro" "$image" $command > /tmp/seq4j-cuda.out 2> /tmp/seq4j-cuda.err
  code=$?
  set -e
  [ "$code" = 1 ] || fail "$command exited $code, not 1: $(tail -3 /tmp/seq4j-cuda.err)"
  grep -q "found no usable CUDA device" /tmp/seq4j-cuda.err || fail "$command did not say why: $(tail -3 /tmp/seq4j-cuda.err)"
  [ "$(grep -c . /tmp/seq4j-cuda.err)" = 1 ] || fail "$command printed more than one line: $(cat /tmp/seq4j-cuda.err)"
  step "$command without a GPU: exit 1, $(cat /tmp/seq4j-cuda.err)"
done
if [ "${KEEP:-0}" != 1 ]; then podman rmi "$image" > /dev/null 2>&1 || true; fi
step "all passed"
