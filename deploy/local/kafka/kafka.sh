#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) from the official jars on Maven Central.
#
#   kafka.sh start | stop | status | clean | resolve (only fetch the jars)
#   kafka.sh acls                   apply acls.conf again (after editing it)
#   kafka.sh scram-user <principal> create a user or rotate its password (password on stdin)
#
# Environment (see README.md):
#   KAFKA_PORT             client port, SASL_PLAINTEXT (default 9092)
#   KAFKA_CONTROLLER_PORT  CONTROLLER port (default KAFKA_PORT+1)
#   KAFKA_DATA_DIR         data dir (default <repo>/tmp/kafka-$KAFKA_PORT)
#   KAFKA_HEAP             JVM heap flags (default "-Xmx512m -Xms256m")
#   KAFKA_JVM_OPTS         other JVM flags (default G1 with short pauses, headless)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to answer (default 120)
#   KAFKA_VERSION          Kafka version to resolve (default: kafka.version in pom.xml)
#
# Security (README.md, "Authentication and ACLs"): the client listener is SASL_PLAINTEXT with SCRAM-SHA-512,
# the StandardAuthorizer denies what no ACL allows. The SCRAM users are created when the data dir is
# formatted; `start` then applies acls.conf (ACLs and topics, idempotent) as admin. Development passwords:
#   KAFKA_ADMIN_PASSWORD         super user `admin` (tools, tests, dead-letter CLI; default admin-dev-secret)
#   KAFKA_BROKER_PASSWORD        the broker's own login (default broker-dev-secret)
#   KAFKA_CONTROLLER_PASSWORD    the controller listener (SASL/PLAIN; default controller-dev-secret)
#   KAFKA_INTAKE_PASSWORD        principal application-intake     (default application-intake-dev-secret)
#   KAFKA_VERIFICATION_PASSWORD  principal document-verification  (default document-verification-dev-secret)
#   KAFKA_ISSUANCE_PASSWORD      principal permit-issuance        (default permit-issuance-dev-secret)
#   KAFKA_NOTIFICATION_PASSWORD  principal notification           (default notification-dev-secret)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"

KAFKA_PORT="${KAFKA_PORT:-9092}"
if ! [[ "$KAFKA_PORT" =~ ^[0-9]+$ ]]; then
  echo "kafka.sh: KAFKA_PORT must be a number (got '$KAFKA_PORT')" >&2
  exit 2
fi
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
if ! [[ "$KAFKA_CONTROLLER_PORT" =~ ^[0-9]+$ ]]; then
  echo "kafka.sh: KAFKA_CONTROLLER_PORT must be a number (got '$KAFKA_CONTROLLER_PORT')" >&2
  exit 2
