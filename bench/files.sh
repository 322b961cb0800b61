#!/usr/bin/env bash
# Upload and download of one large file through lanchat, against cp and a plain Spring MultipartFile
# endpoint, with each server's heap sampled while it works (docs/benchmarks.md, "Files").
#
#   bench/files.sh [size in MiB, default 500] [runs, default 3]
#
# Builds the product jar and bench/files, then works in bench/results/work-files (on the same disk as
# the repository; delete it afterwards, it holds a few copies of the file). All traffic is on 127.0.0.1.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
WORK="$BENCH/results/work-files"
(cd "$REPO" && mvn -q -DskipTests package)
(cd "$BENCH/files" && mvn -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt)
JAR=$(ls "$REPO"/target/lanchat-*.jar | grep -v original | head -1)
CP="$BENCH/files/target/classes:$(cat "$BENCH/files/target/classpath.txt")"
rm -rf "$WORK/product-data" "$WORK/baseline-store" "$WORK/baseline-tmp"
java -cp "$CP" lanchat.bench.files.FilesBench "$JAR" "$WORK" "$CP" "${1:-500}" "${2:-3}"
