#!/usr/bin/env bash
# `npm run chaos -- [--applications N] [--rate PER_SECOND] [--seed N] [--settle-timeout-ms MS]`: the fault-injection
# run of e2e/chaos.e2e-spec.ts (e2e/support/chaos.ts) in its long form. Builds first; uses the test broker of
# TEST_KAFKA_BROKERS (started, and stopped afterwards, when it is not running) and a fresh e2e test database, like
# the end-to-end tests. Prints the faults, counts, durations and every check; exits 1 when a check fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CHAOS_APPLICATIONS="${CHAOS_APPLICATIONS:-2000}" CHAOS_RATE="${CHAOS_RATE:-10}"
while [ $# -gt 0 ]; do
  case "$1" in
    --applications) export CHAOS_APPLICATIONS="$2"; shift 2 ;;
    --rate) export CHAOS_RATE="$2"; shift 2 ;;
    --seed) export CHAOS_SEED="$2"; shift 2 ;;
    --settle-timeout-ms) export CHAOS_SETTLE_TIMEOUT_MS="$2"; shift 2 ;;
    *) echo "chaos: unknown option $1 (--applications N, --rate PER_SECOND, --seed N, --settle-timeout-ms MS)" >&2; exit 2 ;;
  esac
done
export CHAOS_SETTLE_TIMEOUT_MS="${CHAOS_SETTLE_TIMEOUT_MS:-300000}"
source scripts/use-node.sh >/dev/null
npm run --silent build >/dev/null
exec npx jest -c jest.chaos.config.js --runInBand
