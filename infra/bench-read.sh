#!/usr/bin/env bash
# Read benchmark: one unit's month (60 staff x 31 days) through GraphQL on loopback against
# a throwaway PostgreSQL (row-level security on): throughput and p50/p99 latency at a fixed
# 200 req/s and flat out, with the names decrypted and logged, and without them.
# Builds the example in the dev profile (the crypto crates are optimised there too).
#
#   infra/bench-read.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
cargo build -p releve-backend --example bench-read
target=${CARGO_TARGET_DIR:-target}
uptime
exec "$here/with-services.sh" "$target/debug/examples/bench-read"
