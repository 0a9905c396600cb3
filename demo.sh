#!/usr/bin/env bash
# Builds the agent and testbed-jetty, then shows a SIGTERM with requests in flight, without and with the agent.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests package
java -cp testbed-support/target/classes dev.gracefulagent.testbed.support.Demo \
  agent/target/graceful-agent.jar testbed-jetty/target/testbed-jetty.jar
