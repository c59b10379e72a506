#!/usr/bin/env bash
# Stops what scripts/start-all.sh started: the three services, the dev token issuer and the Kafka broker
# (PostgreSQL stays up).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
run="tmp/run"
for name in application-intake document-verification permit-issuance dev-issuer; do
  if [ -f "$run/$name.pid" ]; then
    pid="$(cat "$run/$name.pid")"
    kill "$pid" 2>/dev/null && echo "stopped $name" || true
    rm -f "$run/$name.pid"
  fi
done
KAFKA_PORT="${KAFKA_PORT:-9092}" bash deploy/local/kafka/kafka.sh stop
