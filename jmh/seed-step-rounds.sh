#!/usr/bin/env bash
# The seed's training step, Lanes against NumPy, one after the other for every case of every round, so that each pair
# sees the same load: MlpBench in JMH's sample mode (a fork with --add-modules jdk.incubator.vector and nothing else
# but -Dlanes.threads, 10 s of warm-up, 5 s timed) and jmh/seed_steps.py (the seed's own TwoLayerMLP, every step
# timed, OpenBLAS on its full-speed kernels: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset). Cases: threads x shapes x
# inputs (random values, or the first MNIST training images). Prints, per case, the best and median step of each
# and the ratios NumPy / Lanes (above 1 when Lanes is faster).
# Usage: jmh/seed-step-rounds.sh [ROUNDS (default 2)] [THREADS (default "1 2")] [SHAPES (default
#        "256-784-512-10 64-784-128-10")] [DATA (default "random mnist")]
# The working tree's library classes go first on the class path, so no install is needed; MNIST is read from
# ../shared/data/mnist (the mnist cases stop with a message when it is absent). ROUND_WRAPPER, when set, is put in
# front of each timed command (for example a script that pauses other work on a shared host).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"
threads="${2:-1 2}"
shapes="${3:-256-784-512-10 64-784-128-10}"
datas="${4:-random mnist}"
wrap=(${ROUND_WRAPPER:-})
mvn -B -q -ntp -DskipTests package >/dev/null
(cd jmh && mvn -B -q -ntp -DskipTests package >/dev/null)
mnist="$(pwd)/../shared/data/mnist"
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs; $(java -version 2>&1 | head -1)"
echo "# OpenBLAS core for NumPy: $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_VERBOSE=2 python3 -c 'import numpy' 2>&1 | grep -m1 Core || echo unknown)"
# How much of each core two busy threads get on this host right now (two-thread figures need both free).
java -cp jmh/target/benchmarks.jar org.lanes.bench.CoreGaps 2 2 | sed 's/^/# /'
for r in $(seq 1 "$rounds"); do
  for t in $threads; do
    for s in $shapes; do
      for d in $datas; do
        lanes="$("${wrap[@]}" java -cp target/classes:jmh/target/benchmarks.jar org.openjdk.jmh.Main MlpBench.trainStep \
          -p shape="$s" -p data="$d" -bm sample -tu ms -f 1 -wi 10 -w 1 -i 5 -r 1 \
          -jvmArgs "--add-modules jdk.incubator.vector -Dlanes.threads=$t -Dlanes.mnist=$mnist" 2>&1)"
        lbest=$(echo "$lanes" | awk '/p0.00 /{print $(NF-1)}' | tail -1)
        lmed=$(echo "$lanes" | awk '/p0.50 /{print $(NF-1)}' | tail -1)
        numpy="$("${wrap[@]}" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" \
          python3 jmh/seed_steps.py --seconds 5 --shapes "$s" --data "$d" --mnist "$mnist")"
        nbest=$(echo "$numpy" | sed -n 's/.* best \([0-9.]*\) .*/\1/p')
        nmed=$(echo "$numpy" | sed -n 's/.* median \([0-9.]*\) .*/\1/p')
        if [ -z "$lbest" ] || [ -z "$nbest" ]; then
          echo "round $r threads $t $s $d: no result"; echo "$lanes" | tail -5; echo "$numpy" | tail -2; continue
        fi
        printf 'round %s threads %s %-15s %-6s Lanes best %s median %s ms  NumPy best %s median %s ms  ratio best %.2f median %.2f\n' \
          "$r" "$t" "$s" "$d" "$lbest" "$lmed" "$nbest" "$nmed" "$(echo "$nbest / $lbest" | bc -l)" "$(echo "$nmed / $lmed" | bc -l)"
      done
    done
  done
done
