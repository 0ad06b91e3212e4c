#!/usr/bin/env bash
# MNIST, 10 epochs, one thread, from process start to exit: Lanes embedded in a plain JVM (java --add-modules
# jdk.incubator.vector -jar, nothing else), Lanes through src/bin/lanes (with its JIT flag), and the seed's NumPy
# script, one after the other in each round, so that every round sees the same load. ROUND_WRAPPER, when set, is put
# in front of each timed command (for example a script that pauses other work on a shared host). BASELINE_JAR, when
# set, also runs that jar in a plain JVM first in each round (an earlier build against this one: a target/lanes-*.jar
# with the lib/ folder its manifest names beside it, as a build leaves it).
# Prints one line per run: round, variant, wall seconds, first epoch and the median of the other epochs.
# Usage: jmh/mnist-rounds.sh [ROUNDS (default 3)] [DATA (default ../shared/data/mnist)]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
data="${2:-../shared/data/mnist}"
anchors=../shared/anchors
wrap=(${ROUND_WRAPPER:-})
mvn -B -q -ntp -DskipTests package >/dev/null
jar=target/lanes-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1).jar
args=(train --data "$data" --layers 512 --activation sigmoid --epochs 10 --lr 0.5 --batch 64 --threads 1 --no-tune)
epochs() { # first epoch, then the median of the others, from the train command's "epoch N/10 ... S s" lines
  grep -a -o 'epoch [0-9]*/10  loss .* [0-9.]* s ' | awk '{print $(NF-1)}' \
    | summary
}
summary() { # first value, then the median of the others
  awk 'NR==1{print "first", $1; next} {print "rest", $1}' | sort -k1,1 -k2,2n \
    | awk '$1=="first"{f=$2} $1=="rest"{v[n++]=$2} END {printf "first %.2f s, others median %.2f s", f, v[int(n/2)]}'
}
run() { # label, command...
  local label="$1"; shift
  local start end out
  start=$(date +%s.%N)
  out="$("${wrap[@]}" "$@" 2>&1)"
  end=$(date +%s.%N)
  printf 'round %s  %-22s wall %6.2f s  %s\n' "$r" "$label" "$(echo "$end - $start" | bc)" "$(echo "$out" | epochs)"
}
numpy() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 "$anchors/seed_mnist.py" "$data" 512 0.5 64 10
}
seed_epochs() {
  grep -a -o '([0-9.]* s/epoch)' | tr -d '(' | awk '{print $1}' | summary
}
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) CPUs; $(java -version 2>&1 | head -1)"
echo "# OpenBLAS core for NumPy: $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_VERBOSE=2 python3 -c 'import numpy' 2>&1 | grep -m1 Core || echo unknown)"
# How much of each core two busy threads get on this host right now (two-thread figures need both free).
if [ -f jmh/target/benchmarks.jar ]; then
  java -cp jmh/target/benchmarks.jar org.lanes.bench.CoreGaps 2 2 | sed 's/^/# /'
else
  echo "# (CoreGaps not run: jmh/target/benchmarks.jar is not built)"
fi
for r in $(seq 1 "$rounds"); do
  if [ -n "${BASELINE_JAR:-}" ]; then
    run "plain JVM, baseline" java --add-modules jdk.incubator.vector -jar "$BASELINE_JAR" "${args[@]}"
  fi
  run "plain JVM" java --add-modules jdk.incubator.vector -jar "$jar" "${args[@]}"
  run "src/bin/lanes" src/bin/lanes "${args[@]}"
  start=$(date +%s.%N); out="$("${wrap[@]}" bash -c "$(declare -f numpy); anchors=$anchors; data=$data; numpy" 2>&1)"; end=$(date +%s.%N)
  printf 'round %s  %-22s wall %6.2f s  %s\n' "$r" "seed NumPy script" "$(echo "$end - $start" | bc)" "$(echo "$out" | seed_epochs)"
done
