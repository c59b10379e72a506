#!/usr/bin/env bash
# The whole test suite, as CI runs it, on the project's Node.js 24: lint (with module boundaries), type-check,
# build of every deployable, unit tests, then integration, end-to-end and browser tests against the real PostgreSQL
# and a Kafka broker started here. Every step is an Nx target (`nx run-many -t lint|build|test|integration`,
# `nx run e2e:e2e`, `nx run e2e:browser`), so a repeated run takes unchanged projects from the Nx cache.
# Needs: PostgreSQL on 127.0.0.1:5432 reachable as a superuser (PGUSER, default postgres; started if it is
# a local cluster that is down), Redis on REDIS_URL (default 127.0.0.1:6379; started if redis-server is
# installed; tests use keys under their own prefix only), Java 17 and Maven (the broker jars are resolved from Maven Central once),
# kubectl for the Kubernetes manifests' test (`kubectl kustomize`, no cluster), Chromium for the browser tests (Debian's `chromium` package; scripts/ensure-chromium.sh --install as root installs it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NX_DAEMON="${NX_DAEMON:-false}" NX_NO_CLOUD=true NX_TUI=false
export TEST_KAFKA_BROKERS="${TEST_KAFKA_BROKERS:-127.0.0.1:19092}"
kafka_port="${TEST_KAFKA_BROKERS##*:}"

step() { printf '\n=== %s (%s) ===\n' "$*" "$(date +%T)"; }

[ -d node_modules ] || npm ci --no-audit --no-fund
source scripts/use-node.sh
echo "node $(node --version) ($(command -v node))"
bash scripts/ensure-postgres.sh
bash scripts/ensure-redis.sh
chromium="$(bash scripts/ensure-chromium.sh)"   # MPP_CHROMIUM=<path>
export "${chromium?}"

step "lint"
npm run --silent lint
step "type-check (sources, tests, scripts)"
npm run --silent typecheck
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
step "fault injection, short form (e2e/chaos.e2e-spec.ts; long form: npm run chaos)"
npx jest -c jest.chaos.config.js --runInBand
step "browser tests (Chromium at $MPP_CHROMIUM)"
npm run --silent test:browser
step "all tests passed"
