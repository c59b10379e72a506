// Validates Kubernetes objects against their OpenAPI schemas, offline: the models of `kubernetes-models` (the
// Kubernetes API) and `@kubernetes-models/prometheus-operator` (ServiceMonitor) carry the schemas and a
// validator. Those packages are ES modules only, so e2e/kubernetes.e2e-spec.ts runs this file with Node.js.
// Input on stdin: a JSON array of objects. Output on stdout: a JSON array of
// { kind, name, model: 'kubernetes-models' | '@kubernetes-models/prometheus-operator' | null, error: string | null }
// (model null: no model for that apiVersion here; the caller checks those objects itself).
import { readFileSync } from 'node:fs';

const PACKAGES = { 'monitoring.coreos.com': '@kubernetes-models/prometheus-operator' };

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = PACKAGES[group] ?? (group === '' || !group.includes('.') || group.endsWith('.k8s.io') ? 'kubernetes-models' : undefined);
  if (!pkg) return undefined;
  const module = await import(`${pkg}/${group ? `${group}/` : ''}${version}/${kind}`);
  return { pkg, Model: module[kind] ?? module.default };
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) {
  const entry = { kind: object.kind, name: object.metadata?.name, model: null, error: null };
  const found = await modelOf(object.apiVersion, object.kind);
  if (found) {
    entry.model = found.pkg;
    try {
      new found.Model(object).validate();
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
  }
  results.push(entry);
}
process.stdout.write(JSON.stringify(results));
