/**
 * The production Compose overlay (docker-compose.production.yml over docker-compose.yml) checked without a
 * Docker engine: the two files are merged and interpolated as Compose does, with the values of a filled-in
 * .env.production.example, and the result held to what a production installation needs (required secrets,
 * loopback ports but the entry point, hardened containers, production-mode Keycloak, pinned images), the
 * entry point's routes to the services' own controllers, and the production realm without demo officers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@mpp/testing';
import {
  ComposeFile,
  dependsOn,
  envFileVariables,
  environmentOf,
  interpolateAll,
  mergeCompose,
  parseCompose,
  publishedPortBindings,
  variablesOf,
} from './support/compose';

const read = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8');
const BASE = 'docker-compose.yml';
const OVERLAY = 'docker-compose.production.yml';
const EXAMPLE = '.env.production.example';

const PUBLIC_HOST = 'perizinan.example.go.id';
const DIGEST = `sha256:${'ab12'.repeat(16)}`;

/** The variables of .env.production.example (all of them, filled in or not). */
const exampleVariables = () => envFileVariables(read(EXAMPLE));

/** A filled-in .env.production: what an operator would write. */
function filledIn(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, example] of exampleVariables()) {
    if (example) values[name] = example;
    else if (name === 'PUBLIC_HOST') values[name] = PUBLIC_HOST;
    else if (name === 'ACME_EMAIL') values[name] = 'tim-platform@example.go.id';
    else if (name.endsWith('_IMAGE')) values[name] = `registry.example.go.id/mpp/${name.toLowerCase()}@${DIGEST}`;
    else if (name === 'S3_ENDPOINT') values[name] = 'https://s3.example.go.id';
    else if (name === 'S3_REGION') values[name] = 'id-jkt-1';
    else if (name === 'S3_BUCKET') values[name] = 'mpp-documents';
    else if (name === 'KAFKA_CLUSTER_ID') values[name] = 'q1Sh-9_ISia_zwGINzRvyQ';
    else if (name === 'KEYCLOAK_REALM_FILE') values[name] = '/etc/mpp/mpp-realm.json';
    else values[name] = `${name.toLowerCase()}-0f9e8d7c6b5a49382716`;
  }
  return values;
}

function production(vars: Record<string, string>): ComposeFile {
  return interpolateAll(mergeCompose(parseCompose(read(BASE)), parseCompose(read(OVERLAY))), vars);
}

