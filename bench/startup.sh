#!/usr/bin/env bash
# Start-up to first 200 response and peak RSS, with and without the agent (medians, ratio). Builds first.
# Usage: bench/startup.sh [runs]   (JAVA_HOME selects the JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -f agent/target/graceful-agent.jar ] && [ -f testbed-jetty/target/testbed-jetty.jar ] || mvn -B -q -DskipTests package
echo "| testbed | runs | time no agent | time agent | ratio | CPU no agent | CPU agent | CPU ratio | RSS no agent | RSS agent | RSS delta |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for module in testbed-jetty testbed-tomcat testbed-undertow; do
  testbed=$module/target/$module.jar
  [ -f "$testbed" ] || continue
  "$java" -cp testbed-support/target/classes bench/StartupBench.java "$testbed" agent/target/graceful-agent.jar "$runs"
done
