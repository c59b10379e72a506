/**
 * The Kubernetes manifests (deploy/k8s): every overlay renders with `kubectl kustomize`, every object validates
 * against its schema (Kubernetes and prometheus-operator: the OpenAPI schemas of `kubernetes-models`, run by
 * e2e/support/validate-kubernetes.mjs; Strimzi and CloudNativePG: e2e/support/operator-schemas.ts), and the
 * manifests agree with the code they deploy: Kafka topics and ACLs with deploy/kafka/acls.conf and
 * libs/contracts, database roles with deploy/postgres/bootstrap.sql, environment names with each service's env
 * class, probes with the health controllers. Needs kubectl on the PATH; starts nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { OPERATOR_SCHEMAS, validateAgainst } from './support/operator-schemas';

const ROOT = path.resolve(__dirname, '..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const OVERLAYS = ['local', 'production'] as const;

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered YAML is checked field by field below */
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

interface Deployable {
  name: string;
  port: number;
  /** Its PostgreSQL roles' prefix (`<role>_owner`, `<role>_svc`), when it has a schema. */
  role?: string;
  kafka: boolean;
  documentStore: boolean;
  /** Env class files, most specific first (names are looked up in their text). */
  envSources: string[];
}

const PLATFORM_CONFIG = 'libs/platform/src/config.ts';
const DEPLOYABLES: Deployable[] = [
  { name: 'application-intake', port: 3001, role: 'intake', kafka: true, documentStore: true, envSources: ['services/application-intake/src/config/intake.env.ts', PLATFORM_CONFIG] },
  { name: 'document-verification', port: 3002, role: 'verification', kafka: true, documentStore: true, envSources: ['services/document-verification/src/config/verification.env.ts', PLATFORM_CONFIG] },
  { name: 'permit-issuance', port: 3003, role: 'issuance', kafka: true, documentStore: false, envSources: ['services/permit-issuance/src/config/issuance.env.ts', PLATFORM_CONFIG] },
  { name: 'notification', port: 3004, role: 'notification', kafka: true, documentStore: false, envSources: ['services/notification/src/config/notification.env.ts', PLATFORM_CONFIG] },
  { name: 'portal', port: 3000, kafka: false, documentStore: false, envSources: ['services/portal/src/config/portal.env.ts'] },
];

/** Variables set only to build another one's value with `$(NAME)` (passwords from Secrets inside URLs). */
const INTERPOLATION_ONLY = new Set(['DB_PASSWORD', 'REDIS_PASSWORD', 'OWNER_PASSWORD']);

function render(overlay: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(ROOT, 'deploy/k8s/overlays', overlay)], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  return parseAllDocuments(text).map((d) => d.toJSON() as K8sObject).filter(Boolean);
}

function validateWithModels(objects: K8sObject[]): { kind: string; name: string; model: string | null; error: string | null }[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'support/validate-kubernetes.mjs')], { cwd: ROOT, input: JSON.stringify(objects), encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  return JSON.parse(out);
}

const rendered = new Map(OVERLAYS.map((o) => [o, render(o)]));
const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const container = (o: K8sObject | undefined) => o?.spec.template.spec.containers[0];
const envNames = (c: any): string[] => (c.env ?? []).map((e: any) => e.name);
const envValue = (c: any, name: string): string | undefined => (c.env ?? []).find((e: any) => e.name === name)?.value;

// --- deploy/kafka/acls.conf ------------------------------------------------------------------------------
const aclLines = read('deploy/kafka/acls.conf').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const aclTopics = new Map(aclLines.filter((l) => l.startsWith('topic ')).map((l) => l.split(/\s+/)).map(([, name, partitions]) => [name, Number(partitions)]));
const aclAllows = aclLines.filter((l) => l.startsWith('allow ')).map((l) => l.split(/\s+/));

