#!/usr/bin/env bash
# Throwaway PostgreSQL for tests.
#
#   postgres.sh start DIR   init (first time) and start; prints the URL on stdout
#   postgres.sh stop DIR    stop; no-op success if nothing runs there
#   postgres.sh url DIR     print the URL of the running server
#
# Only the URL goes to stdout; everything else goes to stderr. DIR holds
# data/, postgres.log, port, url (and sockdir, the unix socket directory).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

usage() {
  echo "usage: ${0##*/} start|stop|url DIR" >&2
  exit 2
}

# Debian keeps initdb/pg_ctl in /usr/lib/postgresql/VERSION/bin, off PATH.
# Take the newest installed version, else whatever PATH offers.
find_bindir() {
  local d best=""
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] || continue
    best=$(printf '%s\n%s\n' "$best" "$d" | sed '/^$/d' | sort -V | tail -n 1)
  done
  if [[ -z $best ]] && command -v pg_ctl >/dev/null 2>&1; then
    d=$(dirname "$(command -v pg_ctl)")
    [[ -x $d/initdb ]] && best=$d
  fi
  [[ -n $best ]] || die "PostgreSQL server binaries (initdb, pg_ctl) not found; install them: apt-get install postgresql"
  printf '%s\n' "$best"
}

# initdb and pg_ctl refuse to run as root, so root runs them as an
# unprivileged OS user: postgres if the package made it, else our own.
pick_os_user() {
  if id -u postgres >/dev/null 2>&1; then
    echo postgres
  else
    if ! id -u releve-pg >/dev/null 2>&1; then
      # Parallel useradd calls can clobber each other's entries: serialize
      # them with a lock on /etc/passwd (useradd itself locks other files).
      {
        flock 9
        if ! id -u releve-pg >/dev/null 2>&1; then
          useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin releve-pg >&2
        fi
      } 9</etc/passwd
    fi
    echo releve-pg
  fi
}

# Run a command as the server's OS user ($os_user, set only when root).
as_pg() {
  if [[ -n ${os_user:-} ]]; then
    runuser -u "$os_user" -- "$@"
  else
    "$@"
  fi
}

postmaster_pid() {
  first_line "$dir/data/postmaster.pid"
}

# True if $1 is the postmaster of this DIR: a stale pid file's pid may by
# now belong to another cluster's postgres.
is_our_postmaster() {
  pid_is "$1" postgres && [[ $(pid_cmdline "$1") == *" -D $dir/data "* ]]
}

is_running() {
  is_our_postmaster "$(postmaster_pid)"
}

# Socket paths are limited to 107 bytes; keep the socket in DIR when the
# path is short, else in a private directory under /tmp.
make_sockdir() {
  if ((${#dir} <= 80)); then
    sockdir=$dir
  else
    sockdir=$(mktemp -d /tmp/releve-pg.XXXXXX)
    [[ -n ${os_user:-} ]] && chown "$os_user:" "$sockdir"
  fi
  printf '%s\n' "$sockdir" >"$dir/sockdir"
}

remove_sockdir() {
  local s
  s=$(first_line "$dir/sockdir")
  # Only ever delete a directory this script made.
  if [[ $s == /tmp/releve-pg.* && -d $s ]]; then
    rm -rf -- "$s"
  fi
  rm -f -- "$dir/sockdir"
}

cmd_start() {
  mkdir -p -- "$dir"
  dir=$(cd -- "$dir" && pwd)
  [[ $dir != *"'"* ]] || die "DIR must not contain a single quote: $dir"
  cd -- "$dir" # so that the server user never inherits an unreadable cwd

  if is_running; then
    log "already running in $dir"
    cat -- "$dir/url"
    return 0
  fi

  local bindir
  bindir=$(find_bindir)
  os_user=""
  if ((EUID == 0)); then
    os_user=$(pick_os_user)
    chown "$os_user:" "$dir"
    [[ -d $dir/data ]] && chown -R "$os_user:" "$dir/data"
    as_pg test -w "$dir" ||
      die "user $os_user cannot write $dir: its parent directories must be traversable (chmod o+x), or use a DIR under /tmp"
  fi

  if [[ ! -s $dir/data/PG_VERSION ]]; then
    rm -rf -- "$dir/data" # leftovers of an interrupted initdb
    # C.UTF-8 (glibc >= 2.35) keeps byte-order collation but classifies
    # non-ASCII letters, so lower()/upper() work on accented names.
    local locale=C
    if locale -a 2>/dev/null | grep -iE '^c\.utf-?8$' >/dev/null; then
      locale=C.UTF-8
    fi
    if ! as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
      --locale="$locale" --no-sync >"$dir/initdb.log" 2>&1; then
      cat -- "$dir/initdb.log" >&2
      die "initdb failed"
    fi
  fi

  make_sockdir
  local prev port attempt offset opts
  prev=$(first_line "$dir/port")
  for attempt in 1 2 3 4 5; do
    # Reuse the previous port on a restart, so that clients keep their URL.
    if [[ $attempt == 1 && -n $prev ]] && port_is_free "$prev"; then
      port=$prev
    else
      port=$(pick_port)
    fi
    offset=0
    [[ -f $dir/postgres.log ]] && offset=$(stat -c %s "$dir/postgres.log")
    # fsync and friends are off: the data is disposable and speed matters.
    opts="-p $port -k '$sockdir' -c listen_addresses=127.0.0.1 -c max_connections=200"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "$opts" -w -t 60 start \
      >"$dir/pg_ctl.log" 2>&1; then
      printf '%s\n' "$port" >"$dir/port"
      printf 'postgres://postgres@127.0.0.1:%s/postgres\n' "$port" >"$dir/url"
      cat -- "$dir/url"
      return 0
    fi
    # Another process took the port between the check and the bind: retry.
    # No grep -q: an early exit would SIGPIPE tail and fail the pipeline.
    if tail -c +"$((offset + 1))" "$dir/postgres.log" 2>/dev/null | grep -F 'Address already in use' >/dev/null; then
      log "port $port taken, retrying"
      continue
    fi
    break
  done
  cat -- "$dir/pg_ctl.log" >&2 || true
  tail -n 30 -- "$dir/postgres.log" >&2 || true
  remove_sockdir
  die "PostgreSQL did not start (log: $dir/postgres.log)"
}

cmd_stop() {
  [[ -d $dir ]] || return 0
  dir=$(cd -- "$dir" && pwd)
  cd -- "$dir"
  local pid
  pid=$(postmaster_pid)
  if is_our_postmaster "$pid"; then
    os_user=""
    if ((EUID == 0)); then
      os_user=$(stat -c %U "$dir/data")
    fi
    local bindir
    bindir=$(find_bindir)
    if ! as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
      log "pg_ctl stop failed; killing postmaster $pid"
    fi
    if ! wait_gone "$pid" 5; then
      # Backends die by themselves once the postmaster is gone, but only
      # when they next look: kill them too (each sits in its own session).
      local kids
      kids=$(child_pids "$pid")
      # shellcheck disable=SC2086 # word splitting of the pid list is wanted
      kill -KILL "$pid" $kids 2>/dev/null || true
      wait_gone "$pid" 5 || die "postmaster $pid survived SIGKILL"
    fi
  fi
  remove_sockdir
}

cmd_url() {
  [[ -d $dir ]] || die "no such directory: $dir"
  dir=$(cd -- "$dir" && pwd)
  is_running || die "PostgreSQL is not running in $dir"
  cat -- "$dir/url"
}

[[ $# == 2 ]] || usage
dir=$2
[[ -n $dir ]] || usage
case $1 in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  *) usage ;;
esac
