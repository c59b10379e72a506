# One image per service, all from this file (build context: the repository root):
#
#   docker build -f deploy/docker/service.Dockerfile \
#     --build-arg SERVICE=permit-issuance --build-arg PORT=3003 -t mpp/permit-issuance .
#
# SERVICE: application-intake | document-verification | permit-issuance | notification | portal (a folder under services/)
# PORT:    the port the service listens on (3001 | 3002 | 3003 | 3000); exposed, and used by the health check.
# The portal's image also holds its built web app (dist/web; the portal runs with WEB_ROOT=/app/dist/web).
# NODE_IMAGE: the Node.js 24 base of every stage: the official node:24-bookworm-slim by default; on machines
#          without an image registry scripts/images.sh builds mpp/base:<node version> from Debian packages
#          and the npm registry (deploy/docker/base/) and passes --build-arg NODE_IMAGE=mpp/base:<version>.
# VERSION, REVISION, CREATED, SOURCE, LICENSES: the OCI labels (org.opencontainers.image.*) of a release
#          (docs/operations.md, "Releases"; scripts/images.sh sets them from package.json and git).
# Every image carries the CycloneDX SBOM of its production dependencies at /app/sbom.cdx.json.
# Builds with the classic builder and with BuildKit alike (no BuildKit-only syntax: Debian's docker.io has
# no buildx, and an offline BuildKit cannot fetch a `# syntax=` frontend).
#
# Runs `node -r ./scripts/register-paths.js dist/services/$SERVICE/src/main.js` as the non-root user
# `node` (/app/dist is the service's build output, `nx build $SERVICE`: the service and the libraries it
# uses). Standalone migrations (DB_MIGRATE_ON_START=false; as the schema's owner role), the dead-letter
# tool and the audit chain verifier with the same image:
#   docker run --rm -e MIGRATION_DATABASE_URL=postgres://<service>_owner:...@db:5432/mpp <image> \
#     sh -c 'exec node -r ./scripts/register-paths.js dist/services/$SERVICE/src/migrate.js'
#   docker run --rm -e KAFKA_BROKERS=... -e KAFKA_SASL_USERNAME=admin -e KAFKA_SASL_PASSWORD=... <image> \
#     node -r ./scripts/register-paths.js dist/libs/messaging/src/dead-letters.cli.js list verification
#   docker run --rm -e DATABASE_URL=... <image> \
#     node -r ./scripts/register-paths.js dist/libs/audit/src/audit-verify.cli.js issuance

ARG NODE_IMAGE=node:24-bookworm-slim

# --- production dependencies only --------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json .npmrc ./
# No dependency needs its install script (see "allowScripts" in package.json).
RUN npm ci --omit=dev --ignore-scripts && rm -rf /root/.npm

# --- compile (all dependencies; `nx build` of each service -> dist/services/<service>/) ----------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false \
    NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts && rm -rf /root/.npm
# The software bill of materials (CycloneDX 1.6 JSON) of the production dependency tree, i.e. of what the
# deps stage installs (the services share one package.json); reproducible: no timestamp, no serial number.
RUN npx cyclonedx-npm --omit dev --output-reproducible --output-file sbom.cdx.json
COPY nx.json tsconfig.base.json ./
COPY libs ./libs
COPY services ./services
RUN npx nx run-many -t build -p application-intake,document-verification,permit-issuance,notification,portal --outputStyle=static
# Declared after the build so that the four images share the layers above.
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'missing --build-arg SERVICE=<application-intake|document-verification|permit-issuance|notification|portal>' >&2; exit 1; }; \
    test -f "dist/services/$SERVICE/services/$SERVICE/src/main.js" || { echo "unknown service '$SERVICE' (no build output under dist/services/$SERVICE)" >&2; exit 1; }

# --- runtime --------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# Owned by root and read-only for the service user: the process never writes to its own code.
# What all five images share comes first (before ARG SERVICE), so that they share these layers.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.base.json ./
COPY scripts/register-paths.js ./scripts/register-paths.js
COPY --from=build /app/sbom.cdx.json ./sbom.cdx.json
ARG SERVICE
ARG PORT
RUN test -n "$SERVICE" && test -n "$PORT" || { echo 'missing --build-arg SERVICE=... and/or --build-arg PORT=...' >&2; exit 1; }
# NODE_OPTIONS: kafkajs 2.2.4's negative timeouts (always clamped to 1 ms) warn on Node.js >= 23
# (tulios/kafkajs#1751); the warning says nothing an operator can act on.
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    PORT=${PORT} \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning
COPY --from=build /app/dist/services/${SERVICE} ./dist
USER node
EXPOSE ${PORT}
# Liveness only (the process serves HTTP); readiness (/health/ready: DB + Kafka) is for the orchestrator.
# node:*-slim has no curl: Node's built-in fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health/live').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# Shell form only to expand $SERVICE; exec hands PID and signals (SIGTERM -> Nest shutdown hooks) to node.
CMD ["sh", "-c", "exec node -r ./scripts/register-paths.js dist/services/$SERVICE/src/main.js"]
# OCI annotations (https://github.com/opencontainers/image-spec/blob/main/annotations.md). Last, so that a
# new revision or build time changes only this metadata, not a cached layer.
ARG NODE_IMAGE
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=
ARG SOURCE=
ARG LICENSES=
LABEL org.opencontainers.image.title="mpp-${SERVICE}" \
      org.opencontainers.image.description="MPP Licensing Platform: the ${SERVICE} service (NestJS on Node.js 24)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
