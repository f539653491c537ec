#!/usr/bin/env bash
# OCSP benchmarks with the delegated signer key in a throw-away SoftHSM2 token.
#
#   pki-bench/run-ocsp-bench.sh jmh  [JMH options...]   in-process JMH (OcspBenchmark)
#   pki-bench/run-ocsp-bench.sh http [seconds] [conns]   wrk over loopback HTTP (default 10 s, 32 connections)
#
# SoftHSM2 reads SOFTHSM2_CONF once, when the JVM starts, so this script writes a temporary
# configuration, initialises a token in it and runs Java with that environment (JMH forks
# inherit it). Build first: mvn -B -q -pl pki-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=pki-bench/target/benchmarks.jar
EXPORTS=--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED
[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -q -pl pki-bench -am package -DskipTests" >&2; exit 1; }
command -v softhsm2-util >/dev/null || { echo "softhsm2-util missing (apt-get install softhsm2)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/sigillo-ocsp-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$TMP/tokens"
cat > "$TMP/softhsm2.conf" <<CONF
directories.tokendir = $TMP/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
export SOFTHSM2_CONF="$TMP/softhsm2.conf"
export SIGILLO_BENCH_TOKEN=sigillo-ocsp-bench
export SIGILLO_BENCH_PIN=87654321
softhsm2-util --init-token --free --label "$SIGILLO_BENCH_TOKEN" --pin "$SIGILLO_BENCH_PIN" --so-pin 12345678 >/dev/null

mode=${1:-jmh}
shift || true
case "$mode" in
  jmh)
    java "$EXPORTS" -jar "$JAR" OcspBenchmark "$@"
    ;;
  http)
    seconds=${1:-10}
    conns=${2:-32}
    java "$EXPORTS" -Xmx1g -cp "$JAR" org.sigillo.bench.OcspServerMain "$TMP" 4 &
    SERVER_PID=$!
    for _ in $(seq 1 600); do [ -f "$TMP/port" ] && break; sleep 0.1; done
    [ -f "$TMP/port" ] || { echo "the OCSP server did not start" >&2; exit 1; }
    url="http://127.0.0.1:$(cat "$TMP/port")/ocsp"
    # one warm-up pass for the JIT, then the measured run
    OCSP_REQ="$TMP/req.der" wrk -t2 -c"$conns" -d3s -s pki-bench/ocsp-post.lua "$url" >/dev/null
    OCSP_REQ="$TMP/req.der" wrk -t2 -c"$conns" -d"${seconds}s" --latency -s pki-bench/ocsp-post.lua "$url"
    ;;
  *)
    echo "usage: $0 jmh [JMH options] | http [seconds] [connections]" >&2
    exit 2
    ;;
esac
