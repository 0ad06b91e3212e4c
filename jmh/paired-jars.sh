#!/usr/bin/env bash
# A commit's build of Lanes against the working tree's, alternating block by block in one JVM
# (org.lanes.bench.PairedJars): the ratio is the commit's time over the working tree's, above 1 when the
# working tree is faster.
# Usage: jmh/paired-jars.sh REV [--threads N] [--rounds 15] [--block-ms 60] [--other-shapes] SHAPE...
#        SHAPE: FORM:m:n:k (a GEMM), STEP:batch-in-hidden...-classes (an MLP training step) or
#        KERNEL:NAME:rows:cols (a layer kernel: sigmoid, relu, tanh, NAMEBackward, softmax, logSoftmax)
# Extra JVM flags through LANES_JVM (for example LANES_JVM=-XX:UseAVX=2).
set -euo pipefail
cd "$(dirname "$0")/.."
rev="$1"
shift
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/tree" "$rev"
(cd "$work/tree" && mvn -B -q -ntp -DskipTests package)
mvn -B -q -ntp install -DskipTests
(cd jmh && mvn -B -q -ntp package -DskipTests)
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)"
java --add-modules jdk.incubator.vector ${LANES_JVM:-} -cp jmh/target/benchmarks.jar org.lanes.bench.PairedJars \
  "$work/tree/target/lanes-$version.jar" "target/lanes-$version.jar" "$@" 2>&1 | grep -v '^WARNING: Using incubator'
