# shellcheck shell=bash
# Helpers shared by postgres.sh and redis.sh. Sourced, not executed.

# First line of file $1, or nothing if it does not exist.
first_line() {
  local line=""
  if [[ -r $1 ]]; then
    read -r line <"$1" || true
  fi
  printf '%s\n' "$line"
}

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# True if nothing listens on 127.0.0.1:$1. python3 binds the port for real,
# which also catches ports that are bound but not yet listening; without
# python3 (a bare Debian) fall back to a bash /dev/tcp connect probe.
port_is_free() {
  local port=$1
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
# Like the servers: ignore TIME_WAIT leftovers, still fail on a listener.
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
  else
    ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# Print a free port. Random ports in 20000-32767 stay below Linux's ephemeral
# range (32768+), so outgoing connections do not grab them between the check
# and the server's bind, and parallel runs rarely pick the same one. The
# check-then-bind race cannot be closed from outside the server, so callers
# retry the start on "address in use".
pick_port() {
  local port _
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 12768))
    if port_is_free "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "no free TCP port found on 127.0.0.1"
}

# True if $1 is a live process whose command name starts with $2. Guards
# against stale pid files whose pid was reused by an unrelated process.
pid_is() {
  local pid=$1 name=$2 comm
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  read -r comm 2>/dev/null <"/proc/$pid/comm" || return 1
  [[ $comm == "$name"* ]] && pid_alive "$pid"
}

# The command line of pid $1, arguments separated by spaces.
pid_cmdline() {
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true
}

# Pids of the children of $1, read from /proc (procps may be missing).
child_pids() {
  local f stat rest state ppid
  for f in /proc/[0-9]*/stat; do
    read -r stat 2>/dev/null <"$f" || continue
    rest=${stat##*) }
    read -r state ppid _ <<<"$rest"
    if [[ $ppid == "$1" && $state != Z ]]; then
      f=${f#/proc/}
      printf '%s\n' "${f%/stat}"
    fi
  done
}

# Wait up to $2 seconds (tenths granularity) for pid $1 to disappear.
wait_gone() {
  local pid=$1 secs=$2 i
  for ((i = 0; i < secs * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  ! pid_alive "$pid"
}

# A zombie counts as gone: it holds no port, socket or file any more.
pid_alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  # The state letter follows "(comm) "; comm itself may hold spaces.
  stat=${stat##*) }
  [[ -n $stat && ${stat:0:1} != Z ]]
}
