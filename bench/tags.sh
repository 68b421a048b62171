#!/usr/bin/env bash
# Content tags vs. the anchors' per-image `git log`: builds what it needs, then runs TagBench (bench/README.md).
# Arguments are passed on: --images 1,20,100 --files 300 --commits 500 --runs 5 --keep
set -euo pipefail
cd "$(dirname "$0")/.."

command -v git >/dev/null || { echo "bench/tags.sh: git is required (apt-get install -y git)" >&2; exit 3; }

mvn_q() { mvn -q -B -o "$@" || mvn -q -B "$@"; }
mvn_q test-compile
mvn_q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/tagbench.classpath -Dmdep.includeScope=test

exec java -cp "target/test-classes:target/classes:$(cat target/tagbench.classpath)" \
    io.jenkins.plugins.hubdeploy.bench.TagBench "$@"
