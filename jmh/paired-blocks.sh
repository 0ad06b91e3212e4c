#!/usr/bin/env bash
# Block-size candidates against the configuration Lanes picks at start-up, alternating block by block in one JVM
# (org.lanes.bench.PairedBlocks), on the working tree's classes: it compiles only what it needs (no install).
# Usage: jmh/paired-blocks.sh [--threads N] [--rounds 15] [--block-ms 60] --candidate KC:MC:NC... SHAPE...
#        jmh/paired-blocks.sh --direct [--rounds 15] SHAPE...   the direct path against packing, one thread
# Extra JVM flags (for example -Dlanes.arch=generic -Dlanes.caches=default) through LANES_JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d target/classes/org/lanes ] || [ -n "$(find src/main -newer target/classes/org/lanes/Lanes.class -name '*.java' | head -1)" ]; then
  mvn -B -q -ntp compile
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# A copy of the classes, so that a build during the run cannot change what it loads.
cp -r target/classes "$out/lib"
javac --release 17 -nowarn -cp "$out/lib" -sourcepath jmh/src/main/java -d "$out/bench" jmh/src/main/java/org/lanes/bench/PairedBlocks.java
java --add-modules jdk.incubator.vector -Dlanes.wisdom=none ${LANES_JVM:-} -cp "$out/lib:$out/bench" \
  org.lanes.bench.PairedBlocks "$@" 2>&1 | grep -v '^WARNING: Using incubator'
