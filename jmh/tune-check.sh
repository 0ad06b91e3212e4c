#!/usr/bin/env bash
# The tuner from nothing but the ISA (-Dlanes.arch=generic, caches hidden, no wisdom) against the best
# configuration Lanes knows for this CPU, paired in one JVM (org.lanes.bench.TuneCheck), on the working tree's
# classes: it compiles only what it needs (no install). Name the CPU beside the result.
# Usage: jmh/tune-check.sh [--seconds 40] [--rounds 15] [--block-ms 60] [SHAPE...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d target/classes/org/lanes ] || [ -n "$(find src/main -newer target/classes/org/lanes/Lanes.class -name '*.java' | head -1)" ]; then
  mvn -B -q -ntp compile
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# A copy of the classes, so that a build during the run cannot change what it loads.
cp -r target/classes "$out/lib"
javac --release 17 -nowarn -cp "$out/lib" -sourcepath jmh/src/main/java -d "$out/bench" jmh/src/main/java/org/lanes/bench/PairedBlocks.java \
  jmh/src/main/java/org/lanes/bench/TuneCheck.java
grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/^/# CPU: /' || true
java --add-modules jdk.incubator.vector -Dlanes.arch=generic -Dlanes.caches=default -Dlanes.wisdom=none \
  ${LANES_JVM:-} -cp "$out/lib:$out/bench" org.lanes.bench.TuneCheck "$@" 2>&1 | grep -v '^WARNING: Using incubator'
