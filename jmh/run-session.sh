#!/usr/bin/env bash
# One measuring session: the Lanes JMH benchmarks beside their baselines (the scalar path, OpenBLAS through
# org.bytedeco:openblas in the same JVM runs) and the NumPy/OpenBLAS anchors of ../shared/anchors, written to
# jmh/results/CPU/session-DATE/ (JMH JSON and the anchors' text output; CPU is zen3, zen4 or zen5 for the machines
# measured so far), which jmh/report.sh SESSION_DIR turns into a report (docs/performance/zen4-jmh.md).
#
# Usage (from anywhere):  jmh/run-session.sh [quick|full] [GROUP...]
#   quick: fewer shapes, one short fork each (5 min 19 s on this 2-core machine)
#   full:  every shape of the report, 2 forks each, about 40 minutes on 2 cores
#   GROUPs (default: all, starting from an empty session folder): gemm mlp scalar fused kernels exp numpy;
#   naming some re-runs only those and keeps the other results. LANES_RESULTS=DIR writes elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-full}"
case "$mode" in quick|full) ;; *) echo "usage: jmh/run-session.sh [quick|full] [GROUP...]" >&2; exit 2 ;; esac
shift || true
groups="${*:-all}"

# This CPU's folder under jmh/results/.
cpu_folder() {
  local family model
  family="$(awk -F': ' '/^cpu family/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
  model="$(awk -F': ' '/^model[[:space:]]/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)"
  case "$family/$model" in
    25/1) echo zen3 ;;
    25/17) echo zen4 ;;
    26/*) echo zen5 ;;
    *) echo "family${family:-unknown}-model${model:-unknown}" ;;
  esac
}
out="${LANES_RESULTS:-jmh/results/$(cpu_folder)/session-$(date -u +%F)}"
anchors=../shared/anchors
if [ "$groups" = all ]; then
  rm -rf "$out"
fi
mkdir -p "$out"
mvn -B -q -ntp install -DskipTests
(cd jmh && mvn -B -q -ntp package -DskipTests)
jar=jmh/target/benchmarks.jar
vec="--add-modules jdk.incubator.vector"

mlp_shapes="64-784-128-10,256-784-512-10,1024-784-1024-10,32-784-512-10,64-784-512-10,128-784-512-10,512-784-512-10,1024-784-512-10"
mlp_scalar_shapes="64-784-512-10,256-784-512-10"
mlp_step_shapes="64-784-128-10,256-784-512-10,1024-784-1024-10"
seed_seconds=10
pair_rounds=3
pair_opts="-f 1 -wi 10 -w 1 -i 5 -r 1"
gemm_mlp="NN:256:512:784,NT:256:512:784,TN:256:512:784,TT:256:512:784,TN:784:512:256,NT:256:784:512,NN:256:10:512,TN:512:10:256,NT:256:512:10"
if [ "$mode" = quick ]; then
  opts="-f 1 -wi 2 -w 500ms -i 3 -r 500ms"
  mlp_opts="$opts"
  kernel_opts="$opts"
  squares="NN:128:128:128,NN:512:512:512,NN:1024:1024:1024"
  gemm_mlp="NN:256:512:784,TN:784:512:256,NT:256:784:512,NN:256:10:512,TN:512:10:256"
  scalar_squares="NN:128:128:128,NN:512:512:512"
  kernel_shapes="256x512,1024x1024"
  mlp_shapes="64-784-128-10,256-784-512-10,1024-784-1024-10,64-784-512-10"
  mlp_scalar_shapes="256-784-512-10"
  mlp_step_shapes="256-784-512-10"
  seed_seconds=3
  pair_rounds=1
  pair_opts="$opts"
else
  opts="-f 2 -wi 3 -w 1 -i 5 -r 1"
  # 10 s of warm-up: a 1024-784-1024 step takes 37 ms, and C2 needs about 7 s of steps to compile every kernel.
  mlp_opts="-f 2 -wi 10 -w 1 -i 5 -r 1"
  kernel_opts="-f 1 -wi 3 -w 1 -i 3 -r 1"
  squares="NN:64:64:64,NN:128:128:128,NN:256:256:256,NN:512:512:512,NN:1024:1024:1024,NN:2048:2048:2048"
  scalar_squares="NN:64:64:64,NN:128:128:128,NN:256:256:256,NN:512:512:512"
  kernel_shapes="256x512,256x10,1024x1024,4096x4096"
fi

# Runs a command and records it in commands.txt, which the report quotes.
run() {
  echo "$*" >> "$out/commands.txt"
  "$@"
}
wanted() {
  [ "$groups" = all ] || [[ " $groups " == *" $1 "* ]]
}
echo "# jmh/run-session.sh $mode $groups, $(date -u +%Y-%m-%dT%H:%MZ)" >> "$out/commands.txt"

if [ "$groups" = all ]; then
  {
    echo "JDK: $(java -version 2>&1 | head -1)"
    echo "CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
    echo "OS: $(uname -sr)"
  } > "$out/machine.txt"
  if command -v gcc >/dev/null && [ -f "$anchors/peak.c" ]; then
    gcc -O2 -o "$out/peak" "$anchors/peak.c" && run "$out/peak" > "$out/peak.txt"; rm -f "$out/peak"
  fi
fi

for t in 1 2; do
  if wanted gemm; then
    run env OPENBLAS_NUM_THREADS=$t java -jar $jar "GemmBench|OpenBlasBench" $opts -prof gc -p shape=$squares,$gemm_mlp \
      -jvmArgsAppend "$vec -Dlanes.threads=$t" -rf json -rff "$out/gemm-t$t.json" > "$out/gemm-t$t.txt"
    [ -d $anchors ] && run env OPENBLAS_NUM_THREADS=$t python3 $anchors/openblas_sgemm.py > "$out/openblas-t$t.txt"
  fi
  if wanted mlp; then
    run java -jar $jar MlpBench $mlp_opts -prof gc -p shape=$mlp_shapes \
      -jvmArgsAppend "$vec -Dlanes.threads=$t" -rf json -rff "$out/mlp-t$t.json" > "$out/mlp-t$t.txt"
    [ -d $anchors ] && run env OPENBLAS_NUM_THREADS=$t python3 $anchors/seed_mlp.py > "$out/seed-mlp-t$t.txt"
    # Every step timed on both sides, for a statistic-for-statistic comparison (the anchor prints its best only).
    run java -jar $jar MlpBench $mlp_opts -bm sample -p shape=$mlp_step_shapes \
      -jvmArgsAppend "$vec -Dlanes.threads=$t" -rf json -rff "$out/mlp-sample-t$t.json" > "$out/mlp-sample-t$t.txt"
    [ -d $anchors ] && run env OPENBLAS_NUM_THREADS=$t python3 jmh/seed_steps.py --anchors $anchors \
      --seconds $seed_seconds --shapes $mlp_step_shapes > "$out/seed-steps-t$t.txt"
    # The headline shape again, Lanes and the seed one after the other, round after round: the machine's load
    # drifts within minutes, and a single pair can fall on either side of a change.
    for r in $(seq 1 $pair_rounds); do
      run java -jar $jar MlpBench $pair_opts -bm sample -p shape=256-784-512-10 \
        -jvmArgsAppend "$vec -Dlanes.threads=$t" -rf json -rff "$out/mlp-pair-t$t-r$r.json" > "$out/mlp-pair-t$t-r$r.txt"
      [ -d $anchors ] && run env OPENBLAS_NUM_THREADS=$t python3 jmh/seed_steps.py --anchors $anchors \
        --seconds $seed_seconds --shapes 256-784-512-10 > "$out/seed-pair-t$t-r$r.txt"
    done
  fi
done
if wanted scalar; then
  run java -jar $jar GemmBench $opts -p shape=$scalar_squares,NN:256:512:784 \
    -jvmArgsAppend "-Dlanes.vector=false -Dlanes.threads=1" -rf json -rff "$out/gemm-scalar.json" > "$out/gemm-scalar.txt"
  run java -jar $jar MlpBench $opts -p shape=$mlp_scalar_shapes \
    -jvmArgsAppend "-Dlanes.vector=false -Dlanes.threads=1" -rf json -rff "$out/mlp-scalar.json" > "$out/mlp-scalar.txt"
  run java -jar $jar FusedBench $opts -jvmArgsAppend "-Dlanes.vector=false -Dlanes.threads=1" \
    -rf json -rff "$out/fused-scalar.json" > "$out/fused-scalar.txt"
fi
if wanted fused; then
  run java -jar $jar FusedBench $opts -prof gc -jvmArgsAppend "$vec -Dlanes.threads=1" -rf json -rff "$out/fused.json" > "$out/fused.txt"
fi
if wanted kernels; then
  run java -jar $jar KernelBench $kernel_opts -prof gc -p shape=$kernel_shapes \
    -jvmArgsAppend "$vec -Dlanes.threads=1" -rf json -rff "$out/kernels.json" > "$out/kernels.txt"
fi
if wanted exp; then
  run java -jar $jar ExpBench $kernel_opts -jvmArgsAppend "$vec -Dlanes.threads=1" -rf json -rff "$out/exp.json" > "$out/exp.txt"
fi
if wanted numpy && [ -d $anchors ]; then
  run env OPENBLAS_NUM_THREADS=1 python3 $anchors/numpy_elementwise.py > "$out/numpy-elementwise.txt"
fi
[ -d $anchors ] || echo "no $anchors: the NumPy and seed columns stay empty" >&2

echo "session written to $out; jmh/report.sh $out turns it into a report"
