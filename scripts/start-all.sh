#!/usr/bin/env bash
# Starts the whole platform on this machine, without Docker, on the project's Node.js 24: PostgreSQL (if it
# is down), a Kafka broker from the Maven-resolved jars, the database roles and schemas, a check that Redis
# answers on REDIS_URL (default redis://127.0.0.1:6379; rate limits), the development
# token issuer for officer logins (port 3099), a development mail catcher (MailDev: SMTP on 1025, its web
# page on 1080) unless SMTP_URL points elsewhere, then the four services (each runs its migrations at
# start-up and creates its topics), then the portal (the web app, port 3000). Logs and pid files go to tmp/run/.
#   npm run start:all     stop with: npm run stop:all
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
run="$root/tmp/run"
mkdir -p "$run"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
database="${MPP_DATABASE:-mpp}"

bash scripts/ensure-postgres.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
source scripts/use-node.sh
KAFKA_PORT="$KAFKA_PORT" bash deploy/local/kafka/kafka.sh start
bash deploy/postgres/bootstrap.sh "$database"
NX_DAEMON=false NX_TUI=false npx nx run-many -t build --outputStyle=static

# Rate-limit counters (shared by the services' replicas): the development machines run Redis on 6379.
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
redis_address="${REDIS_URL#*://}"; redis_address="${redis_address##*@}"; redis_address="${redis_address%%/*}"
redis_host="${redis_address%:*}"; redis_port="${redis_address##*:}"
[ "$redis_port" = "$redis_address" ] && redis_port=6379
if (exec 3<>"/dev/tcp/$redis_host/$redis_port" && printf 'PING\r\n' >&3 && timeout 2 head -c 5 <&3 | grep -q PONG) 2>/dev/null; then
  echo "Redis reachable at $redis_host:$redis_port (rate limits shared)"
else
  echo "WARNING: Redis is NOT reachable at $redis_host:$redis_port (REDIS_URL=$REDIS_URL): the services start, but count" >&2
  echo "         rate limits in each process's memory until it is (start redis-server, or set REDIS_URL)." >&2
fi

issuer_port="${DEV_ISSUER_PORT:-3099}"
export OIDC_ISSUER="${OIDC_ISSUER:-http://localhost:$issuer_port}"

# The services believe X-Forwarded-For only from the portal (it runs on this machine, so loopback): their
# rate limits and audit trail then see the end user's address, never the portal's.
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-loopback}"

start() { # name (an Nx project under services/ or tools/) [env...]
  local name=$1 entry
  entry="$(ls dist/*/"$name"/*/"$name"/src/main.js)"
  shift 1
  if [ -f "$run/$name.pid" ] && kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$run/$name.pid"))"
    return
  fi
  env LOG_LEVEL="${LOG_LEVEL:-info}" "$@" nohup node -r ./scripts/register-paths.js "$entry" >>"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
}

start_service() { # name port role kafka-password [extra env...]
  local name=$1 port=$2 role=$3 kafka_password=$4
  shift 4
  # Each service runs as its runtime role and migrates at start-up as the schema's owner role
  # (deploy/postgres/bootstrap.sql); it logs in to Kafka as its own principal (its name; ACLs in
  # deploy/kafka/acls.conf).
  start "$name" PORT="$port" DATABASE_URL="postgres://$role:$role@$PGHOST:$PGPORT/$database" \
    MIGRATION_DATABASE_URL="postgres://${role%_svc}_owner:${role%_svc}_owner@$PGHOST:$PGPORT/$database" \
    KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" KAFKA_SASL_USERNAME="$name" KAFKA_SASL_PASSWORD="$kafka_password" "$@"
}

portal_port="${PORTAL_PORT:-3000}"
# Officer tokens and the officers' login page for local use (it starts only with NODE_ENV development or
# test, on loopback); it sends login codes only to the portal's callback.
start dev-issuer NODE_ENV=development DEV_ISSUER_PORT="$issuer_port" DEV_ISSUER_URL="$OIDC_ISSUER" \
  DEV_ISSUER_REDIRECT_URIS="http://localhost:$portal_port/auth/callback,http://127.0.0.1:$portal_port/auth/callback"