describe('the production Compose overlay', () => {
  const vars = filledIn();
  const model = production(vars);
  const started = Object.entries(model.services).filter(([, s]) => !s.profiles?.length);
  // The platform's services: built from the shared Dockerfile with their own folder (not the kafka-init one-shot).
  const baseServices = parseCompose(read(BASE)).services;
  const built = Object.keys(baseServices).filter((n) => baseServices[n].build?.args?.SERVICE === n);
  // The back-office services (a database of their own); the portal is the web app in front of them.
  const backOffice = built.filter((n) => n !== 'portal');

  it('requires every variable of .env.production.example that has no value, and lists every one it uses', () => {
    const used = new Map([...variablesOf(read(BASE)), ...variablesOf(read(OVERLAY))]);
    const overlayVars = variablesOf(read(OVERLAY));
    const example = exampleVariables();
    for (const [name, value] of example) {
      expect({ name, used: used.has(name) }).toEqual({ name, used: true });
      if (!value) expect({ name, required: overlayVars.get(name)?.required }).toEqual({ name, required: true });
    }
    for (const [name, { required }] of overlayVars) {
      if (required) expect({ name, listed: example.has(name) }).toEqual({ name, listed: true });
    }
  });

  it('does not start while any required value is missing, naming it', () => {
    const required = [...variablesOf(read(OVERLAY))].filter(([, v]) => v.required).map(([name]) => name);
    expect(required.length).toBeGreaterThan(20);
    for (const name of required) {
      expect(() => production({ ...vars, [name]: '' })).toThrow(`required variable ${name} is missing`);
    }
  });

  it('runs every platform service in production mode, from a pinned image, with no development default left', () => {
    expect(built).toContain('portal');
    for (const name of backOffice) {
      const service = model.services[name];
      const env = environmentOf(service);
      expect({ name, build: service.build }).toEqual({ name, build: undefined });
      expect(service.image).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(env.NODE_ENV).toBe('production');
      expect(new URL(env.OIDC_ISSUER).protocol).toBe('https:');
      expect(env.OIDC_JWKS_URI).toBeUndefined();
      const db = new URL(env.DATABASE_URL);
      expect(decodeURIComponent(db.password)).toBe(vars[`${db.username.replace(/_svc$/, '').toUpperCase()}_DB_PASSWORD`]);
      if (env.DOCUMENT_STORE) {
        expect(env.DOCUMENT_STORE).toBe('s3');
        expect(env.S3_ENDPOINT).toBe(vars.S3_ENDPOINT);
      }
      if (env.PUBLIC_BASE_URL) expect(env.PUBLIC_BASE_URL).toBe(`https://${PUBLIC_HOST}`);
    }
  });

  it("migrates each schema in a one-shot job as its owner role, and starts the service after it without the owner's password", () => {
    for (const name of backOffice) {
      const service = model.services[name];
      const env = environmentOf(service);
      expect({ name, migrateOnStart: env.DB_MIGRATE_ON_START, ownerUrl: env.MIGRATION_DATABASE_URL }).toEqual({ name, migrateOnStart: 'false', ownerUrl: undefined });
      const runtime = new URL(env.DATABASE_URL).username;
      const jobName = `${runtime.replace(/_svc$/, '')}-migrations`;
      expect(dependsOn(service)).toMatchObject({ [jobName]: 'service_completed_successfully' });

      const job = model.services[jobName];
      expect(job.image).toBe(service.image);
      expect(job.restart).toBe('no');
      expect(job.command).toEqual(['sh', '-c', 'exec node -r ./scripts/register-paths.js dist/services/$SERVICE/src/migrate.js']);
      expect(dependsOn(job)).toEqual({ postgres: 'service_healthy' });
      const jobEnv = environmentOf(job);
      expect(Object.keys(jobEnv)).toEqual(['MIGRATION_DATABASE_URL']);
      const owner = new URL(jobEnv.MIGRATION_DATABASE_URL);
      expect(owner.username).toBe(runtime.replace(/_svc$/, '_owner'));
      expect(decodeURIComponent(owner.password)).toBe(vars[`${runtime.replace(/_svc$/, '').toUpperCase()}_OWNER_DB_PASSWORD`]);
    }
  });

  it('takes every secret of every container from .env.production, none from a development default', () => {
    const secrets = Object.entries(vars)
      .filter(([name]) => /PASSWORD|SECRET|PEPPER|PASSPHRASE/.test(name))
      .map(([, value]) => value);
    const secretSettings = started.flatMap(([name, s]) =>
      Object.entries(environmentOf(s))
        .filter(([key, value]) => /PASSWORD|SECRET|PEPPER|PASSPHRASE/.test(key) || (/JAAS_CONFIG/.test(key) && value.includes('password=')))
        .map(([key, value]) => ({ setting: `${name}.${key}`, value })),
    );
    expect(secretSettings.length).toBeGreaterThan(20);
    for (const { setting, value } of secretSettings) {
      expect({ setting, fromEnvFile: secrets.some((secret) => value.includes(secret)) }).toEqual({ setting, fromEnvFile: true });
      expect({ setting, value }).toEqual({ setting, value: expect.not.stringMatching(/dev-secret|minioadmin|mpp-minio-secret/) });
    }
  });

  it('pins every image it starts by digest', () => {
    for (const [name, service] of started) expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/@sha256:[0-9a-f]{64}$/) });
  });

  it('publishes only the entry point beyond this host', () => {
    const exposed = started.flatMap(([name, s]) =>
      publishedPortBindings(s)
        .filter((p) => p.hostIp !== '127.0.0.1')
        .map((p) => `${name}:${p.published}`),
    );
    expect(exposed.sort()).toEqual(['proxy:443', 'proxy:443', 'proxy:80']);
    for (const name of built) expect(publishedPortBindings(model.services[name]).map((p) => p.hostIp)).toEqual(['127.0.0.1']);
  });

  it('hardens every container: read-only root (documented exceptions), no capabilities, no new privileges, limits', () => {
    const writableRoot = started.filter(([, s]) => s.read_only !== true).map(([name]) => name);
    // Kafka's image renders its configuration into /opt/kafka; Keycloak's `start` builds into /opt/keycloak.
    expect(writableRoot.sort()).toEqual(['kafka', 'keycloak']);
    for (const [name, s] of started) {
      expect({ name, cap_drop: s.cap_drop }).toEqual({ name, cap_drop: ['ALL'] });
      expect({ name, cap_add: s.cap_add ?? [] }).toEqual({ name, cap_add: name === 'proxy' ? ['NET_BIND_SERVICE'] : [] });
      expect({ name, security_opt: s.security_opt }).toEqual({ name, security_opt: ['no-new-privileges:true'] });
      expect({ name, pids: s.pids_limit }).toEqual({ name, pids: expect.any(Number) });
      expect({ name, memory: s.deploy?.resources?.limits?.memory }).toEqual({ name, memory: expect.stringMatching(/^\d+[mg]$/) });
      expect({ name, cpus: s.deploy?.resources?.limits?.cpus }).toEqual({ name, cpus: expect.stringMatching(/^\d+(\.\d+)?$/) });
    }
  });

  it('does not start the development MinIO, and nothing waits for it', () => {
    expect(model.services.minio?.profiles).toEqual(['development-only']);
    for (const [name, s] of started) expect({ name, minio: 'minio' in dependsOn(s) }).toEqual({ name, minio: false });
  });

  it('runs Keycloak in production mode on its own PostgreSQL database, behind the entry point', () => {
    const keycloak = model.services.keycloak;
    const env = environmentOf(keycloak);
    expect(keycloak.command).toEqual(['start', '--import-realm']);
    expect(env).toMatchObject({
      KC_DB: 'postgres',
      KC_DB_URL: 'jdbc:postgresql://postgres:5432/keycloak',
      KC_DB_USERNAME: 'keycloak',
      KC_DB_PASSWORD: vars.KEYCLOAK_DB_PASSWORD,
      KC_HOSTNAME: `https://${PUBLIC_HOST}/auth`,
      KC_HTTP_RELATIVE_PATH: '/auth',
      KC_PROXY_HEADERS: 'xforwarded',
    });
    expect(dependsOn(keycloak)).toEqual({ postgres: 'service_healthy' });
    // The services trust tokens of that realm at that address.
    for (const name of built) expect(environmentOf(model.services[name]).OIDC_ISSUER).toBe(`${env.KC_HOSTNAME}/realms/mpp`);
    expect(keycloak.volumes).toEqual([`${vars.KEYCLOAK_REALM_FILE}:/opt/keycloak/data/import/mpp-realm.json:ro`]);
    // Its database and role: the postgres init hook of the overlay, with the same password.
    const postgres = model.services.postgres;
    expect(postgres.volumes).toContain('./deploy/postgres/initdb/20-keycloak.sh:/docker-entrypoint-initdb.d/20-keycloak.sh:ro');
    expect(environmentOf(postgres).KEYCLOAK_DB_PASSWORD).toBe(vars.KEYCLOAK_DB_PASSWORD);
    expect(read('deploy/postgres/initdb/20-keycloak.sh')).toMatch(/CREATE DATABASE keycloak OWNER keycloak/);
  });

  it('lets the services reach the issuer at the public host through the entry point, inside the network', () => {
    expect(model.services.proxy.networks?.default?.aliases).toEqual([PUBLIC_HOST]);
    expect(environmentOf(model.services.proxy).PUBLIC_HOST).toBe(PUBLIC_HOST);
  });

  it('trusts X-Forwarded-For from the entry point and the portal only, at their fixed addresses in the network', () => {
    const address = model.services.proxy.networks?.default?.ipv4_address ?? '';
    const portalAddress = model.services.portal.networks?.default?.ipv4_address ?? '';
    const subnet = (model as { networks?: { default?: { ipam?: { config?: { subnet: string }[] } } } }).networks?.default?.ipam?.config?.[0]?.subnet ?? '';
    const [network, bits] = subnet.split('/');
    const toInt = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
    const networkPart = (ip: string) => Math.floor(toInt(ip) / 2 ** (32 - Number(bits)));
    for (const a of [address, portalAddress]) {
      expect(a).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(networkPart(a)).toBe(networkPart(network));
    }
    expect(portalAddress).not.toBe(address);
    // The services: the entry point (API clients with a token) and the portal (browsers).
    for (const name of backOffice) expect(environmentOf(model.services[name]).TRUSTED_PROXIES).toBe(`${address},${portalAddress}`);
    // The portal: the entry point only.
    expect(environmentOf(model.services.portal).TRUSTED_PROXIES).toBe(address);
  });

  it('runs the portal in production mode: https public address, the realm of the entry point, sessions in the Redis with a password', () => {
    const portal = model.services.portal;
    const env = environmentOf(portal);
    expect(portal.build).toBeUndefined();
    expect(portal.image).toBe(vars.PORTAL_IMAGE);
    expect(env).toMatchObject({
      NODE_ENV: 'production',
      PORT: '3000',
      WEB_ROOT: '/app/dist/web',
      OIDC_ISSUER: `https://${PUBLIC_HOST}/auth/realms/mpp`,
      OIDC_CLIENT_ID: 'mpp-portal',
      PUBLIC_BASE_URL: `https://${PUBLIC_HOST}`,
      REDIS_URL: `redis://:${vars.REDIS_PASSWORD}@redis:6379`,
      INTAKE_URL: 'http://application-intake:3001',
      VERIFICATION_URL: 'http://document-verification:3002',
      ISSUANCE_URL: 'http://permit-issuance:3003',
    });
    expect(env.OIDC_INTERNAL_ORIGIN).toBeUndefined();
    expect(env.OIDC_JWKS_URI).toBeUndefined();
    expect(model.services.proxy.depends_on).toContain('portal');
    // Permit QR codes open the portal's verification page at the public address.
    expect(environmentOf(model.services['permit-issuance']).PORTAL_BASE_URL).toBe(`https://${PUBLIC_HOST}`);
  });

  it('keeps the rate-limit counters in a Redis that wants a password', () => {
    const redis = model.services.redis;
    expect(JSON.stringify(redis.command)).toContain('--requirepass');
    expect(environmentOf(redis).REDIS_PASSWORD).toBe(vars.REDIS_PASSWORD);
    for (const name of built) expect(environmentOf(model.services[name]).REDIS_URL).toBe(`redis://:${vars.REDIS_PASSWORD}@redis:6379`);
  });
});

