#!/usr/bin/env node
// `npm run bench`: open-loop load at fixed offered rates against the platform (its three services as built
// in dist/) and against the floor (bench/floor/: the same hops and durable writes in plain node:http, kafkajs
// and pg), on the same broker and database, in one run. Method and how to read the table: bench/README.md.
//
//   npm run bench -- [--rates 10,50,100,200] [--duration 30] [--drain 60] [--quick] [--no-max]
//                    [--only platform|floor] [--max-in-flight 2000] [--kafka-port 19592 | --brokers host:port]
//                    [--database <name>] [--port-base 13011] [--no-readme]
//
// It starts its own broker (kafka.sh, a fresh data dir on --kafka-port) unless --brokers names one (as
// admin, SCRAM), recreates its database (default `${MPP_TEST_DB_PREFIX:-mpp}_bench`) on PGHOST:PGPORT,
// starts the services and the floor, measures, stops everything it started, writes bench/results/<time>.json
// and the table in bench/README.md. Run `npm run build` first.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---- options ----------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const quick = flag('quick');
const prefix = process.env.MPP_TEST_DB_PREFIX ?? 'mpp';
const opts = {
  rates: option('rates', quick ? '10,50' : '10,50,100,200').split(',').map(Number),
  duration: Number(option('duration', quick ? 10 : 30)),
  drain: Number(option('drain', quick ? 45 : 120)),
  findMax: !flag('no-max') && !quick,
  only: option('only', 'both'),
  maxInFlight: Number(option('max-in-flight', 2000)),
  kafkaPort: Number(option('kafka-port', process.env.BENCH_KAFKA_PORT ?? 19592)),
  brokers: option('brokers', undefined),
  database: option('database', `${prefix}_bench`),
  portBase: Number(option('port-base', Number(process.env.MPP_E2E_PORT_BASE ?? 13001) + 10)),
  readme: !flag('no-readme'),
  // `--service-env KEY=VALUE`, repeatable: a setting for the platform's services (an experiment such as
  // LOG_LEVEL=warn or DB_POOL_SIZE=20), recorded in the results.
  serviceEnv: Object.fromEntries(
    argv.flatMap((a, i) => (a === '--service-env' && argv[i + 1] ? [argv[i + 1]] : [])).map((kv) => {
      const at = kv.indexOf('=');
      if (at < 1) throw new Error(`--service-env takes KEY=VALUE, not ${kv}`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
  ),
};
if (opts.rates.some((r) => !(r > 0)) || !(opts.duration > 0)) throw new Error('--rates must be positive numbers and --duration positive seconds');
const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres' };
const brokers = opts.brokers ?? `127.0.0.1:${opts.kafkaPort}`;
const ADMIN = { username: 'admin', password: process.env.KAFKA_ADMIN_PASSWORD ?? 'admin-dev-secret' };
const runDir = path.join(ROOT, 'tmp', 'bench');
mkdirSync(runDir, { recursive: true });
const log = (...parts) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function gitRevision() {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

// ---- processes ----------------------------------------------------------------------------------------
const started = [];
function spawnProcess(name, args, env, readyLine) {
  const out = createWriteStream(path.join(runDir, `${name}.log`), { flags: 'w' });
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const entry = { name, child, exited: new Promise((r) => child.once('exit', r)) };
  started.push(entry);
  if (readyLine) {
    entry.ready = new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => d.toString().includes(readyLine) && resolve());
      child.once('exit', (code) => reject(new Error(`${name} exited (${code}); see tmp/bench/${name}.log`)));
    });
  }
  return entry;
}

async function waitHttp(url, entry, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (entry.child.exitCode !== null) throw new Error(`${entry.name} exited (${entry.child.exitCode}); see tmp/bench/${entry.name}.log`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${entry.name} not ready at ${url}; see tmp/bench/${entry.name}.log`);
}

async function stopAll() {
  await Promise.all(
    started.map(async ({ child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }),
  );
  if (!opts.brokers) kafkaScript('stop');
}

function kafkaScript(command) {
  execFileSync('bash', [path.join(ROOT, 'deploy/local/kafka/kafka.sh'), command], { env: { ...process.env, KAFKA_PORT: String(opts.kafkaPort) }, stdio: 'inherit' });
}

// ---- /proc: CPU and memory of a process, the machine's CPU -----------------------------------------
const TICK = 100; // USER_HZ; Linux reports /proc/<pid>/stat times in 1/100 s on every architecture
/** The fields of `/proc/<pid>/stat` after the command name (index 0 is the state, 1 the parent, 11-14 the times). */
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
/** CPU in ms from two stat time fields (utime + stime, or cutime + cstime). */
const ticksMs = (fields, at) => ((Number(fields[at]) + Number(fields[at + 1])) * 1000) / TICK;
function processUsage(pid) {
  try {
    const cpuMs = ticksMs(statFields(pid), 11);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    return { cpuMs, rss };
  } catch {
    return { cpuMs: NaN, rss: NaN };
  }
}
/**
 * CPU of the broker (its pid file) and of the PostgreSQL server on the machine (other databases' too): per
 * process, and the time of the processes the server has reaped (the postmaster's cutime + cstime,
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html), so that backends which start or end during a
 * step count too.
 */
function sharedCpuMs() {
  const postgres = new Map();
  let reaped = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const fields = statFields(pid);
      postgres.set(pid, ticksMs(fields, 11));
      // The postmaster: its parent is not a postgres process; its children's time is every ended backend's.
      if (readFileSync(`/proc/${fields[1]}/comm`, 'utf8').trim() !== 'postgres') reaped += ticksMs(fields, 13);
    } catch {
      // gone
    }
  }
  let broker = NaN;
  try {
    broker = processUsage(readFileSync(path.join(ROOT, 'tmp', `kafka-${opts.kafkaPort}`, 'kafka.pid'), 'utf8').trim()).cpuMs;
  } catch {
    // a broker given by --brokers
  }
  return { broker, postgres, reaped };
}
/**
 * The server's CPU between two samples: each live process's growth (one started since the first sample from
 * zero), plus what the processes that ended in between used after the first sample (the growth of the reaped
 * time, less what they had used before it).
 */
function postgresDelta(before, after) {
  let sum = after.reaped - before.reaped;
  for (const [pid, ms] of after.postgres) if (Number.isFinite(ms)) sum += ms - (before.postgres.get(pid) ?? 0);
  for (const [pid, ms] of before.postgres) if (!after.postgres.has(pid) && Number.isFinite(ms)) sum -= ms;
  return sum;
}
function machineCpu() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = ticks[3] + ticks[4];
  return { busy: ticks.reduce((a, b) => a + b, 0) - idle, total: ticks.reduce((a, b) => a + b, 0) };
}

// ---- load: unique valid NIKs, an open-loop generator ------------------------------------------------
// NIK layout PPKKCC DDMMYY SSSS (libs/domain/src/nik.ts): Salatiga's kecamatan 33.73.01, a birth date
// between 1960 and 1999 (day 01-28, any month) and a serial 0001-9999: 134 million distinct valid NIKs;
// the run starts at a random place among them.
let nikCounter = Math.floor(Math.random() * 50_000_000);
function nextNik() {
  const i = nikCounter++;
  const serial = (i % 9999) + 1;
  const rest = Math.floor(i / 9999);
  const day = (rest % 28) + 1;
  const month = (Math.floor(rest / 28) % 12) + 1;
  const year = 60 + (Math.floor(rest / 336) % 40);
  const two = (n) => String(n).padStart(2, '0');
  return `337301${two(day)}${two(month)}${two(year)}${String(serial).padStart(4, '0')}`;
}
function lowRiskApplication(nik) {
  return JSON.stringify({
    officeCode: '3373',
    applicant: { nik, name: 'Bench Applicant' },
    business: { name: 'Usaha Bench', kbli: '47112', capital: 25_000_000, address: { regionCode: '3373011001', street: 'Jl. Bench 1' } },
  });
}

/**
 * Sends POSTs at `rate` per second for `seconds` on a fixed schedule, never waiting for answers; a send
 * due while `maxInFlight` requests are open is skipped and counted. Returns the accepted application
 * numbers and the POST latencies.
 */
async function openLoop(url, rate, seconds) {
  const total = Math.round(rate * seconds);
  const numbers = [];
  const postMs = [];
  const failures = {};
  let sent = 0;
  let inFlight = 0;
  let skipped = 0;
  let maxLateMs = 0;
  const pending = new Set();
  const start = performance.now();
  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
    while (sent < due) {
      maxLateMs = Math.max(maxLateMs, now - (start + (sent / rate) * 1000));
      sent++;
      if (inFlight >= opts.maxInFlight) {
        skipped++;
        continue;
      }
      inFlight++;
      const t = performance.now();
      const request = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: lowRiskApplication(nextNik()) })
        .then(async (res) => {
          const text = await res.text();
          if (res.status === 201) {
            postMs.push(performance.now() - t);
            numbers.push(JSON.parse(text).applicationNumber);
          } else failures[res.status] = (failures[res.status] ?? 0) + 1;
        })
        .catch((err) => {
          const key = err.cause?.code ?? err.message;
          failures[key] = (failures[key] ?? 0) + 1;
        })
        .finally(() => {
          inFlight--;
          pending.delete(request);
        });
      pending.add(request);
    }
    await sleep(Math.max(1, Math.min(10, start + (sent / rate) * 1000 - performance.now())));
  }
  const sendSeconds = (performance.now() - start) / 1000;
  await Promise.all(pending);
  return { sent, accepted: numbers.length, skipped, failures, maxLateMs, sendSeconds, numbers, postMs };
}

// ---- the two pipelines --------------------------------------------------------------------------------
const db = () => new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database: opts.database });

const PIPELINES = {
  platform: {
    submitUrl: () => `http://127.0.0.1:${opts.portBase}/api/v1/applications`,
    groups: { 'application-intake': null, 'document-verification': null, 'permit-issuance': null },
    schemas: ['intake', 'verification', 'issuance'],
    // Submitted: intake's applications.submitted_at. NIB: issuance's permits.issued_at. ISSUED in the status
    // view: the start of the intake transaction that applied PermitIssued (its inbox row's processed_at,
    // found through the timeline row of that event).
    timesSql: `
      SELECT a.application_number AS number, a.status,
             extract(epoch FROM a.submitted_at) * 1000 AS submitted,
             extract(epoch FROM min(p.issued_at)) * 1000 AS nib,
             extract(epoch FROM min(i.processed_at)) * 1000 AS issued
        FROM intake.applications a
        LEFT JOIN issuance.permits p ON p.application_id = a.id AND p.type = 'NIB'
        LEFT JOIN intake.application_timeline t ON t.application_id = a.id AND t.status = 'ISSUED' AND t.event_id IS NOT NULL
        LEFT JOIN intake.inbox i ON i.event_id = t.event_id
       WHERE a.application_number = ANY($1)
       GROUP BY a.id`,
    issuedSql: `SELECT count(*)::int AS n FROM intake.applications WHERE application_number = ANY($1) AND status = 'ISSUED'`,
  },
  floor: {
    submitUrl: () => `http://127.0.0.1:${opts.portBase + 3}/applications`,
    groups: { 'floor-intake': null, 'floor-verification': null, 'floor-issuance': null },
    schemas: ['floor_intake', 'floor_verification', 'floor_issuance'],
    timesSql: `
      SELECT a.number, a.status,
             extract(epoch FROM a.submitted_at) * 1000 AS submitted,
             extract(epoch FROM min(p.issued_at)) * 1000 AS nib,
             extract(epoch FROM min(i.processed_at)) * 1000 AS issued
        FROM floor_intake.applications a
        LEFT JOIN floor_issuance.permits p ON p.application_id = a.id AND p.type = 'NIB'
        LEFT JOIN floor_intake.application_timeline t ON t.application_id = a.id AND t.status = 'ISSUED' AND t.event_id IS NOT NULL
        LEFT JOIN floor_intake.inbox i ON i.event_id = t.event_id
       WHERE a.number = ANY($1)
       GROUP BY a.id`,
    issuedSql: `SELECT count(*)::int AS n FROM floor_intake.applications WHERE number = ANY($1) AND status = 'ISSUED'`,
  },
};

async function startPlatform() {
  const base = opts.portBase;
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    KAFKA_BROKERS: brokers,
    // Officer routes are not used; the issuer is never reached.
    OIDC_ISSUER: `http://127.0.0.1:${base + 9}`,
    OIDC_AUDIENCE: 'mpp-platform',
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_OFFICER_PER_MINUTE: '10000000',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    RATE_LIMIT_KEY_PREFIX: `${prefix}-bench:rate`,
    ...opts.serviceEnv,
  };
  const services = [
    ['application-intake', 'intake_svc', 'KAFKA_INTAKE_PASSWORD', base],
    ['document-verification', 'verification_svc', 'KAFKA_VERIFICATION_PASSWORD', base + 1],
    ['permit-issuance', 'issuance_svc', 'KAFKA_ISSUANCE_PASSWORD', base + 2],
  ];
  const entries = services.map(([name, role, passwordVariable, port]) => {
    const owner = role.replace(/_svc$/, '_owner');
    const entry = spawnProcess(name, ['-r', path.join(ROOT, 'scripts/register-paths.js'), path.join(ROOT, 'dist/services', name, 'services', name, 'src/main.js')], {
      ...common,
      PORT: String(port),
      DATABASE_URL: `postgres://${role}:${role}@${PG.host}:${PG.port}/${opts.database}`,
      MIGRATION_DATABASE_URL: `postgres://${owner}:${owner}@${PG.host}:${PG.port}/${opts.database}`,
      KAFKA_SASL_USERNAME: name,
      KAFKA_SASL_PASSWORD: process.env[passwordVariable] ?? `${name}-dev-secret`,
      ...(name === 'permit-issuance' ? { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } : {}),
    });
    return { entry, port };
  });
  await Promise.all(entries.map(({ entry, port }) => waitHttp(`http://127.0.0.1:${port}/health/ready`, entry)));
  return entries.map(({ entry }) => entry);
}

