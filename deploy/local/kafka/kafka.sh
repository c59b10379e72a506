#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) from the official jars on Maven Central.
#
#   kafka.sh start | stop | status | clean | resolve (only fetch the jars)
#
# Environment (see README.md):
#   KAFKA_PORT             PLAINTEXT port (default 9092)
#   KAFKA_CONTROLLER_PORT  CONTROLLER port (default KAFKA_PORT+1)
#   KAFKA_DATA_DIR         data dir (default <repo>/tmp/kafka-$KAFKA_PORT)
#   KAFKA_HEAP             JVM heap flags (default "-Xmx512m -Xms256m")
#   KAFKA_JVM_OPTS         other JVM flags (default G1 with short pauses, headless)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to answer (default 120)
#   KAFKA_VERSION          Kafka version to resolve (default: kafka.version in pom.xml)
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
export KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DATA_DIR

LIB_DIR="$SCRIPT_DIR/target/lib"
VERSION_MARKER="$LIB_DIR/.kafka-version"
PROPS_FILE="$KAFKA_DATA_DIR/server.properties"
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
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

# True if something accepts TCP connections on the PLAINTEXT port (cheap pre-check).
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null
}

# True if a broker on $BROKER answers a metadata request (within ~1 s).
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

resolve_jars() {
  local version
  version="$(wanted_version)"
  [[ -n "$version" ]] || die "cannot read kafka.version from $SCRIPT_DIR/pom.xml"
  if [[ -f "$VERSION_MARKER" && "$(cat "$VERSION_MARKER")" == "$version" ]]; then
    return 0
  fi
  mkdir -p "$SCRIPT_DIR/target"
  # Serialize with other kafka.sh runs (e.g. a dev and a test broker starting together).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$SCRIPT_DIR/target/.resolve.lock"
    flock 9
    if [[ -f "$VERSION_MARKER" && "$(cat "$VERSION_MARKER")" == "$version" ]]; then
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
  echo "$version" >"$staging/.kafka-version"
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
  sed -e "s|\${KAFKA_PORT}|$(sed_escape "$KAFKA_PORT")|g" \
    -e "s|\${KAFKA_CONTROLLER_PORT}|$(sed_escape "$KAFKA_CONTROLLER_PORT")|g" \
    -e "s|\${KAFKA_DATA_DIR}|$(sed_escape "$KAFKA_DATA_DIR")|g" \
    "$SCRIPT_DIR/server.properties.template" >"$PROPS_FILE.tmp"
  mv "$PROPS_FILE.tmp" "$PROPS_FILE"
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

format_storage() {
  if [[ -f "$KAFKA_DATA_DIR/logs/meta.properties" ]]; then
    return 0
  fi
  local id
  id="$(cluster_id)"
  log "formatting $KAFKA_DATA_DIR/logs (cluster id $id)"
  "$JAVA" -cp "$LIB_DIR/*" kafka.tools.StorageTool format \
    -t "$id" -c "$PROPS_FILE" --ignore-formatted >"$KAFKA_DATA_DIR/format.log" 2>&1 ||
    { cat "$KAFKA_DATA_DIR/format.log" >&2; die "storage format failed"; }
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
  if answers; then
    log "already running on $BROKER"
    return 0
  fi
  if pid="$(running_pid)"; then
    # Started by another kafka.sh that may still be waiting for it.
    log "broker process $pid exists but does not answer yet; waiting"
    wait_ready "$pid"
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
  resolve) resolve_jars && log "Kafka $(wanted_version) jars in $LIB_DIR" ;;
  *)
    echo "usage: $(basename "$0") start|stop|status|clean|resolve" >&2
    exit 2
    ;;
esac
