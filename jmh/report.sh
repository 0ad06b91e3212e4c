#!/usr/bin/env bash
# Turns jmh/results/ (written by jmh/run-session.sh) into docs/performance.md and docs/img/*.png, filling the
# placeholders of jmh/report-template.md with tables and XChart plots.
# Usage (from anywhere): jmh/report.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=jmh/target/benchmarks.jar
[ -f "$jar" ] || (mvn -B -q -ntp install -DskipTests && cd jmh && mvn -B -q -ntp package -DskipTests)
java -cp "$jar" org.lanes.bench.report.PerformanceReport jmh/results jmh/report-template.md docs/performance.md docs/img