async function startFloor() {
  const env = {
    FLOOR_DATABASE_URL: `postgres://${PG.user}@${PG.host}:${PG.port}/${opts.database}`,
    FLOOR_BROKERS: brokers,
    FLOOR_KAFKA_USERNAME: ADMIN.username,
    FLOOR_KAFKA_PASSWORD: ADMIN.password,
  };
  const entries = ['intake', 'verification', 'issuance'].map((name) =>
    spawnProcess(`floor-${name}`, [path.join(ROOT, 'bench/floor', `${name}.mjs`)], { ...env, PORT: String(opts.portBase + 3) }, 'ready'),
  );
  await Promise.all(entries.map((e) => e.ready));
  return entries;
}

async function prepare() {
  if (!existsSync(path.join(ROOT, 'dist/services/application-intake'))) throw new Error('dist/ is missing: run `npm run build` first');
  if (!opts.brokers) {
    log(`starting a fresh broker on ${brokers}`);
    kafkaScript('clean');
    kafkaScript('start');
  }
  log(`recreating database ${opts.database}`);
  const admin = new pg.Client({ host: PG.host, port: PG.port, user: PG.user, database: 'postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${opts.database}" WITH (FORCE)`);
  await admin.end();
  execFileSync('bash', [path.join(ROOT, 'deploy/postgres/bootstrap.sh'), opts.database], { env: { ...process.env, PGHOST: PG.host, PGPORT: String(PG.port), PGUSER: PG.user }, stdio: 'pipe' });
  const client = db();
  await client.connect();
  await client.query(readFileSync(path.join(ROOT, 'bench/floor/schema.sql'), 'utf8'));
  await client.end();
  const kafka = new Kafka({ clientId: 'bench', brokers: brokers.split(','), sasl: { mechanism: 'scram-sha-512', ...ADMIN }, ssl: false, logLevel: logLevel.NOTHING });
  const kadmin = kafka.admin();
  await kadmin.connect();
  const existing = new Set(await kadmin.listTopics());
  const floorTopics = ['floor.application-submitted', 'floor.verification-started', 'floor.documents-verified', 'floor.permit-issued'];
  // As many partitions as the platform's topics (deploy/kafka/acls.conf).
  const missing = floorTopics.filter((t) => !existing.has(t)).map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 }));
  if (missing.length) await kadmin.createTopics({ topics: missing, waitForLeaders: false });
  // kafkajs' own waitForLeaders fails outright when the broker's metadata lags behind the creation
  // (UNKNOWN_TOPIC_OR_PARTITION, seen on a loaded machine): wait for every partition's leader here instead.
  for (let attempt = 1; ; attempt++) {
    const metadata = await kadmin.fetchTopicMetadata({ topics: floorTopics }).catch(() => null);
    if (metadata?.topics.every((t) => t.partitions.length === 3 && t.partitions.every((p) => p.leader >= 0))) break;
    if (attempt >= 60) throw new Error(`the floor's topics have no leaders after ${attempt} tries`);
    await sleep(500);
  }
  return { kafka, kadmin };
}