describe('the production realm (deploy/keycloak/production-realm.mjs)', () => {
  const script = path.join(REPO_ROOT, 'deploy/keycloak/production-realm.mjs');
  const realm = JSON.parse(execFileSync(process.execPath, [script, `https://${PUBLIC_HOST}`], { encoding: 'utf8' }));
  const development = JSON.parse(read('deploy/keycloak/mpp-realm.json'));

  it('has the roles and clients of the development realm, without the demo officers', () => {
    expect(development.users.length).toBeGreaterThan(0);
    expect(realm.users).toBeUndefined();
    expect(realm.roles).toEqual(development.roles);
    expect(realm.clients.map((c: { clientId: string }) => c.clientId)).toEqual(development.clients.map((c: { clientId: string }) => c.clientId));
  });

  it('requires TLS, allows only the browser login with PKCE, and sends users back only to the public origin', () => {
    expect(realm.sslRequired).toBe('all');
    for (const client of realm.clients) {
      expect(client.directAccessGrantsEnabled).toBe(false);
      expect(client.attributes['pkce.code.challenge.method']).toBe('S256');
      // The portal's login callback (PUBLIC_BASE_URL + /auth/callback) and its home page after logout.
      expect(client.redirectUris).toEqual([`https://${PUBLIC_HOST}/auth/callback`]);
      expect(client.webOrigins).toEqual([`https://${PUBLIC_HOST}`]);
      expect(client.attributes['post.logout.redirect.uris']).toBe(`https://${PUBLIC_HOST}/`);
    }
  });

  it('refuses an origin that is not https', () => {
    expect(() => execFileSync(process.execPath, [script, `http://${PUBLIC_HOST}`], { stdio: 'pipe' })).toThrow(/must be an https:\/\/ origin/);
  });
});

