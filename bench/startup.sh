#!/usr/bin/env bash
# Start-up to the first 200 response: CPU time (primary), wall time and peak RSS; no agent, an empty agent, a null
# transformer and the agent, interleaved in rotating order; paired ratios as median [range].
# Usage: bench/startup.sh [runs] [testbed module...]   (AGENT_ARGS is passed to the agent)
runs=${1:-9}
shift || true
exec "$(dirname "$0")/testbeds.sh" StartupBench.java "$runs" "$@"
