#!/usr/bin/env node
// Compares how long intake takes to answer 404 for a wrong tracking code and for an unknown application
// number: they should be indistinguishable, so the answer time does not reveal which numbers exist.
//
//   node bench/tracking-timing.mjs [--rounds 300] [--intake http://127.0.0.1:3001]
//
// Needs the running system (npm run start:all) with RATE_LIMIT_PER_MINUTE high enough for the rounds
// (the default limit of 60 per minute answers 429 after that). Bounded: 2 × rounds requests, loopback only.
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const rounds = Number(args.rounds ?? 300);
const intake = args.intake ?? 'http://127.0.0.1:3001';

const submitted = await fetch(`${intake}/api/v1/applications`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    officeCode: '3373',
    applicant: { nik: '3373011708900001', name: 'Timing' },
    business: { name: 'Timing', kbli: '47112', capital: 1000000, address: { regionCode: '3373011001', street: 'Jl. Timing' } },
  }),
});
if (submitted.status !== 201) throw new Error(`submit answered ${submitted.status}`);
const { applicationNumber } = await submitted.json();

async function timed(number, code) {
  const t = performance.now();
  const res = await fetch(`${intake}/api/v1/applications/${number}`, { headers: { 'x-tracking-code': code } });
  await res.arrayBuffer();
  if (res.status !== 404) throw new Error(`expected 404, got ${res.status}`);
  return performance.now() - t;
}

const wrong = [];
const unknown = [];
for (let i = 0; i < rounds; i++) {
  // Interleaved, so drift in machine load affects both series alike.
  wrong.push(await timed(applicationNumber, 'AAAA-BBBB-CCCC'));
  unknown.push(await timed('MPP-3373-1999-999999', 'AAAA-BBBB-CCCC'));
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)].toFixed(3);
  return `p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms`;
};
console.log(`rounds: ${rounds}`);
console.log(`wrong tracking code:      ${stats(wrong)}`);
console.log(`unknown application no.:  ${stats(unknown)}`);