// ---- one step: a pipeline at a rate --------------------------------------------------------------------
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
function summary(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? null };
}

const leftovers = { platform: [], floor: [] };

async function step(pipeline, processes, rate, seconds, label = String(rate)) {
  const p = PIPELINES[pipeline];
  if (leftovers[pipeline].length) {
    // The previous step did not drain: let its backlog go first (up to another drain time).
    const client = db();
    await client.connect();
    const deadline = Date.now() + opts.drain * 1000;
    while (Date.now() < deadline && (await client.query(p.issuedSql, [leftovers[pipeline]])).rows[0].n < leftovers[pipeline].length) await sleep(500);
    await client.end();
    leftovers[pipeline] = [];
  }
  const before = Object.fromEntries(processes.map(({ name, pid }) => [name, processUsage(pid)]));
  const cpuBefore = machineCpu();
  const sharedBefore = sharedCpuMs();
  log(`${pipeline}: ${label}/s for ${seconds} s`);
  const load = await openLoop(p.submitUrl(), rate, seconds);
  const client = db();
  await client.connect();
  const drainDeadline = Date.now() + opts.drain * 1000;
  let issuedCount = 0;
  while (Date.now() < drainDeadline) {
    issuedCount = (await client.query(p.issuedSql, [load.numbers])).rows[0].n;
    if (issuedCount >= load.accepted) break;
    await sleep(250);
  }
  if (issuedCount < load.accepted) leftovers[pipeline] = load.numbers;
  if (issuedCount < load.accepted) log(`${pipeline} ${label}/s: ${load.accepted - issuedCount} not issued after ${opts.drain} s of drain: the next step waits for them first (up to the drain time again)`);
  const after = Object.fromEntries(processes.map(({ name, pid }) => [name, processUsage(pid)]));
  const cpuAfter = machineCpu();
  const sharedAfter = sharedCpuMs();
  const rows = (await client.query(p.timesSql, [load.numbers])).rows.map((r) => ({
    submitted: Number(r.submitted),
    nib: r.nib === null ? NaN : Number(r.nib),
    issued: r.issued === null ? NaN : Number(r.issued),
  }));
  await client.end();
  const issued = rows.filter((r) => Number.isFinite(r.issued));
  const firstSubmitted = Math.min(...rows.map((r) => r.submitted));
  const lastIssued = Math.max(...issued.map((r) => r.issued));
  const resources = Object.fromEntries(
    processes.map(({ name }) => [
      name,
      {
        cpuMs: after[name].cpuMs - before[name].cpuMs,
        cpuMsPerApplication: issued.length ? (after[name].cpuMs - before[name].cpuMs) / issued.length : null,
        rssMiB: after[name].rss / 1024 / 1024,
      },
    ]),
  );
  const result = {
    pipeline,
    label,
    offeredPerSecond: rate,
    seconds,
    sent: load.sent,
    accepted: load.accepted,
    skippedAtInFlightCap: load.skipped,
    postFailures: load.failures,
    generatorMaxLateMs: Math.round(load.maxLateMs),
    issued: issued.length,
    notIssuedAfterDrain: load.accepted - issued.length,
    // Applications issued over the time from the first submission to the last ISSUED: the sustained rate
    // when the pipeline keeps up, its capacity when it does not (the backlog drains at that rate).
    issuedPerSecond: issued.length > 1 ? issued.length / ((lastIssued - firstSubmitted) / 1000) : null,
    postMs: summary(load.postMs),
    submitToNibMs: summary(rows.map((r) => r.nib - r.submitted)),
    submitToIssuedMs: summary(rows.map((r) => r.issued - r.submitted)),
    resources,
    // Per issued application; PostgreSQL counts every process of the server (other databases too).
    brokerCpuMsPerApplication: issued.length ? (sharedAfter.broker - sharedBefore.broker) / issued.length : null,
    postgresCpuMsPerApplication: issued.length ? postgresDelta(sharedBefore, sharedAfter) / issued.length : null,
    machineCpuBusy: (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total),
  };
  log(
    `${pipeline} ${label}/s: accepted ${result.accepted}/${result.sent}, issued ${result.issued} (${fmt(result.issuedPerSecond)}/s),` +
      ` NIB p50 ${fmt(result.submitToNibMs.p50)} p99 ${fmt(result.submitToNibMs.p99)} ms, ISSUED p99 ${fmt(result.submitToIssuedMs.p99)} ms,` +
      ` POST p50 ${fmt(result.postMs.p50)} ms, machine CPU ${(result.machineCpuBusy * 100).toFixed(0)}%`,
  );
  return result;
}

