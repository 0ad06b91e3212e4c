#!/usr/bin/env bash
# One measuring session: Lanes JMH benchmarks beside the NumPy/OpenBLAS anchors, written to jmh/results/.
# Usage: jmh/run-session.sh [quick]   (run from the repository root; needs ../shared/anchors for the anchors)
set -euo pipefail
cd "$(dirname "$0")/.."
out=jmh/results
mkdir -p "$out"
mvn -B -q -ntp install -DskipTests
(cd jmh && mvn -B -q -ntp package)
jar=jmh/target/benchmarks.jar
vec="--add-modules jdk.incubator.vector"
opts="-f 2 -wi 3 -w 1 -i 5 -r 1"
[ "${1:-}" = quick ] && opts="-f 1 -wi 2 -w 1 -i 3 -r 1"
anchors=../shared/anchors
java -version 2>&1 | head -1 > "$out/machine.txt"; lscpu | grep -E "Model name|^CPU\(s\)" >> "$out/machine.txt"

for t in 1 2; do
  java -jar $jar MlpBench $opts -jvmArgsAppend "$vec -Dlanes.threads=$t" -rf json -rff "$out/mlp-t$t.json" > "$out/mlp-t$t.txt"
  [ -d $anchors ] && OPENBLAS_NUM_THREADS=$t python3 $anchors/seed_mlp.py > "$out/seed-mlp-t$t.txt" || true
  java -jar $jar GemmBench $opts -p shape=NN:64:64:64,NN:128:128:128,NN:256:256:256,NN:512:512:512,NN:1024:1024:1024,NN:2048:2048:2048,NN:256:512:784,TN:784:512:256,NT:256:784:512,NN:256:10:512,TN:512:10:256 \
    -jvmArgsAppend "$vec -Dlanes.threads=$t" -rf json -rff "$out/gemm-t$t.json" > "$out/gemm-t$t.txt"
  [ -d $anchors ] && OPENBLAS_NUM_THREADS=$t python3 $anchors/openblas_sgemm.py > "$out/openblas-t$t.txt" || true
done
java -jar $jar FusedBench $opts -prof gc -jvmArgsAppend "$vec -Dlanes.threads=1" -rf json -rff "$out/fused.json" > "$out/fused.txt"
java -jar $jar KernelBench -f 1 -wi 3 -w 1 -i 3 -r 1 -prof gc -jvmArgsAppend "$vec -Dlanes.threads=1" -rf json -rff "$out/kernels.json" > "$out/kernels.txt"
[ -d $anchors ] && OPENBLAS_NUM_THREADS=1 python3 $anchors/numpy_elementwise.py > "$out/numpy-elementwise.txt" || true
java -jar $jar "GemmBench|MlpBench" -f 1 -wi 3 -w 1 -i 3 -r 1 -p shape=NN:512:512:512,NN:256:512:784,256-784-512-10 -prof gc -jvmArgsAppend "$vec -Dlanes.threads=2" > "$out/gc.txt"
echo done > "$out/DONE"
