#!/usr/bin/env bash
# Benchmark of solve jobs through Redis with real `releve worker` processes: dispatch
# latency (p50/p99, idle workers), cancel-to-stop time, throughput with 1, 2 and 4 workers.
# Starts a throwaway PostgreSQL and Redis, builds the binaries (dev profile: the engine and
# HiGHS are optimised there too) and prints the figures.
#
#   infra/bench-jobs.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
cargo build -p releve-backend --bin releve --bin releve-bench-jobs
target=${CARGO_TARGET_DIR:-target}
exec "$here/with-services.sh" "$target/debug/releve-bench-jobs"