async function endState(kadmin) {
  const client = db();
  await client.connect();
  const out = {};
  for (const [name, p] of Object.entries(PIPELINES)) {
    const outbox = {};
    for (const schema of p.schemas) {
      outbox[schema] = (await client.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`)).rows[0].n;
    }
    const lag = {};
    for (const group of Object.keys(p.groups)) {
      let total = 0;
      for (const { topic, partitions } of await kadmin.fetchOffsets({ groupId: group })) {
        const ends = await kadmin.fetchTopicOffsets(topic);
        for (const { partition, offset } of partitions) {
          const high = Number(ends.find((e) => e.partition === partition)?.high ?? 0);
          total += Math.max(0, high - (Number(offset) < 0 ? 0 : Number(offset)));
        }
      }
      lag[group] = total;
    }
    out[name] = { outboxUnpublished: outbox, consumerLag: lag };
  }
  await client.end();
  return out;
}

// ---- output ---------------------------------------------------------------------------------------------
function fmt(v, digits = 0) {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);
}
/** `platform / floor (×ratio)`: the ratio is platform ÷ floor. */
function pair(p, f, digits = 0) {
  const ratio = Number.isFinite(p) && Number.isFinite(f) && f > 0 ? ` (×${(p / f).toFixed(p / f >= 10 ? 0 : 1)})` : '';
  return `${fmt(p, digits)} / ${fmt(f, digits)}${ratio}`;
}

function tables(results) {
  const labels = [...new Set(results.steps.map((s) => s.label))];
  const find = (pipeline, label) => results.steps.find((s) => s.pipeline === pipeline && s.label === label);
  const lines = [];
  lines.push('Latencies in ms, each cell `platform / floor (×platform÷floor)`.', '');
  lines.push('| offered/s | accepted | issued/s | submit→NIB p50 | p95 | p99 | max | submit→ISSUED p50 | p95 | p99 | max | POST p50 | POST p99 |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const label of labels) {
    const P = find('platform', label) ?? {};
    const F = find('floor', label) ?? {};
    const g = (s, key, sub) => (sub ? s[key]?.[sub] : s[key]) ?? NaN;
    const offered = label === 'max' ? `max: ${fmt(g(P, 'offeredPerSecond'))} / ${fmt(g(F, 'offeredPerSecond'))}` : label;
    lines.push(
      `| ${offered} | ${pair(g(P, 'accepted'), g(F, 'accepted'))} | ${pair(g(P, 'issuedPerSecond'), g(F, 'issuedPerSecond'), 1)} | ` +
        ['p50', 'p95', 'p99', 'max'].map((q) => pair(g(P, 'submitToNibMs', q), g(F, 'submitToNibMs', q))).join(' | ') +
        ' | ' +
        ['p50', 'p95', 'p99', 'max'].map((q) => pair(g(P, 'submitToIssuedMs', q), g(F, 'submitToIssuedMs', q))).join(' | ') +
        ` | ${pair(g(P, 'postMs', 'p50'), g(F, 'postMs', 'p50'), 1)} | ${pair(g(P, 'postMs', 'p99'), g(F, 'postMs', 'p99'), 1)} |`,
    );
  }
  lines.push('', 'CPU in ms per issued application and resident memory (MiB) after the step, per process; the broker is shared, PostgreSQL counts every process of the server (other work too); machine CPU busy over the step (all processes on the machine).', '');
  lines.push('| offered/s | pipeline | intake CPU | verification CPU | issuance CPU | sum | broker CPU | PostgreSQL CPU | intake RSS | verification RSS | issuance RSS | machine CPU | not issued / skipped / POST errors |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const label of labels) {
    for (const pipeline of ['platform', 'floor']) {
      const s = find(pipeline, label);
      if (!s) continue;
      const r = Object.values(s.resources);
      const total = r.reduce((a, x) => a + (x.cpuMsPerApplication ?? NaN), 0);
      const errors = Object.values(s.postFailures).reduce((a, b) => a + b, 0);
      lines.push(
        `| ${label} | ${pipeline} | ${r.map((x) => fmt(x.cpuMsPerApplication, 1)).join(' | ')} | ${fmt(total, 1)} | ${fmt(s.brokerCpuMsPerApplication, 1)} | ${fmt(s.postgresCpuMsPerApplication, 1)} | ${r.map((x) => fmt(x.rssMiB)).join(' | ')} | ` +
          `${fmt(s.machineCpuBusy * 100)}% | ${s.notIssuedAfterDrain} / ${s.skippedAtInFlightCap} / ${errors} |`,
      );
    }
  }
  lines.push('', 'At the end of the run: consumer lag (records) per group and unpublished outbox rows per schema.', '');
  for (const [pipeline, e] of Object.entries(results.end ?? {})) {
    lines.push(`- ${pipeline}: lag ${Object.entries(e.consumerLag).map(([g, n]) => `${g} ${n}`).join(', ')}; outbox ${Object.entries(e.outboxUnpublished).map(([s, n]) => `${s} ${n}`).join(', ')}`);
  }
  lines.push('', `Run ${results.startedAt} of ${results.revision ?? 'an unrecorded revision'} on ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node.js ${results.machine.node}; ` +
    `${results.options.duration} s per step, drain up to ${results.options.drain} s` +
    Object.entries({ ...results.options.serviceEnv, ...(results.nodeOptions ? { NODE_OPTIONS: results.nodeOptions } : {}) }).map(([k, v]) => `, ${k}=${v}`).join('') +
    `; raw figures in bench/results/${results.file}.`);
  return lines.join('\n');
}

function writeReadme(text) {
  const file = path.join(ROOT, 'bench/README.md');
  const begin = '<!-- bench:results:begin -->';
  const end = '<!-- bench:results:end -->';
  const current = readFileSync(file, 'utf8');
  const a = current.indexOf(begin);
  const b = current.indexOf(end);
  if (a < 0 || b < a) throw new Error(`bench/README.md lacks the ${begin} … ${end} markers`);
  writeFileSync(file, `${current.slice(0, a + begin.length)}\n${text}\n${current.slice(b)}`);
}

// ---- main ---------------------------------------------------------------------------------------------------
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  log('interrupted: stopping');
  stopAll().finally(() => process.exit(130));
});

const startedAt = new Date().toISOString();
const results = {
  startedAt,
  file: `${startedAt.replace(/[:.]/g, '-')}.json`,
  options: opts,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.versions.node, kernel: os.release() },
  // What was measured: the commit (with "-dirty" when the checkout had uncommitted changes) and the Node.js
  // options the processes inherited (a profiler or heap setting changes the figures).
  revision: gitRevision(),
  nodeOptions: process.env.NODE_OPTIONS ?? '',
  steps: [],
};
let kadmin;
try {
  ({ kadmin } = await prepare());
  const pipelines = opts.only === 'both' ? ['platform', 'floor'] : [opts.only];
  const processes = {};
  if (pipelines.includes('platform')) {
    log('starting the platform (application-intake, document-verification, permit-issuance)');
    processes.platform = (await startPlatform()).map((e) => ({ name: e.name, pid: e.child.pid }));
  }
  if (pipelines.includes('floor')) {
    log('starting the floor');
    processes.floor = (await startFloor()).map((e) => ({ name: e.name, pid: e.child.pid }));
  }
  // Warm-up (JIT, connection pools, consumer fetch sessions): not counted.
  for (const pipeline of pipelines) await step(pipeline, processes[pipeline], 10, 3, 'warm-up');
  for (const rate of opts.rates) {
    for (const pipeline of pipelines) {
      if (interrupted) break;
      results.steps.push(await step(pipeline, processes[pipeline], rate, opts.duration));
    }
  }
  if (opts.findMax) {
    // The highest sustainable rate: 90% of the most the pipeline issued per second in the steps above.
    for (const pipeline of pipelines) {
      const best = Math.max(...results.steps.filter((s) => s.pipeline === pipeline).map((s) => s.issuedPerSecond ?? 0));
      const rate = Math.max(1, Math.floor(best * 0.9));
      results.steps.push(await step(pipeline, processes[pipeline], rate, opts.duration, 'max'));
    }
  }
  results.end = await endState(kadmin);
} finally {
  await kadmin?.disconnect().catch(() => undefined);
  log('stopping everything the bench started');
  await stopAll();
}
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench/results', results.file), `${JSON.stringify(results, null, 2)}\n`);
const text = tables(results);
console.log(`\n${text}\n`);
if (opts.readme) writeReadme(text);
log(`results: bench/results/${results.file}${opts.readme ? ', table in bench/README.md' : ''}`);
