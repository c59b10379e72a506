import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_TOPICS } from '@mpp/contracts';
import { restartTestKafka, ServiceName, superuserClient, TEST_DATABASES, testKafka } from '@mpp/testing';
import { application, consumedTopics, Json, RunningPlatform } from './platform';

/**
 * Fault injection (issue 12): a steady stream of mixed-risk applications while every back-office service is
 * SIGKILLed and restarted at random moments and the broker is restarted once; then checks in the databases
 * and topics that nothing was lost or doubled. Used by e2e/chaos.e2e-spec.ts (short form, in the test
 * command) and by `npm run chaos` (scripts/chaos.sh: the same spec with a longer run, CHAOS_* settings).
 */

export interface ChaosOptions {
  /** How many applications to submit (each counted once however often it was retried). */
  applications: number;
  /** Offered rate, applications per second: the run lasts applications / rate seconds. */
  ratePerSecond: number;
  /** Seed of every random choice (risk mix, applicants, fault moments, down times): a failure replays. */
  seed: number;
  /** How long to wait for everything to settle after the last submission. */
  quiesceTimeoutMs: number;
  log: (line: string) => void;
}

export interface ChaosCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ChaosReport {
  seed: number;
  offered: number;
  accepted: number;
  refused: Record<string, number>;
  retries: number;
  faults: { what: string; atMs: number; downMs: number; backAfterMs: number }[];
  submitMs: number;
  settleMs: number;
  pending: string[];
  checks: ChaosCheck[];
  ok: boolean;
}

/** The three back-office services the chaos run kills (the notification service is not started by it). */
export const CHAOS_SERVICES: ServiceName[] = ['application-intake', 'document-verification', 'permit-issuance'];

const SCHEMAS: Record<string, string> = { 'application-intake': 'intake', 'document-verification': 'verification', 'permit-issuance': 'issuance' };

/** The risk mix: the KBLI decides the risk level (libs/contracts reference data), and so the expected end. */
const MIX = [
  { kbli: '47112', risk: 'RENDAH', status: 'ISSUED', caseStatus: 'VERIFIED', permits: ['NIB'], lapses: false },
  { kbli: '10710', risk: 'MENENGAH_RENDAH', status: 'ISSUED', caseStatus: 'VERIFIED', permits: ['NIB', 'SERTIFIKAT_STANDAR'], lapses: false },
  // Waits for an officer: exactly one open case, no permit.
  { kbli: '86105', risk: 'MENENGAH_TINGGI', status: 'UNDER_VERIFICATION', caseStatus: 'AWAITING_OFFICER', permits: [] as string[], lapses: false },
  // Waits for an officer who never comes: the run moves its due date into the past, and under PP 28/2025 it is
  // deemed verified (fiktif positif, Pasal 225) and issued by operation of law, once, whatever is killed meanwhile.
  { kbli: '86105', risk: 'MENENGAH_TINGGI', status: 'ISSUED', caseStatus: 'VERIFIED', permits: ['NIB', 'SERTIFIKAT_STANDAR'], lapses: true },
] as const;

const DEEMED_BASIS = 'PP 28/2025 Pasal 225';

/** mulberry32: small, seedable, good enough to pick moments and mixes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A valid NIK of applicant `i` (Salatiga, born 19xx-MM-DD), distinct from the fixed NIKs of the other specs. */
function nikOf(i: number): string {
  const dd = String(1 + (i % 28)).padStart(2, '0');
  const mm = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
  return `337301${dd}${mm}77${String(i + 1).padStart(4, '0')}`;
}

interface Submission {
  key: string;
  nik: string;
  mix: (typeof MIX)[number];
  applicationNumber?: string;
  refusedWith?: number;
}

