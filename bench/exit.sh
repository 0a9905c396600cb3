#!/usr/bin/env bash
# Last response → process end (client side) with the agent, where the time goes (the agent's phase lines as they
# arrive), and idle SIGTERM → exit with and without the agent.
# Usage: bench/exit.sh [runs] [testbed module...]   (DB_URL, DB_USER reach the testbeds)
runs=${1:-5}
shift || true
exec "$(dirname "$0")/testbeds.sh" DrainLatency.java "$runs" "$@"
