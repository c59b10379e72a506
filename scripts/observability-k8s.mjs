// Writes the Kubernetes form of the observability files, so that each has one source of truth:
//   deploy/observability/prometheus/alerts.yaml      -> deploy/k8s/base/observability/prometheus-rule.yaml
//   deploy/observability/grafana/dashboards/*.json   -> deploy/k8s/base/observability/grafana-dashboards.yaml
// (kustomize cannot wrap a file into a PrometheusRule's spec, nor read files outside the kustomization's
// folder). Run after editing the sources: node scripts/observability-k8s.mjs
// With --check it writes nothing and exits 1 when a generated file is out of date (e2e/observability.e2e-spec.ts
// checks the same).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DASHBOARDS = 'deploy/observability/grafana/dashboards';
const OUT = 'deploy/k8s/base/observability';
const header = (source) => `# Generated from ${source} by scripts/observability-k8s.mjs: edit the source, then run the script.\n`;

export function generated() {
  const rules = parse(readFileSync(path.join(ROOT, 'deploy/observability/prometheus/alerts.yaml'), 'utf8'));
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'mpp-alerts', labels: { 'app.kubernetes.io/name': 'mpp-alerts' } },
    spec: { groups: rules.groups },
  };
  const files = readdirSync(path.join(ROOT, DASHBOARDS)).filter((f) => f.endsWith('.json')).sort();
  const dashboards = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    // The Grafana sidecar (kiwigrid k8s-sidecar, as in the Grafana Helm chart) loads every ConfigMap with this label.
    metadata: { name: 'mpp-grafana-dashboards', labels: { 'app.kubernetes.io/name': 'mpp-grafana-dashboards', grafana_dashboard: '1' } },
    data: Object.fromEntries(files.map((f) => [f, readFileSync(path.join(ROOT, DASHBOARDS, f), 'utf8')])),
  };
  return {
    [`${OUT}/prometheus-rule.yaml`]: header('deploy/observability/prometheus/alerts.yaml') + stringify(rule, { lineWidth: 0 }),
    [`${OUT}/grafana-dashboards.yaml`]: header(`${DASHBOARDS}/*.json`) + stringify(dashboards, { lineWidth: 0 }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(generated())) {
    const target = path.join(ROOT, file);
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // missing: stale
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`${file} is out of date: run node scripts/observability-k8s.mjs`);
    else writeFileSync(target, text);
  }
  if (check && stale) process.exit(1);
}
