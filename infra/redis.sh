#!/usr/bin/env bash
# Throwaway Redis for tests.
#
#   redis.sh start DIR [--persist]   start; prints the URL on stdout
#   redis.sh stop DIR                stop; no-op success if nothing runs there
#   redis.sh url DIR                 print the URL of the running server
#
# --persist turns on the append-only file so that a test can stop and start
# the server on the same DIR (both times with --persist) and find its data;
# stop flushes the file, a kill -9 may lose the last second. A restart reuses
# the previous port when it is free, so clients keep their URL.
# Only the URL goes to stdout. DIR holds redis.pid, redis.log, port, url.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

usage() {
  echo "usage: ${0##*/} start DIR [--persist] | stop DIR | url DIR" >&2
  exit 2
}

need_tools() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    die "redis-server/redis-cli not found; install them: apt-get install redis-server"
  fi
}

server_pid() {
  first_line "$dir/redis.pid"
}

# True if $1 is the redis-server of this DIR: it names its port in its
# process title, and a stale pid file's pid may belong to another server.
is_our_server() {
  local port
  port=$(first_line "$dir/port")
  pid_is "$1" redis-server && [[ -n $port && $(pid_cmdline "$1") == *":$port "* ]]
}

is_running() {
  is_our_server "$(server_pid)"
}

# The pid of the server answering on port $1, from INFO.
pid_on_port() {
  { timeout 2 redis-cli -p "$1" info server 2>/dev/null || true; } | tr -d '\r' | sed -n 's/^process_id://p'
}

cmd_start() {
  local persist=no
  case ${1:-} in
    "") ;;
    --persist) persist=yes ;;
    *) usage ;;
  esac
  need_tools
  mkdir -p -- "$dir"
  dir=$(cd -- "$dir" && pwd)
  cd -- "$dir"

  if is_running; then
    log "already running in $dir"
    cat -- "$dir/url"
    return 0
  fi

  local prev port attempt offset pid i
  prev=$(first_line "$dir/port")
  for attempt in 1 2 3 4 5; do
    if [[ $attempt == 1 && -n $prev ]] && port_is_free "$prev"; then
      port=$prev
    else
      port=$(pick_port)
    fi
    offset=0
    [[ -f $dir/redis.log ]] && offset=$(stat -c %s "$dir/redis.log")
    rm -f -- "$dir/redis.pid"
    # --save '' : no RDB snapshots; the data is disposable.
    local -a args=(--port "$port" --bind 127.0.0.1 --save '' --appendonly "$persist"
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir")
    redis-server "${args[@]}" >&2 || die "redis-server refused to start (log: $dir/redis.log)"

    # Daemonized: the exit code says nothing about the bind, so poll. The
    # pid check makes sure the PONG comes from our server, not from another
    # one that already held the port.
    for ((i = 0; i < 100; i++)); do
      pid=$(server_pid)
      if [[ -n $pid && $(timeout 2 redis-cli -p "$port" ping 2>/dev/null) == PONG* &&
        $(pid_on_port "$port") == "$pid" ]]; then
        printf '%s\n' "$port" >"$dir/port"
        printf 'redis://127.0.0.1:%s/\n' "$port" >"$dir/url"
        cat -- "$dir/url"
        return 0
      fi
      # No grep -q: an early exit would SIGPIPE tail and fail the pipeline.
      if tail -c +"$((offset + 1))" "$dir/redis.log" 2>/dev/null | grep -F 'Address already in use' >/dev/null; then
        log "port $port taken, retrying"
        continue 2
      fi
      sleep 0.1
    done
    # Timed out: do not leave a half-started server behind.
    pid=$(server_pid)
    if pid_is "$pid" redis-server; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    break
  done
  tail -n 30 -- "$dir/redis.log" >&2 || true
  die "Redis did not answer PING within 10 s (log: $dir/redis.log)"
}

cmd_stop() {
  [[ -d $dir ]] || return 0
  dir=$(cd -- "$dir" && pwd)
  need_tools
  local pid port
  pid=$(server_pid)
  port=$(first_line "$dir/port")
  # Pid file gone (deleted by hand?): find our server by port and its dir.
  if ! is_our_server "$pid" && [[ -n $port ]]; then
    local d
    d=$({ timeout 2 redis-cli -p "$port" config get dir 2>/dev/null || true; } | tr -d '\r' | sed -n 2p)
    if [[ $d == "$dir" ]]; then
      pid=$(pid_on_port "$port")
    fi
  fi
  if is_our_server "$pid"; then
    if [[ -n $port ]]; then
      timeout 5 redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    fi
    if ! wait_gone "$pid" 5; then
      log "redis shutdown did not finish; killing $pid"
      kill -TERM "$pid" 2>/dev/null || true
      wait_gone "$pid" 3 || kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 3 || die "redis-server $pid survived SIGKILL"
    fi
  fi
  rm -f -- "$dir/redis.pid"
}

cmd_url() {
  [[ -d $dir ]] || die "no such directory: $dir"
  dir=$(cd -- "$dir" && pwd)
  is_running || die "Redis is not running in $dir"
  cat -- "$dir/url"
}

[[ $# -ge 2 ]] || usage
dir=$2
[[ -n $dir ]] || usage
case $1 in
  start) [[ $# -le 3 ]] || usage; cmd_start "${3:-}" ;;
  stop) [[ $# == 2 ]] || usage; cmd_stop ;;
  url) [[ $# == 2 ]] || usage; cmd_url ;;
  *) usage ;;
esac
