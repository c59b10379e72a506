#!/usr/bin/env node
// Measures the time from POST /api/v1/applications to status ISSUED on GET /api/v1/applications/{n},
// across the three running services (npm run start:all), plus throughput under concurrency and each
// service's resident memory (from its /metrics).
//
//   node bench/submit-to-issued.mjs [--count 20] [--concurrency 1] [--poll ms] [--intake http://127.0.0.1:3001]
//
// Bounded: at most --count applications, each given up to 30 s; loopback only.
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const count = Number(args.count ?? 20);
const concurrency = Number(args.concurrency ?? 1);
const intake = args.intake ?? 'http://127.0.0.1:3001';
const services = { 'application-intake': intake, 'document-verification': args.verification ?? 'http://127.0.0.1:3002', 'permit-issuance': args.issuance ?? 'http://127.0.0.1:3003' };
const POLL_MS = Number(args.poll ?? (concurrency > 1 ? 100 : 5));

function nik(i) {
  // Salatiga (33.73.01), born 17-08-1990, serial from the run and index: structurally valid, unique.
  const serial = String(((Date.now() / 1000) | 0) % 9000 + i + 1).padStart(4, '0').slice(-4);
  return `337301170890${serial === '0000' ? '0001' : serial}`;
}

async function one(i) {
  const body = {
    officeCode: '3373',
    applicant: { nik: nik(i), name: `Bench ${i}` },
    business: { name: `Usaha ${i}`, kbli: '47112', capital: 25_000_000, address: { regionCode: '3373011001', street: 'Jl. Bench 1' } },
  };
  const started = performance.now();
  const res = await fetch(`${intake}/api/v1/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
  const { applicationNumber, trackingCode } = await res.json();
  const accepted = performance.now();
  const deadline = started + 30_000;
  while (performance.now() < deadline) {
    const r = await fetch(`${intake}/api/v1/applications/${applicationNumber}`, { headers: { 'x-tracking-code': trackingCode } });
    const view = await r.json();
    if (view.status === 'ISSUED') return { total: performance.now() - started, submit: accepted - started };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${applicationNumber} not ISSUED within 30 s`);
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function rss() {
  const out = {};
  for (const [name, url] of Object.entries(services)) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
    out[name] = line ? `${(Number(line.split(' ').pop()) / 1024 / 1024).toFixed(0)} MiB` : 'n/a';
  }
  return out;
}

const results = [];
let next = 0;
const wall = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) results.push(await one(next++));
  }),
);
const elapsed = (performance.now() - wall) / 1000;
const totals = results.map((r) => r.total).sort((a, b) => a - b);
const submits = results.map((r) => r.submit).sort((a, b) => a - b);
const ms = (v) => `${v.toFixed(1)} ms`;
console.log(`applications: ${count}, concurrency: ${concurrency}, poll interval: ${POLL_MS} ms`);
console.log(`submission -> ISSUED: p50 ${ms(pct(totals, 50))}, p95 ${ms(pct(totals, 95))}, max ${ms(totals[totals.length - 1])}`);
console.log(`POST /applications:   p50 ${ms(pct(submits, 50))}, p95 ${ms(pct(submits, 95))}`);
console.log(`throughput: ${(count / elapsed).toFixed(1)} applications issued per second`);
console.log('resident memory:', await rss());
