#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint (with module boundaries), build (type-check), unit tests,
# then integration and end-to-end tests against the real PostgreSQL and a Kafka broker started here.
# Needs: PostgreSQL on 127.0.0.1:5432 reachable as a superuser (PGUSER, default postgres; started if it is
# a local cluster that is down), Java 17 and Maven (the broker jars are resolved from Maven Central once).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON="${NX_DAEMON:-false}" NX_NO_CLOUD=true NX_TUI=false
export TEST_KAFKA_BROKERS="${TEST_KAFKA_BROKERS:-127.0.0.1:19092}"
kafka_port="${TEST_KAFKA_BROKERS##*:}"

step() { printf '\n=== %s ===\n' "$*"; }

[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-postgres.sh

step "lint"
npm run --silent lint
step "build"
npm run --silent build
step "unit tests"
npm run --silent test:unit

step "test broker on port $kafka_port"
KAFKA_PORT="$kafka_port" bash deploy/local/kafka/kafka.sh clean
KAFKA_PORT="$kafka_port" bash deploy/local/kafka/kafka.sh start
trap 'KAFKA_PORT="$kafka_port" bash deploy/local/kafka/kafka.sh stop' EXIT

step "integration tests"
npm run --silent test:integration
step "end-to-end tests"
npm run --silent test:e2e
step "all tests passed"
