#!/usr/bin/env bash
# Rolling restarts for every testbed, with and without the agent, each against a fresh PostgreSQL database.
# Usage: bench/rolling/run-all.sh [rounds]   (needs haproxy or nginx, wrk, psql and PostgreSQL on 127.0.0.1:5432)
#   AGENTS="agent none"  which runs: with the built agent jar, without an agent (default both)
#   CHECK=true           fail unless every run with the agent had 0 errors, 0 lost writes and 0 non-zero exits
#   RETRY_ON=...         HAProxy's retry-on policy (see haproxy.cfg.template)
#   PROXY=nginx          nginx at its defaults instead (see nginx.conf.template; NGINX_MAX_FAILS=0, WRITE_MS: see
#                        RollingRestart.java)
#   TESTBEDS="a.jar ..." the testbed jars (default: Jetty, Tomcat and Undertow)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-10}
result=$(mktemp)
trap 'rm -f "$result"' EXIT
for testbed in ${TESTBEDS:-testbed-jetty/target/testbed-jetty.jar testbed-tomcat/target/testbed-tomcat.jar testbed-undertow/target/testbed-undertow.jar}; do
  for agent in ${AGENTS:-agent none}; do
    jar=none
    [ "$agent" = agent ] && jar=agent/target/graceful-agent.jar
    db="rolling_$(date +%s%N)"
    psql -h 127.0.0.1 -U postgres -qc "create database $db"
    JOB_PERIOD_MS=0 java -cp testbed-support/target/classes bench/rolling/RollingRestart.java \
      "$testbed" "$jar" "$rounds" "jdbc:postgresql://127.0.0.1:5432/$db" postgres | tee "$result"
    psql -h 127.0.0.1 -U postgres -qc "drop database $db"
    if [ "${CHECK:-false}" = true ] && [ "$agent" = agent ] \
        && ! grep -q ' errors=0 .* lost_writes=0 non_zero_exits=0$' "$result"; then
      echo "rolling-restart check failed for $testbed: the goal is 0 errors, 0 lost writes, 0 non-zero exits" >&2
      exit 1
    fi
  done
done
