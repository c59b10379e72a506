/**
 * The alerting rules (deploy/observability/prometheus/alerts.yaml) and the Grafana dashboards
 * (deploy/observability/grafana/dashboards/*.json) against the metrics the services really expose: every PromQL
 * expression parses with the Prometheus project's own grammar (@prometheus-io/lezer-promql, strict: a syntax
 * error throws), every metric it names is on a running service's /metrics, and every label it matches or
 * groups by is on that metric. The platform (with the notification service and the portal) is started once
 * and one application driven to its permit, so that histograms and labelled counters have series. Also: every
 * alert has a `for`, a severity, a summary, a description and a runbook section that exists, and the
 * Kubernetes copies (scripts/observability-k8s.mjs) are up to date.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { Client } from 'pg';
import { parse } from 'yaml';
import { TOPICS } from '@mpp/contracts';
import { eventually, RunningService, startTestSmtpServer, superuserClient, TEST_DATABASES, testKafka, TestSmtpServer } from '@mpp/testing';
import { application, call, Json, RunningPlatform, startPlatform, startPortal } from './support/platform';

const ROOT = path.resolve(__dirname, '..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const RULES = 'deploy/observability/prometheus/alerts.yaml';
const DASHBOARDS = 'deploy/observability/grafana/dashboards';

/** Series Prometheus makes itself for every target, and the labels it adds to every scraped series. */
const SYNTHETIC_METRICS = new Set(['up']);
const TARGET_LABELS = new Set(['job', 'instance']);
/**
 * Metrics the rules or dashboards use whose events this test does not provoke, so that they have no series
 * (only their HELP and TYPE lines): their label names cannot be checked here. Checked to be exactly those.
 */
const WITHOUT_SERIES_HERE: Record<string, string> = {
  mpp_rate_limit_refused_total: 'no request is refused: the platform runs with limits out of the way of the tests',
  mpp_rate_limit_store_failures_total: 'Redis stays up',
};

interface Query {
  where: string;
  expr: string;
}

// --- The queries -----------------------------------------------------------------------------------------

const rules = parse(read(RULES)) as { groups: { name: string; rules: { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[] };
const alerts = rules.groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => ({ group: g.name, ...r })));

const dashboardFiles = fs.readdirSync(path.join(ROOT, DASHBOARDS)).filter((f) => f.endsWith('.json'));
const dashboards = dashboardFiles.map((file) => ({ file, json: JSON.parse(read(`${DASHBOARDS}/${file}`)) as Json }));
const panelsOf = (panels: Json[] = []): Json[] => panels.flatMap((p) => [p, ...panelsOf(p.panels)]);

/** Grafana's own variables stand for a duration inside PromQL: one value that parses in their place. */
const withGrafanaDurations = (expr: string) => expr.replace(/\$(__rate_interval|__interval|__range)\b/g, '5m');

const queries: Query[] = [
  ...rules.groups.flatMap((g) => g.rules.map((r) => ({ where: `${RULES} ${g.name}/${r.alert ?? r.record}`, expr: r.expr }))),
  ...dashboards.flatMap(({ file, json }) =>
    panelsOf(json.panels).flatMap((p) =>
      (p.targets ?? []).map((t: Json) => ({ where: `${file} "${p.title}" ${t.refId}`, expr: withGrafanaDurations(t.expr) })),
    ),
  ),
];

/** The metric names and label names one expression uses: its selectors, and the labels grouped on over them. */
interface Uses {
  /** Per selector: the metric and the labels its matchers name. */
  selectors: { metric: string; labels: string[] }[];
  /** Labels of by(), without(), on(), ignoring(), each with the metrics of the expression it groups. */
  groupings: { labels: string[]; metrics: string[] }[];
}

