#!/usr/bin/env bash
# GPU benchmark (issue 14, item 6): a ViT-B/16 image encoder at 224 px (BiomedCLIP's vision-tower size, random
# weights, built as an ONNX graph in Java) on ONNX Runtime's CUDA execution provider at batch 1, 8, 32 and 128:
# images/s and per-call latency p50/p99. Ends with the bench's 'BENCH gpu ...' line.
#
# Usage: tools/gpu_bench.sh [more 'radshift bench gpu' options, e.g. --seconds 20]
#
# With an NVIDIA GPU (nvidia-smi lists one) it builds the GPU variant (mvn -Pgpu: the onnxruntime_gpu jar, which
# needs CUDA 12 and cuDNN 9 libraries on the machine) and measures CUDA. Without a GPU, or when the GPU build cannot
# be made, it says so on stderr and measures the CPU at batch 1 only, which proves the script and the graph work;
# such a run is never a GPU number.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cpu_check() {
  echo "gpu_bench: $1: measuring the CPU at batch 1 only (a check of the script, not a GPU number)" >&2
  shift
  ./radshift bench gpu --provider cpu --batches 1 --warmups 1 --calls 3 --seconds 0 "$@"
}

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
  cpu_check "no NVIDIA GPU on this machine (nvidia-smi finds none)" "$@"
  exit 0
fi
nvidia-smi -L >&2
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true

# The GPU build replaces target/radshift.jar; offline first (a GPU machine may have no network), then online.
echo "gpu_bench: building the GPU variant (mvn -Pgpu)..." >&2
if ! mvn -B -q -o -Pgpu -DskipTests package >&2 && ! mvn -B -q -Pgpu -DskipTests package >&2; then
  cpu_check "the GPU build failed (com.microsoft.onnxruntime:onnxruntime_gpu must be in the local Maven repository; \
run 'mvn -Pgpu -DskipTests package' once where the network is reachable)" "$@"
  exit 0
fi
status=0
java ${RADSHIFT_JAVA_OPTS:--Xmx8g} -jar target/radshift.jar bench gpu --provider cuda --batches 1,8,32,128 "$@" \
  || status=$?
# Back to the default CPU build, so that ./radshift does not keep running the GPU jar by accident.
touch pom.xml
exit "$status"
