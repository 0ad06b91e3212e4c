#!/usr/bin/env bash
# Lanes against OpenBLAS, alternating block by block in one JVM (org.lanes.bench.PairedGemm), one JVM per
# thread count (OpenBLAS reads its thread count once, when it loads).
# Usage: jmh/paired.sh [--threads 1,2] [--rounds 15] [--block-ms 60] [SHAPE...]   (SHAPE: FORM:m:n:k)
#        jmh/paired.sh --scaling 2 [--rounds 15] [SHAPE...]   Lanes on 1 thread against Lanes on 2, no OpenBLAS
#        jmh/paired.sh --direct [--rounds 15] SHAPE...         Lanes' direct path against its packed path, 1 thread
#        --other-shapes (any form): 64- and 128-bit vector code runs first, as in an application that uses them
# Extra JVM flags through LANES_JVM (for example LANES_JVM=-XX:UseAVX=2 with OPENBLAS_CORETYPE=Haswell).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=jmh/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find src jmh/src -newer "$jar" -name '*.java' | head -1)" ]; then
  mvn -B -q -ntp install -DskipTests
  (cd jmh && mvn -B -q -ntp package -DskipTests)
fi
threads=1,2
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --scaling) threads="$2"; args+=("$1" "$2"); shift 2 ;;
    --direct) threads=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
# OpenBLAS's idle threads spin after each multi-threaded call unless told to sleep at once.
export OPENBLAS_THREAD_TIMEOUT=4
for t in ${threads//,/ }; do
  OPENBLAS_NUM_THREADS=$t java --add-modules jdk.incubator.vector ${LANES_JVM:-} -cp "$jar" \
    org.lanes.bench.PairedGemm --threads "$t" "${args[@]}" 2>&1 | grep -v '^WARNING: Using incubator'
done
