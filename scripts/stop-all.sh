#!/usr/bin/env bash
# Stops what scripts/start-all.sh started: the portal, the four services, the dev token issuer, the mail catcher
# and the Kafka broker (PostgreSQL stays up).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
run="tmp/run"
pids=()
for name in portal application-intake document-verification permit-issuance notification dev-issuer mail-catcher; do
  if [ -f "$run/$name.pid" ]; then
    pid="$(cat "$run/$name.pid")"
    kill "$pid" 2>/dev/null && pids+=("$pid") && echo "stopping $name"
    rm -f "$run/$name.pid"
  fi
done
# Let the services leave their consumer groups before the broker goes; otherwise the next start waits
# for the broker to time the old members out.
for pid in "${pids[@]}"; do
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
done
KAFKA_PORT="${KAFKA_PORT:-9092}" bash deploy/local/kafka/kafka.sh stop
