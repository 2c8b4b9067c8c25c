#!/usr/bin/env bash
# Make sure the system packages and tools the project needs are present.
#
#   install-deps.sh [build|test]      (default: build)
#
# build: what compiling needs (HiGHS is built from C++ sources by highs-sys,
#        with cmake, and bindgen needs libclang).
# test:  build + PostgreSQL, Redis and Chromium for the test suites.
# Both:  Node >= 20 and npm >= 10 on PATH for the frontend.
#
# As root, missing Debian packages are installed with apt-get; otherwise the
# exact command to run is printed and the script fails. Prints "deps ok" when
# everything is there.
set -euo pipefail

mode=${1:-build}
build_pkgs=(cmake libclang-dev pkg-config g++ make)
case $mode in
  build) pkgs=("${build_pkgs[@]}") ;;
  test) pkgs=("${build_pkgs[@]}" postgresql redis-server chromium fonts-dejavu-core) ;;
  *)
    echo "usage: ${0##*/} [build|test]" >&2
    exit 2
    ;;
esac

installed() {
  local status
  status=$(dpkg -s "$1" 2>/dev/null | sed -n 's/^Status: //p') || true
  # dpkg -s also knows removed packages whose config files remain.
  [[ $status == "install ok installed" ]]
}

missing=()
for p in "${pkgs[@]}"; do
  installed "$p" || missing+=("$p")
done

problems=()
if ((${#missing[@]} > 0)); then
  if ((EUID == 0)); then
    echo "install-deps: installing ${missing[*]}" >&2
    # No systemd in containers/CI: apt-get does not start any service here.
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    problems+=("missing Debian packages; run:
    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}")
  fi
fi

# Major version of "$1 --version" output such as v20.11.1 or 10.2.4.
major() {
  local v
  v=$("$1" --version 2>/dev/null | head -n 1) || return 1
  v=${v#v}
  v=${v%%.*}
  [[ $v =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$v"
}

# Debian 12's own nodejs package is Node 18: too old for Vite and vitest.
node_hint="install Node.js 20 or newer with npm 10 or newer, e.g. Node.js's own binary packages or nvm; Debian 12's nodejs package is Node 18, too old"
check_tool() {
  local tool=$1 need=$2 label=$3 have
  if ! command -v "$tool" >/dev/null 2>&1; then
    problems+=("$label >= $need not found on PATH ($node_hint)")
  elif ! have=$(major "$tool"); then
    problems+=("could not read the version of $label ($(command -v "$tool"))")
  elif ((have < need)); then
    problems+=("$label $("$tool" --version) at $(command -v "$tool") is too old: >= $need needed ($node_hint)")
  fi
}
check_tool node 20 "Node.js"
check_tool npm 10 "npm"

if ((${#problems[@]} > 0)); then
  for p in "${problems[@]}"; do
    echo "install-deps: $p" >&2
  done
  exit 1
fi
echo "deps ok"
