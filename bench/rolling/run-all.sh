#!/usr/bin/env bash
# Rolling restarts for every testbed, with and without the agent, each against a fresh PostgreSQL database.
# Usage: bench/rolling/run-all.sh [rounds]   (needs haproxy, wrk, psql and PostgreSQL on 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-10}
for testbed in testbed-jetty/target/testbed-jetty.jar testbed-tomcat/target/testbed-tomcat.jar testbed-undertow/target/testbed-undertow.jar; do
  for agent in agent/target/graceful-agent.jar none; do
    db="rolling_$(date +%s%N)"
    psql -h 127.0.0.1 -U postgres -qc "create database $db"
    JOB_PERIOD_MS=0 java -cp testbed-support/target/classes bench/rolling/RollingRestart.java \
      "$testbed" "$agent" "$rounds" "jdbc:postgresql://127.0.0.1:5432/$db" postgres
    psql -h 127.0.0.1 -U postgres -qc "drop database $db"
  done
done