export async function runChaos(platform: RunningPlatform, options: ChaosOptions): Promise<ChaosReport> {
  const { log } = options;
  const rnd = random(options.seed);
  const started = Date.now();
  const at = () => Date.now() - started;
  const durationMs = Math.max(1000, (options.applications / options.ratePerSecond) * 1000);
  log(`chaos: seed ${options.seed}, ${options.applications} applications at ${options.ratePerSecond}/s (${Math.round(durationMs / 1000)} s)`);

  const deadLettersBefore = await deadLetterOffsets();

  // The faults: every service killed once per started minute of the run, the broker restarted once, each at a
  // random moment between 10% and 70% of the run.
  const kills = Math.max(1, Math.ceil(durationMs / 60_000));
  const plan = [...CHAOS_SERVICES.flatMap((s) => Array.from({ length: kills }, () => s as string)), 'broker'].map((what) => ({
    what,
    atMs: Math.round(durationMs * (0.1 + 0.6 * rnd())),
    downMs: Math.round(3000 * rnd()),
  }));
  const faults: ChaosReport['faults'] = [];
  // Faults of one target one after the other (a service is killed again only once it is back); of
  // different targets, overlapping.
  const injecting = Promise.all(
    [...new Set(plan.map((f) => f.what))].map(async (target) => {
      for (const fault of plan.filter((f) => f.what === target).sort((a, b) => a.atMs - b.atMs)) {
        await sleep(Math.max(0, fault.atMs - at()));
        const t0 = at();
        if (fault.what === 'broker') {
          log(`chaos: ${t0} ms: restarting the broker`);
          await restartTestKafka();
        } else {
          log(`chaos: ${t0} ms: SIGKILL ${fault.what}, down ${fault.downMs} ms`);
          await platform.crash(fault.what as ServiceName, fault.downMs);
        }
        faults.push({ what: fault.what, atMs: t0, downMs: fault.downMs, backAfterMs: at() - t0 });
        log(`chaos: ${at()} ms: ${fault.what} back after ${at() - t0} ms`);
      }
    }),
  );

  // The applicants: a third as many as applications, so that most come back for a second business activity.
  const applicants = Math.max(3, Math.ceil(options.applications / 3));
  const submissions: Submission[] = Array.from({ length: options.applications }, () => ({
    key: `chaos-${randomUUID()}`,
    nik: nikOf(Math.floor(rnd() * applicants)),
    mix: MIX[Math.floor(rnd() * MIX.length)],
  }));
  let retries = 0;
  // Like a real client: a 5xx or a broken connection is retried with the same Idempotency-Key until the
  // service answers; only a 201 makes an application accepted.
  const submit = async (s: Submission) => {
    for (;;) {
      try {
        const res = await fetch(`${platform.intake}/api/v1/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': s.key },
          body: JSON.stringify(application({ nik: s.nik, kbli: s.mix.kbli })),
          signal: AbortSignal.timeout(15_000),
        });
        const body = (await res.json().catch(() => ({}))) as Json;
        if (res.status === 201) {
          s.applicationNumber = body.applicationNumber;
          return;
        }
        if (res.status < 500 && res.status !== 429) {
          s.refusedWith = res.status;
          log(`chaos: ${s.key} refused with ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
          return;
        }
      } catch {
        // connection refused or reset: intake is down or being killed
      }
      retries++;
      await sleep(500);
    }
  };
  // The office's verification days run out for the lapsing ones: the clock the run controls moves their open
  // cases' due date into the past, again and again until the settle ends (a case opened later lapses too).
  let lapsing = true;
  const lapser = (async () => {
    const pg = await superuserClient(TEST_DATABASES.e2e);
    try {
      while (lapsing) {
        const numbers = submissions.filter((s) => s.mix.lapses && s.applicationNumber).map((s) => s.applicationNumber);
        if (numbers.length) {
          await pg
            .query(`UPDATE verification.verification_cases SET due_at = now() - interval '1 second' WHERE application_number = ANY($1) AND due_at > now()`, [numbers])
            .catch(() => undefined);
        }
        await sleep(1000);
      }
    } finally {
      await pg.end();
    }
  })();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < submissions.length; i++) {
    await sleep(Math.max(0, (i * 1000) / options.ratePerSecond - at()));
    inFlight.push(submit(submissions[i]));
  }
  await Promise.all(inFlight);
  const submitMs = at();
  await injecting;
  log(`chaos: all submissions answered after ${submitMs} ms (${retries} retries); faults over after ${at()} ms`);

  const accepted = submissions.filter((s) => s.applicationNumber);
  const refused: Record<string, number> = {};
  for (const s of submissions) if (s.refusedWith) refused[s.refusedWith] = (refused[s.refusedWith] ?? 0) + 1;

  const pg = await superuserClient(TEST_DATABASES.e2e);
  try {
    const settleStart = Date.now();
    let pending = await pendingWork(pg, accepted);
    while (pending.length > 0 && Date.now() - settleStart < options.quiesceTimeoutMs) {
      await sleep(1000);
      pending = await pendingWork(pg, accepted);
    }
    const settleMs = Date.now() - settleStart;
    lapsing = false;
    await lapser;
    log(`chaos: ${pending.length === 0 ? 'settled' : 'NOT settled'} after ${settleMs} ms`);
    for (const p of pending.slice(0, 20)) log(`chaos: pending: ${p}`);

    const checks = await check(pg, accepted, submissions, deadLettersBefore);
    const report: ChaosReport = {
      seed: options.seed,
      offered: submissions.length,
      accepted: accepted.length,
      refused,
      retries,
      faults,
      submitMs,
      settleMs,
      pending,
      checks,
      ok: pending.length === 0 && checks.every((c) => c.ok),
    };
    for (const c of checks) log(`chaos: ${c.ok ? 'PASS' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
    log(`chaos: ${report.ok ? 'PASSED' : 'FAILED'}: ${accepted.length}/${submissions.length} accepted, refused ${JSON.stringify(refused)}, ` +
      `${faults.length} faults, submitted in ${submitMs} ms, settled in ${settleMs} ms, seed ${options.seed}`);
    return report;
  } finally {
    await pg.end();
  }
}

type Pg = Awaited<ReturnType<typeof superuserClient>>;

async function applicationIds(pg: Pg, accepted: Submission[]): Promise<string[]> {
  const { rows } = await pg.query(`SELECT id::text FROM intake.applications WHERE application_number = ANY($1)`, [accepted.map((s) => s.applicationNumber)]);
  return rows.map((r) => r.id);
}

/** Events of these applications in a schema's outbox (the envelope's aggregate or its applicationId). */
const OUTBOX_OF = (schema: string) =>
  `FROM "${schema}".outbox WHERE (aggregateid = ANY($1) OR payload->'payload'->>'applicationId' = ANY($1))`;

/** What is not yet where it will be: applications short of their end state, events unpublished or unapplied. */
async function pendingWork(pg: Pg, accepted: Submission[]): Promise<string[]> {
  const pending: string[] = [];
  const expected = new Map(accepted.map((s) => [s.applicationNumber, s.mix.status]));
  const { rows } = await pg.query(`SELECT application_number, status FROM intake.applications WHERE application_number = ANY($1)`, [[...expected.keys()]]);
  const seen = new Map(rows.map((r) => [r.application_number, r.status]));
  for (const [number, status] of expected) {
    if (seen.get(number) !== status) pending.push(`${number} is ${seen.get(number) ?? 'missing'} in intake, expected ${status}`);
  }
  const ids = await applicationIds(pg, accepted);
  for (const schema of Object.values(SCHEMAS)) {
    const { rows: unpublished } = await pg.query(`SELECT count(*)::int AS n ${OUTBOX_OF(schema)} AND published_at IS NULL`, [ids]);
    if (unpublished[0].n > 0) pending.push(`${unpublished[0].n} events unpublished in ${schema}.outbox`);
  }
  for (const miss of await unapplied(pg, ids)) pending.push(miss);
  return pending;
}

/** Every published event of these applications, once in the inbox of every service consuming its topic. */
async function unapplied(pg: Pg, ids: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const producer of Object.values(SCHEMAS)) {
    const { rows: events } = await pg.query(`SELECT event_id::text, topic ${OUTBOX_OF(producer)} AND published_at IS NOT NULL`, [ids]);
    for (const [service, schema] of Object.entries(SCHEMAS)) {
      const topics = new Set(consumedTopics(service));
      const wanted = events.filter((e) => topics.has(e.topic));
      if (wanted.length === 0) continue;
      const { rows } = await pg.query(`SELECT event_id::text, count(*)::int AS n FROM "${schema}".inbox WHERE event_id = ANY($1) GROUP BY event_id`, [wanted.map((e) => e.event_id)]);
      const applied = new Map(rows.map((r) => [r.event_id, r.n]));
      const missing = wanted.filter((e) => !applied.has(e.event_id));
      const twice = rows.filter((r) => r.n !== 1);
      if (missing.length > 0) problems.push(`${missing.length} events of ${producer} not applied by ${service} (e.g. ${missing[0].topic} ${missing[0].event_id})`);
      if (twice.length > 0) problems.push(`${twice.length} events of ${producer} applied more than once by ${service} (e.g. ${twice[0].event_id})`);
    }
  }
  return problems;
}

async function check(pg: Pg, accepted: Submission[], all: Submission[], deadLettersBefore: Map<string, number>): Promise<ChaosCheck[]> {
  const checks: ChaosCheck[] = [];
  const add = (name: string, problems: string[]) => checks.push({ name, ok: problems.length === 0, detail: problems.slice(0, 5).join('; ') + (problems.length > 5 ? ` (+${problems.length - 5})` : '') });
  const numbers = accepted.map((s) => s.applicationNumber as string);
  const niks = [...new Set(all.map((s) => s.nik))];
  const ids = await applicationIds(pg, accepted);

  // Every submission is valid: a 4xx is a fault of the platform, not of the applicant.
  add('every submission accepted in the end (201)', all.filter((s) => !s.applicationNumber).map((s) => `${s.key}: ${s.refusedWith ?? 'no answer'}`));
  add('at least one application of every risk level accepted, and one that lapses', MIX.filter((m) => !accepted.some((s) => s.mix === m)).map((m) => `none of ${m.risk}${m.lapses ? ' (lapsing)' : ''}`));

  // Nothing doubled by the retries: intake holds exactly the accepted applications of these applicants.
  const { rows: stored } = await pg.query(`SELECT application_number FROM intake.applications WHERE applicant_nik = ANY($1)`, [niks]);
  const extra = stored.filter((r) => !numbers.includes(r.application_number)).map((r) => `${r.application_number} stored but never answered 201`);
  add('every accepted application stored once, nothing else stored', [...extra, ...(stored.length - extra.length !== numbers.length ? [`${stored.length - extra.length} of ${numbers.length} stored`] : [])]);

  // The end state in intake's status view and in the owning services' tables.
  const { rows: views } = await pg.query(
    `SELECT a.application_number, a.status, a.risk_level, c.status AS case_status, c.cases,
            (SELECT coalesce(array_agg(type ORDER BY type), '{}') FROM intake.application_permits p WHERE p.application_id = a.id) AS shown,
            (SELECT coalesce(array_agg(type ORDER BY type), '{}') FROM issuance.permits p WHERE p.application_id = a.id) AS issued
       FROM intake.applications a
       LEFT JOIN (SELECT application_id, min(status) AS status, count(*)::int AS cases FROM verification.verification_cases GROUP BY application_id) c ON c.application_id = a.id
      WHERE a.application_number = ANY($1)`,
    [numbers],
  );
  const byNumber = new Map(views.map((v) => [v.application_number, v]));
  const wrong: string[] = [];
  for (const s of accepted) {
    const v = byNumber.get(s.applicationNumber);
    const permits = [...s.mix.permits].sort().join(',');
    if (!v) wrong.push(`${s.applicationNumber} missing`);
    else if (v.status !== s.mix.status || v.risk_level !== s.mix.risk || v.cases !== 1 || v.case_status !== s.mix.caseStatus || v.shown.join(',') !== permits || v.issued.join(',') !== permits)
      wrong.push(`${s.applicationNumber} (${s.mix.risk}): ${v.status}, ${v.cases ?? 0} case(s) ${v.case_status ?? ''}, intake shows [${v.shown}], issuance holds [${v.issued}]`);
  }
  add('every accepted application in its expected state (intake view, verification case, permits)', wrong);

  const { rows: actors } = await pg.query(
    `SELECT a.nik, count(DISTINCT a.nib)::int AS nibs, count(*)::int AS rows,
            (SELECT count(DISTINCT p.number)::int FROM intake.application_permits p JOIN intake.applications x ON x.id = p.application_id WHERE x.applicant_nik = a.nik AND p.type = 'NIB') AS shown,
            (SELECT count(DISTINCT p.number)::int FROM issuance.permits p WHERE p.business_actor_id = ANY(array_agg(a.id)) AND p.type = 'NIB') AS issued
       FROM issuance.business_actors a WHERE a.nik = ANY($1) GROUP BY a.nik`,
    [niks],
  );
  add('one NIB per business actor', actors.filter((a) => a.rows !== 1 || a.nibs !== 1 || a.shown > 1 || a.issued > 1).map((a) => `${a.nik}: ${a.rows} actors, ${a.issued} NIBs issued, ${a.shown} shown`));

  const { rows: twiceNumbered } = await pg.query(
    `SELECT number, count(*)::int AS n FROM issuance.permits WHERE type <> 'NIB' GROUP BY number HAVING count(*) > 1
     UNION ALL SELECT nib, count(*)::int FROM issuance.business_actors GROUP BY nib HAVING count(*) > 1`,
  );
  add('no permit number twice', twiceNumbered.map((r) => `${r.number} ${r.n} times`));

  const { rows: twoOfAType } = await pg.query(
    `SELECT application_id::text, type, count(*)::int AS n FROM issuance.permits WHERE application_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1
     UNION ALL SELECT application_id::text, type, count(*)::int FROM intake.application_permits WHERE application_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1`,
    [ids],
  );
  add('no application with two permits of one type', twoOfAType.map((r) => `${r.application_id}: ${r.n} × ${r.type}`));

  // Fiktif positif once: each lapsed case deemed verified exactly once, its Sertifikat Standar carrying the basis;
  // nothing else deemed.
  const lapsed = accepted.filter((s) => s.mix.lapses).map((s) => s.applicationNumber as string);
  const { rows: deemed } = await pg.query(
    `SELECT c.application_number,
            (SELECT count(*)::int FROM verification.audit_log l WHERE l.action = 'case.deemed-verified' AND l.subject_id = c.id::text) AS deemed,
            (SELECT string_agg(p.deemed_basis, ',') FROM issuance.permits p WHERE p.application_id = c.application_id AND p.type = 'SERTIFIKAT_STANDAR') AS basis
       FROM verification.verification_cases c WHERE c.application_number = ANY($1)`,
    [numbers],
  );
  add(
    'each lapsed case deemed verified once, with its basis on the Sertifikat Standar; no other case deemed',
    deemed
      .filter((d) => (lapsed.includes(d.application_number) ? d.deemed !== 1 || d.basis !== DEEMED_BASIS : d.deemed !== 0 || d.basis))
      .map((d) => `${d.application_number}: deemed ${d.deemed} time(s), basis ${d.basis ?? 'none'}`),
  );

  const unpublished: string[] = [];
  for (const schema of Object.values(SCHEMAS)) {
    const { rows } = await pg.query(`SELECT count(*)::int AS n ${OUTBOX_OF(schema)} AND published_at IS NULL`, [ids]);
    if (rows[0].n > 0) unpublished.push(`${rows[0].n} in ${schema}`);
  }
  add('outbox fully published', unpublished);
  add('every event applied once by every consumer (inbox)', await unapplied(pg, ids));

  const after = await deadLetterOffsets();
  add('no new dead letters', [...after].filter(([topic, n]) => n !== (deadLettersBefore.get(topic) ?? 0)).map(([topic, n]) => `${topic}: ${n - (deadLettersBefore.get(topic) ?? 0)} new`));
  return checks;
}

/** The end offsets (records ever written) of the dead-letter topics, summed over partitions. */
async function deadLetterOffsets(): Promise<Map<string, number>> {
  const admin = testKafka('chaos').admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const result = new Map<string, number>();
    for (const topic of Object.values(DEAD_LETTER_TOPICS)) {
      const offsets = existing.has(topic) ? await admin.fetchTopicOffsets(topic) : [];
      result.set(topic, offsets.reduce((sum, p) => sum + Number(p.high), 0));
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}
