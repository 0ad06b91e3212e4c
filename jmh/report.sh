#!/usr/bin/env bash
# Turns one session of jmh/run-session.sh (default: jmh/results/zen4/session-2026-11-27) into
# docs/performance/zen4-jmh.md and docs/img/*.png, filling the placeholders of jmh/report-template.md with tables
# and XChart plots. A session of another CPU or day needs its own output file and the template's prose rewritten
# to match its figures.
# Usage (from anywhere): jmh/report.sh [SESSION_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=jmh/target/benchmarks.jar
[ -f "$jar" ] || (mvn -B -q -ntp install -DskipTests && cd jmh && mvn -B -q -ntp package -DskipTests)
java -cp "$jar" org.lanes.bench.report.PerformanceReport "${1:-jmh/results/zen4/session-2026-11-27}" \
    jmh/report-template.md docs/performance/zen4-jmh.md docs/img
