#!/usr/bin/env bash
# Runs a JMH benchmark that needs a SoftHSM2 token (BatchBenchmark, SignerPoolBenchmark, ...).
# SoftHSM2 reads SOFTHSM2_CONF once per process, before any Java code runs, so the token and the configuration are made
# here and the JVM (and JMH's forks, which inherit the environment) start with it set.
# Arguments go to JMH, e.g.: pki-bench/run-hsm-bench.sh BatchBenchmark -f 1 -wi 1 -i 3
# or, with --main CLASS first, to a main class in the jar.
# Build first: mvn -B -q -pl pki-bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=pki-bench/target/benchmarks.jar
if [ ! -f "$JAR" ]; then
  echo "missing $JAR: build it with  mvn -B -q -pl pki-bench -am package -DskipTests" >&2
  exit 1
fi
command -v softhsm2-util >/dev/null || { echo "softhsm2-util missing: apt-get install softhsm2" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sigillo-hsm-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/tokens"
cat > "$WORK/softhsm2.conf" <<CONF
directories.tokendir = $WORK/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF
export SOFTHSM2_CONF="$WORK/softhsm2.conf"
export SIGILLO_BENCH_TOKEN=sigillo-bench SIGILLO_BENCH_PIN=87654321
softhsm2-util --init-token --free --label sigillo-bench --pin 87654321 --so-pin 12345678 >/dev/null
EXPORTS=--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED
# not exec: the EXIT trap above must run afterwards to remove the token directory
if [ "${1:-}" = "--main" ]; then
  main="$2"; shift 2
  java "$EXPORTS" -cp "$JAR" "$main" "$@"
  exit
fi
java "$EXPORTS" -jar "$JAR" "$@"
