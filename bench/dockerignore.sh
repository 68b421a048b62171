#!/usr/bin/env bash
# hubdeploy tags before/after the linear-time .dockerignore matcher (issue 12): builds this checkout's jar and the
# jar of a base commit (default: the merge base with main; BASE=<commit> to choose), then runs IgnoreBench
# (bench/README.md), then IgnoreMatchBench (the check alone, in one JVM). Arguments go to IgnoreBench:
# --runs 3 --timeout 30 --no-sigterm --keep
set -euo pipefail
cd "$(dirname "$0")/.."

command -v git >/dev/null || { echo "bench/dockerignore.sh: git is required (apt-get install -y git)" >&2; exit 3; }
base="${BASE:-$(git merge-base HEAD main)}"

mvn_q() { mvn -q -B -o "$@" || mvn -q -B "$@"; }
mvn_q package -DskipTests
mvn_q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/tagbench.classpath -Dmdep.includeScope=test

before_dir="target/bench-before-$(git rev-parse --short "$base")"
if [ ! -f "$before_dir/target/hubdeploy.jar" ]; then
    rm -rf "$before_dir" && mkdir -p "$before_dir"
    git archive "$base" | tar -x -C "$before_dir"
    (cd "$before_dir" && mvn_q package -Dmaven.test.skip=true)
fi
echo "before: $base ($before_dir/target/hubdeploy.jar); after: $(git rev-parse --short HEAD) (target/hubdeploy.jar)" >&2

cp="target/test-classes:target/classes:$(cat target/tagbench.classpath)"
java -cp "$cp" io.jenkins.plugins.hubdeploy.bench.IgnoreBench --before "$before_dir/target/hubdeploy.jar" \
    --after target/hubdeploy.jar "$@"
# the check alone, in one JVM: main's matcher (a bench-only copy) beside the automaton
java -cp "$cp" io.jenkins.plugins.hubdeploy.bench.IgnoreMatchBench
