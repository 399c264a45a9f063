#!/usr/bin/env bash
# The CUDA image is not built in CI (its jars are about 2.5 GB; .ci/container-cuda.sh builds it where that is
# affordable), but it must stay the CPU image with another build: the same instructions but for the stage names, the
# Maven profile and the NVIDIA variable. This reads the Dockerfile and says where the cuda stages differ.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dockerfile=Dockerfile
python3 - "$dockerfile" <<'PY'
import re, sys
stages, name = {}, None
for line in open(sys.argv[1]):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    m = re.match(r"FROM (\S+) AS (\S+)", line)
    if m:
        name = m.group(2)
        stages[name] = ["FROM " + m.group(1)]
        continue
    stages[name].append(line)
def norm(lines, build):
    return [l.replace("--from=" + build, "--from=BUILD") for l in lines if not l.startswith("ENV NVIDIA_")]
cpu, cuda = norm(stages["cpu"], "build"), norm(stages["cuda"], "build-cuda")
if cpu != cuda:
    sys.exit("docker-equivalent: the cuda stage differs from the cpu stage:\n" + "\n".join(
        f"  cpu: {a}\n  cuda: {b}" for a, b in zip(cpu, cuda) if a != b) + f"\n  ({len(cpu)} and {len(cuda)} lines)")
def build(lines, profile):
    return [l.replace(profile, "PROFILE") for l in lines if not l.startswith("ARG ")]
a = build([l.replace('"${MAVEN_PROFILE}"', "cpu") for l in stages["build"]], "cpu")
b = build(stages["build-cuda"], "cuda,cuda-redist")
if a != b:
    sys.exit("docker-equivalent: the build-cuda stage differs from the build stage:\n" + "\n".join(
        f"  build: {x}\n  build-cuda: {y}" for x, y in zip(a, b) if x != y))
print("== Dockerfile: the cuda stages match the cpu ones (" + str(len(cpu)) + " runtime instructions)")
PY

