#!/usr/bin/env bash
# Runs one of the bench programs against the agent and the given testbeds (default: Jetty, Tomcat, Undertow);
# builds first if needed. Usage: bench/testbeds.sh <Bench.java> <runs> [testbed module...]
# JAVA_HOME selects the JDK; the environment reaches the testbeds (JOB_PERIOD_MS is 0 unless set).
set -euo pipefail
cd "$(dirname "$0")/.."
bench=$1
runs=$2
shift 2
modules=("${@:-testbed-jetty testbed-tomcat testbed-undertow}")
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -f agent/target/graceful-agent.jar ] && [ -f testbed-jetty/target/testbed-jetty.jar ] || mvn -B -q -DskipTests package
jars=()
for module in ${modules[@]}; do
  [ -f "$module/target/$module.jar" ] && jars+=("$module/target/$module.jar")
done
JOB_PERIOD_MS=${JOB_PERIOD_MS:-0} "$java" "bench/$bench" agent/target/graceful-agent.jar "$runs" "${jars[@]}"
