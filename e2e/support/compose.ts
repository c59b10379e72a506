/**
 * Reading Compose files without a Docker engine: YAML with merge keys and Compose's `!reset` / `!override`
 * tags, the merge of several files (https://docs.docker.com/reference/compose-file/merge/) and variable
 * interpolation (https://docs.docker.com/reference/compose-file/interpolation/).
 */
import { isCollection, isScalar, parseDocument, Scalar, visit, YAMLMap } from 'yaml';

export interface ComposeService {
  image?: string;
  command?: string | string[];
  build?: { context?: string; dockerfile?: string; args?: Record<string, unknown> };
  environment?: Record<string, unknown> | string[];
  ports?: (string | number | { target: number; published?: string | number; host_ip?: string })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  profiles?: string[];
  read_only?: boolean;
  cap_drop?: string[];
  cap_add?: string[];
  security_opt?: string[];
  pids_limit?: number;
  user?: string;
  tmpfs?: string[];
  networks?: Record<string, { aliases?: string[]; ipv4_address?: string } | null>;
  deploy?: { resources?: { limits?: { cpus?: string; memory?: string } } };
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const RESET = '\u0000compose-reset';
const OVERRIDE = '\u0000compose-override';

/**
 * Parses one Compose file. `!reset` values become a marker that removes the attribute in `mergeCompose`;
 * `!override` collections a marker that replaces it instead of merging.
 */
export function parseCompose(text: string): ComposeFile {
  const doc = parseDocument(text, { merge: true });
  visit(doc, {
    Pair(_key, pair) {
      const value = pair.value;
      if ((isScalar(value) || isCollection(value)) && value.tag === '!reset') {
        pair.value = new Scalar(RESET);
      } else if (isCollection(value) && value.tag === '!override') {
        value.tag = undefined;
        const wrapper = new YAMLMap();
        wrapper.set(OVERRIDE, value);
        pair.value = wrapper;
      }
    },
  });
  const unexpected = doc.errors.map((e) => e.message);
  if (unexpected.length > 0) throw new Error(`invalid YAML: ${unexpected.join('; ')}`);
  return doc.toJS() as ComposeFile;
}

const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'test']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The unique key Compose merges `ports` and `volumes` entries by. */
function uniqueKey(attribute: string, entry: unknown): string {
  if (attribute === 'volumes') {
    if (typeof entry === 'string') return entry.split(':')[1] ?? entry;
    if (isPlainObject(entry)) return String(entry.target);
  }
  return JSON.stringify(entry);
}

function mergeValue(attribute: string, base: unknown, over: unknown): unknown {
  if (isPlainObject(over) && OVERRIDE in over) return over[OVERRIDE];
  if (Array.isArray(base) && Array.isArray(over)) {
    if (REPLACED_SEQUENCES.has(attribute)) return over;
    const merged = new Map(base.map((e) => [uniqueKey(attribute, e), e] as const));
    for (const e of over) merged.set(uniqueKey(attribute, e), e);
    return [...merged.values()];
  }
  if (isPlainObject(base) && isPlainObject(over)) {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      if (value === RESET) delete result[key];
      else result[key] = key in base ? mergeValue(key, base[key], value) : stripMarkers(value);
    }
    return result;
  }
  return stripMarkers(over);
}

function stripMarkers(value: unknown): unknown {
  if (isPlainObject(value) && OVERRIDE in value) return value[OVERRIDE];
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== RESET).map(([k, v]) => [k, stripMarkers(v)]));
  }
  return value;
}

/** `docker compose -f a.yml -f b.yml …`: later files merged into earlier ones. */
export function mergeCompose(...files: ComposeFile[]): ComposeFile {
  return files.reduce((acc, file) => mergeValue('', acc, file) as ComposeFile);
}

const INTERPOLATION = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Substitutes variables as Compose does with the given environment: `${X:-d}`, `${X-d}`, `${X:?message}`
 * (an error naming X when unset or empty), `${X}`, `$X`, `$$`.
 */
export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(INTERPOLATION, (match, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = braced ?? bare ?? '';
    const current = vars[name];
    const unsetOrEmpty = current === undefined || current === '';
    switch (op) {
      case ':-':
        return unsetOrEmpty ? interpolate(arg ?? '', vars) : current;
      case '-':
        return current === undefined ? interpolate(arg ?? '', vars) : current;
      case ':?':
      case '?':
        if (op === ':?' ? unsetOrEmpty : current === undefined) throw new Error(`required variable ${name} is missing: ${arg ?? ''}`);
        return current ?? '';
      case ':+':
        return unsetOrEmpty ? '' : interpolate(arg ?? '', vars);
      case '+':
        return current === undefined ? '' : interpolate(arg ?? '', vars);
      default:
        return current ?? '';
    }
  });
}

/** Every string of a parsed file interpolated (keys too, as Compose does for values only where it matters). */
export function interpolateAll<T>(value: T, vars: Record<string, string | undefined>): T {
  if (typeof value === 'string') return interpolate(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, vars)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, vars)])) as T;
  return value;
}

/** `interpolate` with no variable set: `${X:-d}` -> d, `${X}` -> '' (what an empty .env gives). */
export function withDefaults(value: string): string {
  return interpolate(value, {});
}

/**
 * Every variable a file's text interpolates (comment lines aside): whether it is required anywhere
 * (`:?` / `?`) and the defaults it is given (`:-` / `-`).
 */
export function variablesOf(text: string): Map<string, { required: boolean; defaults: Set<string> }> {
  const vars = new Map<string, { required: boolean; defaults: Set<string> }>();
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('#')) continue;
    for (const m of line.matchAll(INTERPOLATION)) {
      const name = m[1] ?? m[4];
      if (!name) continue;
      const entry = vars.get(name) ?? { required: false, defaults: new Set<string>() };
      if (m[2] === ':?' || m[2] === '?') entry.required = true;
      if (m[2] === '-' || m[2] === ':-') entry.defaults.add(withDefaults(m[3] ?? ''));
      vars.set(name, entry);
    }
  }
  return vars;
}

/** NAME=value lines of an env file (.env.example), in order. */
export function envFileVariables(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .map((l) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
}

export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries: [string, unknown][] = Array.isArray(env)
    ? env.map((e) => {
        const i = e.indexOf('=');
        return i < 0 ? [e, undefined] : [e.slice(0, i), e.slice(i + 1)];
      })
    : Object.entries(env);
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));
}

export function dependsOn(service: ComposeService): Record<string, string | undefined> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d?.condition]));
}

/** Host address, published and container port of each published port (short and long syntax). */
export function publishedPortBindings(service: ComposeService): { hostIp: string; published: number; target: number }[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return { hostIp: p.host_ip ?? '0.0.0.0', published: Number(p.published), target: Number(p.target) };
    const parts = String(p).split('/')[0].split(':');
    const target = Number(parts[parts.length - 1]);
    const published = parts.length > 1 ? Number(parts[parts.length - 2]) : target;
    return { hostIp: parts.length > 2 ? parts.slice(0, -2).join(':') : '0.0.0.0', published, target };
  });
}
