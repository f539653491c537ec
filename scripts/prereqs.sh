#!/usr/bin/env bash
# Installs what Sigillo's build, tests and main job need on a Debian machine, when missing.
# Sourced by ./run-tests and ./run-demo. Fails with a clear message when it cannot install.
set -euo pipefail

sigillo_need_cmds() {
  # usage: sigillo_need_cmds "cmd:package" ...
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd=${pair%%:*}; pkg=${pair#*:}
    if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -e "$cmd" ]; then missing+=("$pkg"); fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "sigillo: installing missing packages: ${missing[*]}" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "sigillo: cannot install ${missing[*]}: not root and no sudo. Install them with apt-get and retry." >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "sigillo: cannot install ${missing[*]}: apt-get not found (Debian 12 expected)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq || { echo "sigillo: apt-get update failed" >&2; exit 1; }
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || {
    echo "sigillo: apt-get install ${missing[*]} failed" >&2; exit 1; }
}

sigillo_prereqs_base() {
  sigillo_need_cmds "java:openjdk-17-jdk-headless" "mvn:maven" "openssl:openssl" \
    "softhsm2-util:softhsm2" "/usr/lib/softhsm/libsofthsm2.so:softhsm2" "pkcs11-tool:opensc" "script:bsdutils"
}

sigillo_prereqs_postgres() {
  # PostgreSQL server binaries (initdb, pg_ctl) for the tests that run against a real server.
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    sigillo_need_cmds "/nonexistent/initdb:postgresql"
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  export SIGILLO_PG_BIN="$bin"
}