function analyse(expr: string): Uses {
  const tree = parser.configure({ strict: true }).parse(expr); // throws "No parse at N" on a syntax error
  const text = (n: SyntaxNode) => expr.slice(n.from, n.to);
  const children = (n: SyntaxNode): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  };
  const descendants = (n: SyntaxNode, name: string): SyntaxNode[] => children(n).flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)]);
  const labelNames = (n: SyntaxNode) => descendants(n, 'LabelName').map(text);
  const metricOf = (selector: SyntaxNode) => {
    const identifier = children(selector).find((c) => c.name === 'Identifier');
    if (identifier) return text(identifier);
    // {__name__="..."}: the metric name as a matcher
    const name = descendants(selector, 'UnquotedLabelMatcher').find((m) => labelNames(m)[0] === '__name__');
    return name ? JSON.parse(text(descendants(name, 'StringLiteral')[0])) : '';
  };
  const uses: Uses = { selectors: [], groupings: [] };
  const top = tree.topNode;
  for (const selector of descendants(top, 'VectorSelector')) {
    const matchers = children(selector).filter((c) => c.name === 'LabelMatchers').flatMap((m) => labelNames(m));
    uses.selectors.push({ metric: metricOf(selector), labels: matchers.filter((l) => l !== '__name__') });
  }
  const metricsUnder = (n: SyntaxNode) => descendants(n, 'VectorSelector').map(metricOf);
  for (const aggregate of descendants(top, 'AggregateExpr')) {
    const modifier = children(aggregate).find((c) => c.name === 'AggregateModifier');
    if (modifier) uses.groupings.push({ labels: labelNames(modifier), metrics: metricsUnder(aggregate) });
  }
  for (const binary of descendants(top, 'BinaryExpr')) {
    const clause = children(binary).find((c) => c.name === 'MatchingModifierClause');
    if (clause) uses.groupings.push({ labels: labelNames(clause), metrics: metricsUnder(binary) });
  }
  return uses;
}

// --- The metrics the services expose ---------------------------------------------------------------------

interface Family {
  type: string;
  labels: Set<string>;
  series: number;
}

/** Metric families of a Prometheus text exposition, with the label names of their series. */
function exposition(text: string, into: Map<string, Family>): void {
  const families = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      families.set(type[1], type[2]);
      if (!into.has(type[1])) into.set(type[1], { type: type[2], labels: new Set(), series: 0 });
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const family = familyOf(sample[1], (name) => families.get(name));
    const entry = family && into.get(family);
    if (!entry) throw new Error(`sample of no declared family: ${line}`);
    entry.series++;
    for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"/g)) entry.labels.add(m[1]);
  }
}

/** The family a series name belongs to: itself, or a histogram's or summary's by its suffix. */
function familyOf(name: string, typeOf: (name: string) => string | undefined): string | undefined {
  if (typeOf(name)) return name;
  const suffix = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (suffix && ['histogram', 'summary'].includes(typeOf(suffix[1]) ?? '')) {
    if (suffix[2] === 'bucket' && typeOf(suffix[1]) !== 'histogram') return undefined;
    return suffix[1];
  }
  return undefined;
}

// --- The test ---------------------------------------------------------------------------------------------