fi
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$REPO_ROOT/tmp/kafka-$KAFKA_PORT}"
# Absolute, so the rendered config and the pid check do not depend on the cwd.
[[ "$KAFKA_DATA_DIR" == /* ]] || KAFKA_DATA_DIR="$PWD/$KAFKA_DATA_DIR"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR%/}"
KAFKA_HEAP="${KAFKA_HEAP:--Xmx512m -Xms256m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_ADMIN_PASSWORD="${KAFKA_ADMIN_PASSWORD:-admin-dev-secret}"
KAFKA_BROKER_PASSWORD="${KAFKA_BROKER_PASSWORD:-broker-dev-secret}"
KAFKA_CONTROLLER_PASSWORD="${KAFKA_CONTROLLER_PASSWORD:-controller-dev-secret}"
KAFKA_INTAKE_PASSWORD="${KAFKA_INTAKE_PASSWORD:-application-intake-dev-secret}"
KAFKA_VERIFICATION_PASSWORD="${KAFKA_VERIFICATION_PASSWORD:-document-verification-dev-secret}"
KAFKA_ISSUANCE_PASSWORD="${KAFKA_ISSUANCE_PASSWORD:-permit-issuance-dev-secret}"
KAFKA_NOTIFICATION_PASSWORD="${KAFKA_NOTIFICATION_PASSWORD:-notification-dev-secret}"
for secret in "$KAFKA_ADMIN_PASSWORD" "$KAFKA_BROKER_PASSWORD" "$KAFKA_CONTROLLER_PASSWORD" \
  "$KAFKA_INTAKE_PASSWORD" "$KAFKA_VERIFICATION_PASSWORD" "$KAFKA_ISSUANCE_PASSWORD" "$KAFKA_NOTIFICATION_PASSWORD"; do
  # They go into JAAS and --add-scram strings: no quotes, backslashes, commas, brackets or blanks.
  if ! [[ "$secret" =~ ^[A-Za-z0-9._~+=@%-]+$ ]]; then
    echo "kafka.sh: Kafka passwords may only contain letters, digits and . _ ~ + = @ % -" >&2
    exit 2
  fi
done
export KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DATA_DIR
# The admin login of the tools below (wait-ready.cjs, security.cjs; not the broker's environment).
export KAFKA_SASL_USERNAME=admin KAFKA_SASL_PASSWORD="$KAFKA_ADMIN_PASSWORD"

LIB_DIR="$SCRIPT_DIR/target/lib"
VERSION_MARKER="$LIB_DIR/.kafka-version"
PROPS_FILE="$KAFKA_DATA_DIR/server.properties"
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
# Written when the data dir is formatted with the SCRAM users; a data dir without it predates security.
SECURITY_MARKER="$KAFKA_DATA_DIR/security.version"
SECURITY_VERSION="scram-sha-512 acls 1"
ADMIN_CONFIG="$KAFKA_DATA_DIR/admin.properties"
NOTIFICATION_USER_MARKER="$KAFKA_DATA_DIR/scram-user.notification"
LOG_FILE="$KAFKA_DATA_DIR/kafka.log"
BROKER="127.0.0.1:$KAFKA_PORT"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="java"
fi

log() { echo "kafka.sh[$KAFKA_PORT]: $*"; }
die() { echo "kafka.sh[$KAFKA_PORT]: $*" >&2; exit 1; }

# --- broker liveness -------------------------------------------------------

# True if something accepts TCP connections on the client port (cheap pre-check).
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null
}

# True if a broker on $BROKER answers a metadata request as admin (within ~1 s).
answers() {
  port_open || return 1
  KAFKA_START_TIMEOUT=1 node "$SCRIPT_DIR/wait-ready.cjs" "$BROKER" >/dev/null 2>&1
}

# Prints the pid from the pid file if that process is our broker; cleans a stale file.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $PROPS_FILE"; then
    echo "$pid"
    return 0
  fi
  rm -f "$PID_FILE"
  return 1
}

# --- jars ------------------------------------------------------------------

wanted_version() {
  if [[ -n "${KAFKA_VERSION:-}" ]]; then
    echo "$KAFKA_VERSION"
  else
    sed -n 's:.*<kafka\.version>\(.*\)</kafka\.version>.*:\1:p' "$SCRIPT_DIR/pom.xml" | head -n 1
  fi
}

# What target/lib must have been resolved for: the version and the pom (a new dependency re-resolves).
wanted_marker() {
  echo "$1 pom:$(sha256sum "$SCRIPT_DIR/pom.xml" | cut -c1-16)"
}

resolve_jars() {
  local version
  version="$(wanted_version)"
  [[ -n "$version" ]] || die "cannot read kafka.version from $SCRIPT_DIR/pom.xml"
  local marker
  marker="$(wanted_marker "$version")"
  if [[ -f "$VERSION_MARKER" && "$(cat "$VERSION_MARKER")" == "$marker" ]]; then
    return 0
  fi
  mkdir -p "$SCRIPT_DIR/target"
  # Serialize with other kafka.sh runs (e.g. a dev and a test broker starting together).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$SCRIPT_DIR/target/.resolve.lock"
    flock 9
    if [[ -f "$VERSION_MARKER" && "$(cat "$VERSION_MARKER")" == "$marker" ]]; then
      exec 9>&-
      return 0
    fi
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: needed once to resolve the Kafka jars"
  log "resolving Kafka $version jars from Maven Central into $LIB_DIR"
  local staging="$SCRIPT_DIR/target/lib.staging.$$"
  rm -rf "$staging"
  local mvn_log="$SCRIPT_DIR/target/mvn.log"
  if ! mvn -q -B -f "$SCRIPT_DIR/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$staging" -DincludeScope=runtime -Dkafka.version="$version" \
    >"$mvn_log" 2>&1; then
    cat "$mvn_log" >&2
    rm -rf "$staging"
    die "mvn could not resolve Kafka $version"
  fi
  echo "$marker" >"$staging/.kafka-version"
  # Swap in the complete dir; a broker already running keeps its open jars.
  rm -rf "$LIB_DIR.old.$$"
  if [[ -d "$LIB_DIR" ]]; then mv "$LIB_DIR" "$LIB_DIR.old.$$"; fi
  mv "$staging" "$LIB_DIR"
  rm -rf "$LIB_DIR.old.$$"
  if command -v flock >/dev/null 2>&1; then exec 9>&-; fi
}

# --- config and storage ----------------------------------------------------

sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

render_props() {
  mkdir -p "$KAFKA_DATA_DIR"
  # The rendered files hold passwords: readable by this user only.
  (
    umask 077
    sed -e "s|\${KAFKA_PORT}|$(sed_escape "$KAFKA_PORT")|g" \
      -e "s|\${KAFKA_CONTROLLER_PORT}|$(sed_escape "$KAFKA_CONTROLLER_PORT")|g" \
      -e "s|\${KAFKA_DATA_DIR}|$(sed_escape "$KAFKA_DATA_DIR")|g" \
      -e "s|\${KAFKA_BROKER_PASSWORD}|$(sed_escape "$KAFKA_BROKER_PASSWORD")|g" \
      -e "s|\${KAFKA_CONTROLLER_PASSWORD}|$(sed_escape "$KAFKA_CONTROLLER_PASSWORD")|g" \
      "$SCRIPT_DIR/server.properties.template" >"$PROPS_FILE.tmp"
    mv "$PROPS_FILE.tmp" "$PROPS_FILE"
    # Client config of the Java tools (ConfigCommand, AclCommand, ...) as the super user admin.
    cat >"$ADMIN_CONFIG" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
PROPS
  )
}

# A random Kafka Uuid: 16 bytes, URL-safe base64 without padding, not starting with '-'.
cluster_id() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* && ${#id} -eq 22 ]] && break
  done
  echo "$id"
}

# A data dir formatted before the broker required authentication has no SCRAM users: refuse it.
check_security_marker() {
  if [[ -f "$KAFKA_DATA_DIR/logs/meta.properties" && "$(cat "$SECURITY_MARKER" 2>/dev/null)" != "$SECURITY_VERSION" ]]; then
    die "$KAFKA_DATA_DIR was formatted without SASL/SCRAM users (before the broker required authentication); \
run 'KAFKA_PORT=$KAFKA_PORT bash $0 clean' (stops that broker, deletes its topics and offsets) and start again"
  fi
}

format_storage() {
  if [[ -f "$KAFKA_DATA_DIR/logs/meta.properties" ]]; then
    check_security_marker
    return 0
  fi
  local id
  id="$(cluster_id)"
  log "formatting $KAFKA_DATA_DIR/logs (cluster id $id) with SCRAM-SHA-512 users broker, admin, application-intake, document-verification, permit-issuance, notification"
  # The SCRAM credentials go into the metadata log (they survive restarts). format.log echoes their
  # salts and stored keys: it stays in the data dir, and only its error lines are shown on failure.
  if ! (umask 077 && exec "$JAVA" -cp "$LIB_DIR/*" kafka.tools.StorageTool format \
    -t "$id" -c "$PROPS_FILE" --ignore-formatted \
    --add-scram "SCRAM-SHA-512=[name=broker,password=$KAFKA_BROKER_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=application-intake,password=$KAFKA_INTAKE_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=document-verification,password=$KAFKA_VERIFICATION_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=permit-issuance,password=$KAFKA_ISSUANCE_PASSWORD]" \
    --add-scram "SCRAM-SHA-512=[name=notification,password=$KAFKA_NOTIFICATION_PASSWORD]" \
    >"$KAFKA_DATA_DIR/format.log" 2>&1); then
    grep -iv -e 'scram' -e 'salt' -e 'password' "$KAFKA_DATA_DIR/format.log" | tail -n 20 >&2 || true
    die "storage format failed (full output, with credentials: $KAFKA_DATA_DIR/format.log)"
  fi
  echo "$SECURITY_VERSION" >"$SECURITY_MARKER"
  touch "$NOTIFICATION_USER_MARKER"
}

# A data dir formatted before the notification service existed lacks its principal: add it once.
ensure_notification_user() {
  [[ -f "$NOTIFICATION_USER_MARKER" ]] && return 0
  KAFKA_SCRAM_PASSWORD="$KAFKA_NOTIFICATION_PASSWORD" cmd_scram_user notification
  touch "$NOTIFICATION_USER_MARKER"
}

# Applies acls.conf (topics and ACLs of the service principals) as admin; idempotent.
apply_security() {
  node "$SCRIPT_DIR/security.cjs" "$BROKER" || die "could not apply the ACLs and topics of $SCRIPT_DIR/acls.conf"
}

# --- commands --------------------------------------------------------------

wait_ready() {
  local pid="$1"
  if KAFKA_START_TIMEOUT="$KAFKA_START_TIMEOUT" node "$SCRIPT_DIR/wait-ready.cjs" "$BROKER" --pid "$pid" >/dev/null; then
    return 0
  fi
  echo "----- last lines of $LOG_FILE -----" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
  echo "-----" >&2
  if kill -0 "$pid" 2>/dev/null; then
    die "broker (pid $pid) did not answer within ${KAFKA_START_TIMEOUT}s; it is still running (see kafka.sh stop)"
  fi
  rm -f "$PID_FILE"
  die "broker exited during startup"
}

cmd_start() {
  local start_ts pid
  start_ts="$(date +%s%N)"
  mkdir -p "$KAFKA_DATA_DIR"
  # One start at a time per data dir (a concurrent start waits, then finds it running).
  if command -v flock >/dev/null 2>&1; then
    exec 8>"$KAFKA_DATA_DIR/.start.lock"
    flock 8
  fi
  check_security_marker
  if answers; then
    log "already running on $BROKER"
    apply_security
    ensure_notification_user
    return 0
  fi
  if pid="$(running_pid)"; then
    # Started by another kafka.sh that may still be waiting for it.
    log "broker process $pid exists but does not answer yet; waiting"
    wait_ready "$pid"
    apply_security
    ensure_notification_user
    log "running on $BROKER (pid $pid)"
    return 0
  fi
  command -v node >/dev/null 2>&1 || die "node not found"
  resolve_jars
  render_props
  format_storage

  if [[ -f "$LOG_FILE" ]]; then mv -f "$LOG_FILE" "$LOG_FILE.1"; fi
  rm -f "$PID_FILE"
  # New session (setsid) so the broker outlives the calling shell; the inner bash records
  # its own pid and then execs java, so the pid file holds the java pid.
  # shellcheck disable=SC2086 # KAFKA_HEAP / KAFKA_JVM_OPTS are word lists on purpose
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" $KAFKA_HEAP $KAFKA_JVM_OPTS \
    -Dlog4j2.configurationFile="$SCRIPT_DIR/log4j2.properties" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS_FILE" \
    >"$LOG_FILE" 2>&1 </dev/null 8>&- 9>&- &
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$PID_FILE" ]] && break
    sleep 0.05
  done
  pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || die "could not start java (see $LOG_FILE)"
  log "started broker pid $pid (log $LOG_FILE); waiting for $BROKER"
  wait_ready "$pid"
  apply_security
  ensure_notification_user
  log "running on $BROKER (pid $pid) after $((($(date +%s%N) - start_ts) / 1000000)) ms"
}

cmd_stop() {
  local pid i
  if ! pid="$(running_pid)"; then
    if answers; then
      log "a broker answers on $BROKER but was not started from $KAFKA_DATA_DIR; leaving it alone"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopping broker pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  if answers; then
    echo "running"
    return 0
  fi
  echo "not running"
  return 1
}

# Creates a SCRAM-SHA-512 user or sets a new password (rotation), as admin through ConfigCommand.
# The password comes from KAFKA_SCRAM_PASSWORD or, when unset, one line on stdin (not the command line).
cmd_scram_user() {
  local name="${1:-}" password="${KAFKA_SCRAM_PASSWORD:-}"
  [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "usage: kafka.sh scram-user <principal>  (password from KAFKA_SCRAM_PASSWORD or stdin)"
  if [[ -z "$password" ]]; then IFS= read -r password || true; fi
  [[ "$password" =~ ^[A-Za-z0-9._~+=@%-]{12,}$ ]] || die "the password must have 12+ characters of letters, digits and . _ ~ + = @ % -"
  answers || die "no broker answers on $BROKER as admin (start it first)"
  resolve_jars
  render_props
  "$JAVA" -Xmx256m -cp "$LIB_DIR/*" org.apache.kafka.tools.ConfigCommand --bootstrap-server "$BROKER" \
    --command-config "$ADMIN_CONFIG" --alter --entity-type users --entity-name "$name" \
    --add-config "SCRAM-SHA-512=[password=$password]" >/dev/null
  log "SCRAM-SHA-512 credentials of $name set"
}

cmd_clean() {
  cmd_stop
  case "$KAFKA_DATA_DIR" in
    "" | / | "$HOME" | "$REPO_ROOT" | "$SCRIPT_DIR")
      die "refusing to delete KAFKA_DATA_DIR=$KAFKA_DATA_DIR" ;;
  esac
  if [[ -d "$KAFKA_DATA_DIR" ]]; then
    rm -rf "$KAFKA_DATA_DIR"
    log "deleted $KAFKA_DATA_DIR"
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  clean) cmd_clean ;;
  scram-user) shift; cmd_scram_user "$@" ;;
  acls) apply_security ;;
  resolve) resolve_jars && log "Kafka $(wanted_version) jars in $LIB_DIR" ;;
  *)
    echo "usage: $(basename "$0") start|stop|status|clean|resolve|acls|scram-user <principal>" >&2
    exit 2
    ;;
esac
