#!/usr/bin/env bash
# Read benchmark: one unit's month (60 staff x 31 days) through GraphQL on loopback against
# a throwaway PostgreSQL (row-level security on): throughput and p50/p99 latency at a fixed
# 200 req/s, one at a time and flat out, then one at a time in alternating one-second blocks
# (the headline overhead ratio, fair when the machine's speed drifts): the API (names decrypted, accesses logged) against
# a bench-only baseline serving the same document without the personal-data layer
# (backend/examples/bench-read/plain.rs).
#
# Built with the release profile by default, as production runs (the first release build
# compiles HiGHS and every dependency: about 8-20 minutes on 2 cores). `--dev` measures the
# dev profile instead (crypto crates optimised there too, the rest not): quicker to build,
# slower to run. The profile is printed with the results.
#
#   infra/bench-read.sh [--dev]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
profile=release
case "${1:-}" in
  --dev) profile=dev ;;
  "") ;;
  *) echo "usage: ${0##*/} [--dev]" >&2; exit 2 ;;
esac
target=${CARGO_TARGET_DIR:-target}
if [[ $profile == release ]]; then
  cargo build --release -p releve-backend --example bench-read
  binary="$target/release/examples/bench-read"
else
  cargo build -p releve-backend --example bench-read
  binary="$target/debug/examples/bench-read"
fi
echo "bench-read: $profile profile ($binary)"
uptime
exec "$here/with-services.sh" "$binary"