describe('dashboards and alerts', () => {
  it('has queries to check', () => {
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    expect(dashboards.length).toBeGreaterThanOrEqual(1);
    expect(queries.length).toBeGreaterThan(alerts.length + 10);
  });

  it.each(queries)('parses $where with the PromQL grammar', ({ expr }) => {
    expect(() => analyse(expr)).not.toThrow();
  });

  it('fails on a PromQL syntax error (the check can fail)', () => {
    expect(() => analyse('sum by (job (rate(mpp_ready[5m]))')).toThrow(/No parse/);
    expect(() => analyse('rate(mpp_ready[$__rate_interval])')).toThrow(/No parse/);
  });

  it.each(alerts)('alert $alert has a for, a severity, a summary, a description and a runbook section', (alert) => {
    expect(alert.for).toMatch(/^\d+[smhd]$/);
    expect(['critical', 'warning', 'info']).toContain(alert.labels?.severity);
    expect(alert.annotations?.summary).toMatch(/\S/);
    expect(alert.annotations?.description).toMatch(/\S/);
    const [file, anchor] = (alert.annotations?.runbook_url ?? '').split('#');
    expect(file).toBe('docs/operations.md');
    // GitHub's heading anchors: lower case, spaces to dashes, other punctuation dropped.
    const anchors = read(file)
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => l.replace(/^#+ /, '').toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
    expect(anchors).toContain(anchor);
  });

  it('every dashboard uses the provisioned Prometheus data source (uid prometheus)', () => {
    for (const { file, json } of dashboards) {
      for (const p of panelsOf(json.panels).filter((x) => x.type !== 'row')) {
        expect({ file, panel: p.title, datasource: p.datasource }).toEqual({ file, panel: p.title, datasource: { type: 'prometheus', uid: 'prometheus' } });
        for (const t of p.targets ?? []) expect({ file, panel: p.title, datasource: t.datasource }).toEqual({ file, panel: p.title, datasource: p.datasource });
      }
    }
  });

  it('the Kubernetes PrometheusRule and dashboards ConfigMap are generated from these files and up to date', () => {
    expect(() => execFileSync(process.execPath, [path.join(ROOT, 'scripts/observability-k8s.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
    const rule = parse(read('deploy/k8s/base/observability/prometheus-rule.yaml'));
    expect(rule.spec.groups).toEqual(rules.groups);
  });

  describe('against the metrics of running services', () => {
    let platform: RunningPlatform;
    let portal: RunningService | undefined;
    let smtp: TestSmtpServer;
    let pg: Client;
    const families = new Map<string, Family>();
    const texts = new Map<string, string>();
    let trackedNumber = '';

    beforeAll(async () => {
      pg = await superuserClient(TEST_DATABASES.e2e);
      smtp = await startTestSmtpServer();
      platform = await startPlatform({ TRUSTED_PROXIES: 'loopback' }, { notification: { SMTP_URL: smtp.url, DELIVERY_POLL_INTERVAL_MS: '200' } });
      portal = await startPortal(platform);

      // A low-risk application to its permit (submission-to-permit latency, events, outbox, lag, deliveries).
      const low = await call(`${platform.intake}/api/v1/applications`, { body: application({ nik: '3373011203850951' }) });
      expect(low.status).toBe(201);
      trackedNumber = low.body.applicationNumber;
      await eventually(async () => {
        const r = await call(`${platform.intake}/api/v1/applications/${low.body.applicationNumber}`, { headers: { 'x-tracking-code': low.body.trackingCode } });
        return r.body.status === 'ISSUED' ? true : undefined;
      });
      // A high-risk one waits for an officer: its due date moved to within a day (SlaDueSoon), then past (SlaBreached).
      const high = await call(`${platform.intake}/api/v1/applications`, { body: application({ nik: '3373011203850952', kbli: '47721' }) });
      expect(high.status).toBe(201);
      const moveDue = (interval: string) =>
        pg.query(`UPDATE verification.verification_cases SET due_at = now() + $2::interval WHERE application_number = $1 AND status = 'AWAITING_OFFICER' RETURNING id`, [
          high.body.applicationNumber,
          interval,
        ]);
      await eventually(async () => ((await moveDue('1 hour')).rowCount ? true : undefined));
      await eventually(async () => {
        const { rows } = await pg.query(`SELECT sla_warned_for FROM verification.verification_cases WHERE application_number = $1`, [high.body.applicationNumber]);
        return rows[0]?.sla_warned_for ? true : undefined;
      });
      await moveDue('-1 hour');
      await eventually(async () => {
        const { rows } = await pg.query(`SELECT sla_breached_at FROM verification.verification_cases WHERE application_number = $1`, [high.body.applicationNumber]);
        return rows[0]?.sla_breached_at ? true : undefined;
      });
      // A record that is no event: dead-lettered by its consumers (mpp_events_dead_lettered_total).
      const producer = testKafka().producer();
      await producer.connect();
      await producer.send({ topic: TOPICS.applicationSubmitted, messages: [{ key: 'observability-e2e', value: 'not an event' }] });
      await producer.disconnect();
      // Some HTTP traffic through the portal too (its forwarding and its own routes).
      expect((await call(`http://127.0.0.1:${portalPort(portal)}/api/v1/offices/3373`)).status).toBeLessThan(500);
      expect((await call(`http://127.0.0.1:${portalPort(portal)}/health/ready`)).status).toBe(200);

      const services = { intake: platform.intake, verification: platform.verification, issuance: platform.issuance, notification: platform.notification, portal: `http://127.0.0.1:${portalPort(portal)}` };
      await eventually(async () => {
        families.clear();
        for (const [name, url] of Object.entries(services)) {
          const res = await fetch(`${url}/metrics`);
          if (res.status !== 200) throw new Error(`${name} /metrics answered ${res.status}`);
          const text = await res.text();
          texts.set(name, text);
          exposition(text, families);
        }
        // The dead letter and the breach reach the counters asynchronously: wait until they have series.
        return families.get('mpp_events_dead_lettered_total')?.series && families.get('mpp_sla_breaches_total')?.series && families.get('mpp_consumer_lag_messages')?.series
          ? true
          : undefined;
      }, 60_000);
    }, 240_000);

    afterAll(async () => {
      await portal?.stop();
      await platform?.stop();
      await smtp?.stop();
      await pg?.end();
    });

    it.each(queries)('$where names metrics and labels the services expose', ({ expr }) => {
      const uses = analyse(expr);
      expect(uses.selectors.length).toBeGreaterThan(0);
      const problems: string[] = [];
      const familyOfMetric = (metric: string) => familyOf(metric, (n) => families.get(n)?.type);
      const labelsOf = (metric: string) => {
        if (SYNTHETIC_METRICS.has(metric)) return TARGET_LABELS;
        const family = familyOfMetric(metric);
        return new Set([...(family ? families.get(family)?.labels ?? [] : []), ...TARGET_LABELS]);
      };
      const checkable = (metric: string) => SYNTHETIC_METRICS.has(metric) || (familyOfMetric(metric) !== undefined && !(familyOfMetric(metric) as string in WITHOUT_SERIES_HERE));
      for (const { metric, labels } of uses.selectors) {
        if (!SYNTHETIC_METRICS.has(metric) && !familyOfMetric(metric)) {
          problems.push(`${metric}: no such metric on any service`);
          continue;
        }
        if (!checkable(metric)) continue;
        for (const label of labels) if (!labelsOf(metric).has(label)) problems.push(`${metric}: no label ${label}`);
      }
      for (const { labels, metrics } of uses.groupings) {
        const known = metrics.filter(checkable);
        if (known.length === 0) continue;
        for (const label of labels) if (!known.some((m) => labelsOf(m).has(label))) problems.push(`${metrics.join(', ')}: no label ${label} to group by`);
      }
      expect(problems).toEqual([]);
    });

    it('exposes a series of every metric used, but for the few this test does not provoke (listed)', () => {
      const used = new Set(queries.flatMap(({ expr }) => analyse(expr).selectors.map((s) => s.metric)).filter((m) => !SYNTHETIC_METRICS.has(m)));
      const families_ = [...used].map((m) => familyOf(m, (n) => families.get(n)?.type) ?? m);
      const withoutSeries = [...new Set(families_)].filter((f) => !families.get(f)?.series).sort();
      expect(withoutSeries).toEqual(Object.keys(WITHOUT_SERIES_HERE).sort());
    });

    it('counts what the test did: the application, its permit, the breach, the warning, readiness, lag', () => {
      /** The value of the series of `name` whose labels are exactly `labels`, on one service. */
      const value = (service: string, name: string, labels: Record<string, string> = {}) => {
        for (const line of (texts.get(service) ?? '').split('\n')) {
          const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
          if (sample?.[1] !== name) continue;
          const found = Object.fromEntries([...(sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
          if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(sample[3]);
        }
        return undefined;
      };
      expect(value('intake', 'mpp_applications', { status: 'ISSUED', office: '3373' })).toBeGreaterThanOrEqual(1);
      const issued = value('intake', 'mpp_submission_to_permit_seconds_count', { risk: 'RENDAH' });
      expect(issued).toBeGreaterThanOrEqual(1);
      // Issued within the test's own minutes: all in the buckets up to five minutes (from the recorded timestamps).
      expect(value('intake', 'mpp_submission_to_permit_seconds_bucket', { risk: 'RENDAH', le: '300' })).toBe(issued);
      expect(value('verification', 'mpp_sla_breaches_total', { office: '3373', stage: 'VERIFICATION' })).toBeGreaterThanOrEqual(1);
      expect(value('verification', 'mpp_sla_due_soon_total', { office: '3373', stage: 'VERIFICATION' })).toBeGreaterThanOrEqual(1);
      for (const service of ['intake', 'verification', 'issuance', 'notification']) expect({ service, ready: value(service, 'mpp_ready') }).toEqual({ service, ready: 1 });
      expect(value('intake', 'mpp_consumer_lag_messages', { group: 'application-intake', topic: TOPICS.permitIssued })).toBeGreaterThanOrEqual(0);
      expect(value('intake', 'mpp_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/applications', status: '201' })).toBeGreaterThanOrEqual(2);
    });

    it('labels HTTP requests by route template, never by raw URL', () => {
      expect(families.get('mpp_http_request_duration_seconds')?.labels).toEqual(new Set(['method', 'route', 'status', 'le']));
      const routes = (service: string) => new Set([...(texts.get(service) ?? '').matchAll(/^mpp_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]));
      expect([...routes('intake')]).toEqual(expect.arrayContaining(['/api/v1/applications', '/api/v1/applications/:applicationNumber', '/health/ready']));
      expect([...routes('portal')]).toEqual(expect.arrayContaining(['(forwarded to intake)']));
      for (const service of texts.keys()) expect([...routes(service)].filter((r) => r.includes(trackedNumber) || r.includes('3373'))).toEqual([]);
    });
  });
});

function portalPort(portal: RunningService | undefined): string {
  return new URL(portal?.url ?? 'http://127.0.0.1:0').port;
}