describe.each(OVERLAYS)('deploy/k8s/overlays/%s', (overlay) => {
  const objects = rendered.get(overlay) ?? [];

  it('renders with kubectl kustomize into one namespace', () => {
    expect(objects.length).toBeGreaterThan(50);
    const namespaces = new Set(objects.map((o) => o.metadata.namespace));
    expect([...namespaces]).toEqual([overlay === 'local' ? 'mpp-local' : 'mpp']);
  });

  it('validates every object against its schema', () => {
    const results = validateWithModels(objects);
    const errors: string[] = [];
    objects.forEach((o, i) => {
      const r = results[i];
      if (r.model) {
        if (r.error) errors.push(`${o.kind}/${o.metadata.name}: ${r.error}`);
        return;
      }
      const schema = OPERATOR_SCHEMAS[`${o.apiVersion}/${o.kind}`];
      if (!schema) errors.push(`${o.kind}/${o.metadata.name}: no schema for ${o.apiVersion}`);
      else errors.push(...validateAgainst(schema, o).map((e) => `${o.kind}/${o.metadata.name}: ${e}`));
    });
    expect(errors).toEqual([]);
    // Each model was really used (not everything fell through to "no schema").
    expect(new Set(results.map((r) => r.model))).toEqual(new Set(['kubernetes-models', '@kubernetes-models/prometheus-operator', null]));
  });

  it('holds no secret values: Secrets come by reference only', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const o of objects.filter((x) => x.kind === 'ConfigMap')) {
      for (const key of Object.keys(o.data ?? {})) expect(key).not.toMatch(/PASSWORD|SECRET|TOKEN|PEPPER|HASH_KEY|PASSPHRASE|SMTP_URL/);
    }
    for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
      for (const e of container(o).env ?? []) {
        if (/PASSWORD|SECRET|TOKEN|PEPPER|HASH_KEY|PASSPHRASE|SMTP_URL/.test(e.name)) expect([e.name, e.valueFrom?.secretKeyRef?.key]).toEqual([e.name, expect.any(String)]);
        if (typeof e.value === 'string' && /:\/\/[^/]*@/.test(e.value)) expect([e.name, e.value]).toEqual([e.name, expect.stringMatching(/:\/\/[^:/]*:\$\([A-Z_]+\)@/)]);
      }
    }
  });

  it('isolates the namespace: a default deny, then one NetworkPolicy per deployable', () => {
    const deny = find(objects, 'NetworkPolicy', 'default-deny');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  describe.each(DEPLOYABLES)('$name', (d) => {
    const deployment = find(objects, 'Deployment', d.name);
    const c = container(deployment);
    const configMap = find(objects, 'ConfigMap', `${d.name}-config`);

    it('runs with probes on the real health paths, resource limits and a restricted security context', () => {
      expect(c.ports).toEqual([{ name: 'http', containerPort: d.port, protocol: 'TCP' }]);
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(c.startupProbe.httpGet.path).toBe('/health/live');
      expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
      const pod = deployment?.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      const tmp = c.volumeMounts.find((m: any) => m.mountPath === '/tmp');
      expect(pod.volumes.find((v: any) => v.name === tmp?.name)?.emptyDir).toBeDefined();
      expect(find(objects, 'Service', d.name)?.spec.ports).toEqual([{ name: 'http', port: d.port, targetPort: 'http', protocol: 'TCP' }]);
    });

    it('has a PodDisruptionBudget, a HorizontalPodAutoscaler and a ServiceMonitor on /metrics', () => {
      const selector = deployment?.spec.selector.matchLabels;
      expect(find(objects, 'PodDisruptionBudget', d.name)?.spec.selector.matchLabels).toEqual(selector);
      const hpa = find(objects, 'HorizontalPodAutoscaler', d.name);
      expect(hpa?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: d.name });
      expect(hpa?.spec.minReplicas).toBe(overlay === 'local' ? 1 : 3);
      expect(find(objects, 'ServiceMonitor', d.name)?.spec).toMatchObject({ selector: { matchLabels: selector }, endpoints: [{ port: 'http', path: '/metrics' }] });
    });

    it('sets only environment variables its env class reads', () => {
      const sources = d.envSources.map(read).join('\n');
      const names = [...envNames(c), ...Object.keys(configMap?.data ?? {})];
      const unknown = names.filter((n) => !INTERPOLATION_ONLY.has(n) && !new RegExp(`^\\s+(?:readonly\\s+)?${n}\\??\\s*[:=]`, 'm').test(sources));
      expect(unknown).toEqual([]);
      for (const helper of envNames(c).filter((n) => INTERPOLATION_ONLY.has(n))) expect((c.env as any[]).some((e) => e.value?.includes(`$(${helper})`))).toBe(true);
      expect(c.envFrom).toEqual([{ configMapRef: { name: `${d.name}-config` } }]);
      const required = d.role ? ['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'OIDC_ISSUER', 'REDIS_URL', 'PORT', 'TRUSTED_PROXIES'] : ['OIDC_ISSUER', 'OIDC_CLIENT_SECRET', 'PUBLIC_BASE_URL', 'REDIS_URL', 'INTAKE_URL', 'VERIFICATION_URL', 'ISSUANCE_URL', 'PORT', 'TRUSTED_PROXIES'];
      expect(required.filter((n) => !names.includes(n))).toEqual([]);
      if (d.documentStore) expect(configMap?.data?.DOCUMENT_STORE).toBe('s3');
    });

    it('probes the paths the health controller serves', () => {
      const controller = read(d.role ? 'libs/platform/src/health.ts' : 'services/portal/src/health/health.controller.ts');
      expect(controller).toMatch(/@Controller\('health'\)/);
      expect(controller).toMatch(/@Get\('live'\)/);
      expect(controller).toMatch(/@Get\('ready'\)/);
    });

    if (d.role) {
      it('migrates in a Job as the owner role before the rollout; the service runs as the runtime role', () => {
        const role = d.role as string;
        const job = find(objects, 'Job', `${d.name}-migrate`);
        const jc = container(job);
        expect(job?.metadata).toMatchObject({ labels: { 'app.kubernetes.io/component': 'migration' } });
        expect((job?.metadata as any).annotations['argocd.argoproj.io/hook']).toBe('PreSync');
        expect(jc.command.join(' ')).toContain('src/migrate.js');
        expect(envValue(jc, 'SERVICE')).toBe(d.name);
        expect(fs.existsSync(path.join(ROOT, `services/${d.name}/src/migrate.ts`))).toBe(true);
        expect(envValue(jc, 'MIGRATION_DATABASE_URL')).toMatch(new RegExp(`^postgres://${role}_owner:\\$\\(OWNER_PASSWORD\\)@mpp-postgres-rw:5432/mpp$`));
        expect(jc.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(jc.resources.limits).toBeDefined();
        expect(envValue(c, 'DATABASE_URL')).toMatch(new RegExp(`^postgres://${role}_svc:\\$\\(DB_PASSWORD\\)@mpp-postgres-rw:5432/mpp$`));
        expect(envNames(c)).not.toContain('MIGRATION_DATABASE_URL');
        expect(configMap?.data?.DB_MIGRATE_ON_START).toBe('false');
      });
    }

    it('reaches only what it uses (NetworkPolicy)', () => {
      const policy = find(objects, 'NetworkPolicy', d.name);
      expect(policy?.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': d.name });
      expect(policy?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      const egressPorts = new Set<number>(policy?.spec.egress.flatMap((r: any) => r.ports.map((p: any) => p.port)));
      const expected = new Set([53, 443, 6379]);
      if (d.kafka) expected.add(9092);
      if (d.role) expected.add(5432);
      if (d.name === 'notification') [465, 587].forEach((p) => expected.add(p));
      if (d.name === 'portal') DEPLOYABLES.filter((x) => x.role && x.name !== 'notification').forEach((x) => expected.add(x.port));
      expect([...egressPorts].sort()).toEqual([...expected].sort());
      expect(policy?.spec.ingress.every((r: any) => r.ports.every((p: any) => p.port === d.port))).toBe(true);
    });

    if (d.kafka) {
      it('logs in to Kafka as its KafkaUser, whose ACLs are exactly those of deploy/kafka/acls.conf', () => {
        expect(configMap?.data?.KAFKA_SASL_USERNAME).toBe(d.name);
        expect(configMap?.data?.KAFKA_BROKERS).toBe('mpp-kafka-bootstrap:9092');
        expect((c.env as any[]).find((e) => e.name === 'KAFKA_SASL_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: d.name, key: 'password' });
        const user = find(objects, 'KafkaUser', d.name);
        expect(user?.spec.authentication).toEqual({ type: 'scram-sha-512' });
        const fromManifest = (user?.spec.authorization.acls as any[]).flatMap((a) =>
          a.operations.map((op: string) => `${op} ${a.resource.type} ${a.resource.patternType === 'prefix' ? 'prefixed' : a.resource.patternType} ${a.resource.name}`),
        );
        const fromConf = aclAllows.filter((a) => a[1] === d.name).map(([, , op, type, pattern, name]) => `${op} ${type} ${pattern} ${name}`);
        expect(fromManifest.sort()).toEqual(fromConf.sort());
      });
    }
  });

  it('declares every Kafka topic of the contracts and acls.conf as a KafkaTopic with its partitions', () => {
    const topicsSource = read('libs/contracts/src/topics.ts');
    const inCode = new Set([...topicsSource.matchAll(/'(mpp\.[a-z-]+\.[a-z-]+\.v\d+)'/g)].map((m) => m[1]));
    expect(inCode.size).toBeGreaterThan(15);
    expect([...aclTopics.keys()].sort()).toEqual([...inCode].sort());
    const kafkaTopics = objects.filter((o) => o.kind === 'KafkaTopic');
    expect(new Map(kafkaTopics.map((t) => [t.spec.topicName, t.spec.partitions]))).toEqual(aclTopics);
    expect(kafkaTopics.every((t) => t.metadata.labels?.['strimzi.io/cluster'] === 'mpp')).toBe(true);
    const principals = new Set(aclAllows.map((a) => a[1]));
    expect(new Set(objects.filter((o) => o.kind === 'KafkaUser').map((u) => u.metadata.name))).toEqual(principals);
  });

  it('runs Kafka with Strimzi in KRaft mode, SCRAM-SHA-512 and simple authorization', () => {
    const kafka = find(objects, 'Kafka', 'mpp');
    expect(kafka?.metadata).toMatchObject({ annotations: { 'strimzi.io/node-pools': 'enabled', 'strimzi.io/kraft': 'enabled' } });
    expect(kafka?.spec.kafka.listeners).toEqual([expect.objectContaining({ port: 9092, authentication: { type: 'scram-sha-512' } })]);
    expect(kafka?.spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(kafka?.spec.kafka.config['auto.create.topics.enable']).toBe(false);
    const pool = find(objects, 'KafkaNodePool', 'dual-role');
    expect(pool?.spec.roles).toEqual(['controller', 'broker']);
    expect(pool?.spec.replicas).toBe(overlay === 'local' ? 1 : 3);
  });

  it('opens no more database connections than the roles and the server allow, at the most replicas', () => {
    const cluster = find(objects, 'Cluster', 'mpp-postgres');
    const roles = cluster?.spec.managed.roles as any[];
    const limitOf = new Map(roles.map((r) => [r.name, r.connectionLimit as number]));
    const checked: string[] = [];
    const over: string[] = [];
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const c = container(deployment);
      const url = envValue(c, 'DATABASE_URL');
      if (!url) continue;
      const role = /^postgres:\/\/(\w+):/.exec(url)?.[1] as string;
      const config = find(objects, 'ConfigMap', c.envFrom?.[0]?.configMapRef?.name);
      const poolSize = Number(config?.data?.DB_POOL_SIZE ?? 10); // the services' default (libs/platform/src/config.ts)
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === deployment.metadata.name);
      const pods = hpa?.spec.maxReplicas ?? deployment.spec.replicas;
      if (pods * poolSize > (limitOf.get(role) ?? 0)) over.push(`${deployment.metadata.name}: ${pods} pods x ${poolSize} > ${role}'s ${limitOf.get(role)}`);
      checked.push(role);
    }
    expect(over).toEqual([]);
    expect(checked.sort()).toEqual(['intake_svc', 'issuance_svc', 'notification_svc', 'verification_svc']);
    // Every role at its limit, and the superuser's reserved connections (3 by default), within max_connections.
    const total = roles.reduce((sum, r) => sum + r.connectionLimit, 0);
    expect(total + 3).toBeLessThanOrEqual(Number(cluster?.spec.postgresql?.parameters?.max_connections ?? 100));
  });

  it('runs PostgreSQL with CloudNativePG and an owner and a runtime role per service, as deploy/postgres/bootstrap.sql', () => {
    const cluster = find(objects, 'Cluster', 'mpp-postgres');
    const managed = (cluster?.spec.managed.roles as any[]).map((r) => r.name).sort();
    const bootstrap = new Set([...read('deploy/postgres/bootstrap.sql').matchAll(/ALTER ROLE (\w+) LOGIN/g)].map((m) => m[1]));
    expect(managed).toEqual([...bootstrap].sort());
    for (const role of cluster?.spec.managed.roles as any[]) {
      expect(role).toMatchObject({ login: true, superuser: false, createdb: false, createrole: false, passwordSecret: { name: `mpp-db-${role.name.replace('_', '-')}` } });
    }
    // Every Secret a Deployment or Job reads a database password from is one the cluster keeps the role's password in.
    const passwordSecrets = new Set((cluster?.spec.managed.roles as any[]).map((r) => r.passwordSecret.name));
    for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
      for (const e of container(o).env ?? []) if (e.name === 'DB_PASSWORD' || e.name === 'OWNER_PASSWORD') expect(passwordSecrets).toContain(e.valueFrom.secretKeyRef.name);
    }
    expect(cluster?.spec.instances).toBe(overlay === 'local' ? 1 : 3);
    // Production archives the WAL continuously to an ObjectStore and takes nightly base backups with the same
    // plugin (point-in-time recovery, docs/operations.md "Backups and restore"); the local overlay has none.
    const archiver = (cluster?.spec.plugins ?? []).find((p: any) => p.isWALArchiver);
    const scheduled = objects.filter((o) => o.kind === 'ScheduledBackup').map((b) => ({ cluster: b.spec.cluster.name, method: b.spec.method, plugin: b.spec.pluginConfiguration?.name }));
    if (overlay === 'production') {
      expect(find(objects, 'ObjectStore', archiver?.parameters.barmanObjectName)).toBeDefined();
      expect(scheduled).toEqual([{ cluster: 'mpp-postgres', method: 'plugin', plugin: archiver.name }]);
    } else {
      expect([archiver, scheduled]).toEqual([undefined, []]);
    }
  });
});
