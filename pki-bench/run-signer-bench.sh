#!/usr/bin/env bash
# Runs SignerPoolBenchmark against a SoftHSM2 token of its own (through run-hsm-bench.sh, which
# prepares the token and SOFTHSM2_CONF before the JVM starts).
# Extra arguments go to JMH, e.g.: pki-bench/run-signer-bench.sh -f 1 -wi 2 -i 3 -w 1s -r 2s -t 2
# With --paired first, runs SignerPoolPairedCheck instead (threads pairs block KEY...), e.g.
#   pki-bench/run-signer-bench.sh --paired 1 40 1000 EC_P256
# Build first: mvn -B -q -pl pki-bench -am package -DskipTests
set -euo pipefail
here="$(dirname "$0")"
if [ "${1:-}" = "--paired" ]; then
  shift
  exec "$here/run-hsm-bench.sh" --main org.sigillo.bench.SignerPoolPairedCheck "$@"
fi
exec "$here/run-hsm-bench.sh" SignerPoolBenchmark "$@"