describe('the entry point (deploy/compose/Caddyfile)', () => {
  const caddyfile = read('deploy/compose/Caddyfile');
  /** Matcher name -> its paths, and matcher name -> the upstream its handle block proxies to. */
  const matchers = new Map([...caddyfile.matchAll(/^\s*@(\w+) path (.+)$/gm)].map((m) => [m[1], m[2].trim().split(/\s+/)]));
  const upstreams = new Map([...caddyfile.matchAll(/handle @(\w+) \{\s*reverse_proxy ([\w-]+):(\d+)/g)].map((m) => [m[1], `${m[2]}:${m[3]}`]));
  const routeOf = (requestPath: string): string | undefined => {
    for (const [name, paths] of matchers) {
      const hit = paths.some((p) => (p.endsWith('/*') ? requestPath.startsWith(p.slice(0, -1)) : requestPath === p));
      if (hit) return upstreams.get(name) ?? `@${name}`;
    }
    return undefined;
  };
  const base = parseCompose(read(BASE));
  const servicesDir = path.join(REPO_ROOT, 'services');
  const controllerPrefixes = (service: string): string[] => {
    const files = (fs.readdirSync(path.join(servicesDir, service, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.controller.ts'));
    return files.flatMap((f) =>
      [...fs.readFileSync(path.join(servicesDir, service, 'src', f), 'utf8').matchAll(/@Controller\('(api\/v1\/[\w-]+)/g)].map((m) => `/${m[1]}`),
    );
  };

  // The back-office services (a database of their own): API clients with a bearer token reach them directly.
  it.each(fs.readdirSync(servicesDir).filter((d) => fs.existsSync(path.join(servicesDir, d, 'src/main.ts')) && fs.existsSync(path.join(servicesDir, d, 'src/database'))))(
    'routes every public API path of %s to it for a client with a bearer token',
    (service) => {
      const port = environmentOf(base.services[service]).PORT;
      const prefixes = controllerPrefixes(service);
      expect(prefixes.length).toBeGreaterThan(0);
      for (const prefix of prefixes) {
        for (const p of [prefix, `${prefix}/x`]) expect({ p, upstream: routeOf(p) }).toEqual({ p, upstream: `${service}:${port}` });
      }
    },
  );

  it('publishes neither the operators’ endpoints nor the Keycloak admin console', () => {
    for (const p of ['/health/ready', '/health/live', '/metrics', '/docs', '/docs-json']) expect({ p, route: routeOf(p) }).toEqual({ p, route: '@operators' });
    // The services' own audit API is not among the bearer routes (officers read it through the portal's session).
    for (const p of ['/api/v1/audit', '/api/v1/audit/x']) expect({ p, route: routeOf(p) }).toEqual({ p, route: undefined });
    expect(routeOf('/auth/admin/master/console/')).toBe('@keycloakAdmin');
    expect(routeOf('/auth/realms/master/protocol/openid-connect/token')).toBe('@keycloakAdmin');
    expect(caddyfile).toMatch(/handle @keycloakAdmin \{\s*respond 404/);
    expect(caddyfile).toMatch(/handle @operators \{\s*respond 404/);
    expect(routeOf('/auth/realms/mpp/protocol/openid-connect/auth')).toBe('keycloak:8080');
  });

  it("sends the portal's login routes to the portal, the bearer API routes to the services, and the rest of the site to the portal", () => {
    for (const p of ['/auth/login', '/auth/callback', '/auth/logout', '/auth/session']) expect({ p, route: routeOf(p) }).toEqual({ p, route: 'portal:3000' });
    // Named matchers: tried in the order written, so the portal's login routes before Keycloak's /auth/*.
    const order = ['@keycloakAdmin', '@operators', '@portalAuth', '@keycloak', '@bearer'].map((m) => caddyfile.indexOf(`handle ${m} {`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(caddyfile).toMatch(/@bearer header Authorization "Bearer \*"/);
    // The catch-all (no matcher) is the portal: the web app and browsers' same-origin /api calls.
    expect(caddyfile).toMatch(/\n\thandle \{\s*reverse_proxy portal:3000\s*\}\s*\}\s*$/);
    // No path matcher in a top-level handle (those would be sorted before the named ones).
    expect(caddyfile).not.toMatch(/^\thandle \//m);
  });
});
