#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL and Redis:
#
#   with-services.sh COMMAND [ARGS...]
#
# Exports RELEVE_TEST_DATABASE_URL (admin URL, user postgres, trust auth),
# RELEVE_TEST_REDIS_URL, RELEVE_TEST_PG_DIR and RELEVE_TEST_REDIS_DIR (so
# that a test can stop/start the servers with postgres.sh / redis.sh), runs
# COMMAND, then stops both servers and deletes their directory, also when
# COMMAND fails or this script gets INT/TERM/HUP. Exits with COMMAND's code
# (128+N if it died of signal N).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

if [[ $# == 0 ]]; then
  echo "usage: ${0##*/} COMMAND [ARGS...]" >&2
  exit 2
fi

tmp=""
child=""
cleaned=no

# shellcheck disable=SC2317 # called from the traps
cleanup() {
  [[ $cleaned == yes ]] && return 0
  cleaned=yes
  [[ -n $tmp ]] || return 0
  "$here/redis.sh" stop "$tmp/redis" || echo "with-services: redis stop failed" >&2
  "$here/postgres.sh" stop "$tmp/pg" || echo "with-services: postgres stop failed" >&2
  rm -rf -- "$tmp"
}

# Pass the signal on to COMMAND's process group (it runs in its own, see
# below), give it 10 s to finish, then clean up and exit like a killed process.
# shellcheck disable=SC2317 # called from the traps
on_signal() {
  local sig=$1 code=$2 i
  trap '' INT TERM HUP # a second Ctrl-C must not interrupt the cleanup
  if [[ -n $child ]]; then
    kill -s "$sig" -- "-$child" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      pid_alive "$child" || break
      sleep 0.1
    done
    # Whatever is left of the group (COMMAND or its children) goes now.
    kill -KILL -- "-$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  cleanup
  exit "$code"
}

trap cleanup EXIT
trap 'on_signal INT 130' INT
trap 'on_signal TERM 143' TERM
trap 'on_signal HUP 129' HUP

tmp=$(mktemp -d /tmp/releve-svc.XXXXXX)
# When root, PostgreSQL runs as another OS user that must traverse this dir.
chmod 711 "$tmp"

RELEVE_TEST_PG_DIR=$tmp/pg
RELEVE_TEST_REDIS_DIR=$tmp/redis
RELEVE_TEST_DATABASE_URL=$("$here/postgres.sh" start "$RELEVE_TEST_PG_DIR")
RELEVE_TEST_REDIS_URL=$("$here/redis.sh" start "$RELEVE_TEST_REDIS_DIR")
export RELEVE_TEST_PG_DIR RELEVE_TEST_REDIS_DIR RELEVE_TEST_DATABASE_URL RELEVE_TEST_REDIS_URL
echo "with-services: RELEVE_TEST_DATABASE_URL=$RELEVE_TEST_DATABASE_URL RELEVE_TEST_REDIS_URL=$RELEVE_TEST_REDIS_URL" >&2

if [[ -t 0 ]]; then
  # On a terminal, run in the foreground so COMMAND can read the keyboard;
  # Ctrl-C reaches it directly. (A TERM sent to this script alone then
  # waits for COMMAND to end before cleaning up.)
  rc=0
  "$@" || rc=$?
else
  # Otherwise run COMMAND in its own process group (set -m) and wait for it:
  # a trapped signal interrupts `wait`, so INT/TERM sent to this script alone
  # are passed on at once, to COMMAND and all its children. `<&0` keeps
  # stdin, which a background job would otherwise get as /dev/null.
  set -m
  "$@" <&0 &
  child=$!
  set +m
  rc=0
  wait "$child" || rc=$?
  child=""
fi
exit "$rc"