for _ in $(seq 1 40); do curl -fs "$OIDC_ISSUER/.well-known/openid-configuration" >/dev/null && break; sleep 0.25; done

# Email: the development mail catcher (MailDev, from the npm registry) catches every message the
# notification service sends; read them in its web page. With SMTP_URL set, mail goes there instead.
mail_web_port="${MAIL_CATCHER_WEB_PORT:-1080}"
if [ -z "${SMTP_URL:-}" ]; then
  mail_smtp_port="${MAIL_CATCHER_SMTP_PORT:-1025}"
  SMTP_URL="smtp://127.0.0.1:$mail_smtp_port"
  if [ -f "$run/mail-catcher.pid" ] && kill -0 "$(cat "$run/mail-catcher.pid")" 2>/dev/null; then
    echo "mail-catcher already running (pid $(cat "$run/mail-catcher.pid"))"
  else
    nohup node node_modules/maildev/dist/bin/maildev.js --smtp "$mail_smtp_port" --web "$mail_web_port" --ip 127.0.0.1 --web-ip 127.0.0.1 \
      >>"$run/mail-catcher.log" 2>&1 &
    echo $! >"$run/mail-catcher.pid"
  fi
  mail_catcher_url="http://localhost:$mail_web_port"
fi

# The development passwords kafka.sh created the principals with (same variables and defaults).
start_service application-intake 3001 intake_svc "${KAFKA_INTAKE_PASSWORD:-application-intake-dev-secret}"
start_service document-verification 3002 verification_svc "${KAFKA_VERIFICATION_PASSWORD:-document-verification-dev-secret}"
# Permit QR codes and verification links open the portal's verification page.
start_service permit-issuance 3003 issuance_svc "${KAFKA_ISSUANCE_PASSWORD:-permit-issuance-dev-secret}" PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:3003}" \
  PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://localhost:$portal_port}"

# Tells applicants (email to SMTP_URL; WhatsApp/SMS when MESSAGE_GATEWAY_URL is set) and officers.
start_service notification 3004 notification_svc "${KAFKA_NOTIFICATION_PASSWORD:-notification-dev-secret}" SMTP_URL="$SMTP_URL" \
  NOTIFY_FROM="${NOTIFY_FROM:-MPP Licensing <no-reply@mpp.localhost>}" PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://localhost:$portal_port}" \
  NOTIFY_PUBLIC_URL="${NOTIFY_PUBLIC_URL:-http://localhost:3004}"

for port in 3001 3002 3003 3004; do
  for _ in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; then break; fi
    sleep 0.25
  done
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "service on port $port is not ready; see $run/*.log" >&2; exit 1; }
done
# The portal forwards its /api routes to the services started above; officers sign in at the dev issuer
# (OIDC_ISSUER), their sessions live in Redis (REDIS_URL). Open it at PUBLIC_BASE_URL (the login returns there).
start portal TRUSTED_PROXIES= PORT="$portal_port" INTAKE_URL=http://127.0.0.1:3001 VERIFICATION_URL=http://127.0.0.1:3002 ISSUANCE_URL=http://127.0.0.1:3003 \
  OIDC_ISSUER="$OIDC_ISSUER" PUBLIC_BASE_URL="http://localhost:$portal_port" REDIS_URL="$REDIS_URL"
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$portal_port/health/ready" >/dev/null && break; sleep 0.25; done
curl -fs "http://127.0.0.1:$portal_port/health/ready" >/dev/null || { echo "the portal is not ready; see $run/portal.log" >&2; exit 1; }

echo "ready: intake http://localhost:3001/docs  verification http://localhost:3002/docs  issuance http://localhost:3003/docs  notification http://localhost:3004/docs"
if [ -n "${mail_catcher_url:-}" ]; then
  echo "mail: every message the platform sends lands in the mail catcher, read it at $mail_catcher_url  (SMTP $SMTP_URL)"
else
  echo "mail: sent to SMTP_URL=$SMTP_URL"
fi
echo "officer tokens: curl -s -X POST $OIDC_ISSUER/token -H 'content-type: application/json' -d '{\"username\":\"salatiga.verifier\"}'"
echo "portal: http://localhost:$portal_port  (officers: http://localhost:$portal_port/petugas, sign in by picking a demo officer)"
