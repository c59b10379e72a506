// The floor's intake (bench/README.md): POST /applications stores the application (its number from a
// per-office counter row), a timeline row, an audit row and ApplicationSubmitted in the outbox in one
// transaction, answers 201 and wakes the relay; its consumer keeps the status view from VerificationStarted,
// DocumentsVerified and PermitIssued (inbox, timeline row, status, permits, audit row; one transaction per
// fetched batch). No validation: the body is the platform's request, parsed and stored.
//
// Environment: PORT, and those of common.mjs.
import { randomUUID, randomBytes } from 'node:crypto';
import http from 'node:http';
import { appendOutbox, audit, consume, event, lifecycle, outboxRelay, transaction, TOPICS } from './common.mjs';

const S = 'floor_intake';
const ORDER = ['SUBMITTED', 'UNDER_VERIFICATION', 'VERIFIED', 'ISSUED'];
const STEP = { VerificationStarted: 'UNDER_VERIFICATION', DocumentsVerified: 'VERIFIED', PermitIssued: 'ISSUED' };
const relay = outboxRelay(S);
await relay.connected;

async function submit(body) {
  const id = randomUUID();
  const officeCode = body.officeCode;
  const year = new Date().getUTCFullYear();
  return transaction(async (client) => {
    const { rows } = await client.query(
      `INSERT INTO ${S}.application_counters (office_code, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (office_code, year) DO UPDATE SET last_number = application_counters.last_number + 1 RETURNING last_number`,
      [officeCode, year],
    );
    const applicationNumber = `MPP-${officeCode}-${year}-${String(rows[0].last_number).padStart(6, '0')}`;
    await client.query(
      `INSERT INTO ${S}.applications (id, number, office_code, status, body, submitted_at, updated_at) VALUES ($1, $2, $3, 'SUBMITTED', $4, now(), now())`,
      [id, applicationNumber, officeCode, body],
    );
    await client.query(`INSERT INTO ${S}.application_timeline (application_id, status, at) VALUES ($1, 'SUBMITTED', now())`, [id]);
    await audit(client, S, 'application.submitted', applicationNumber, { kbli: body.business?.kbli });
    await appendOutbox(client, S, [
      event('ApplicationSubmitted', TOPICS.submitted, id, { applicationId: id, applicationNumber, officeCode, nik: body.applicant?.nik, application: body }),
    ]);
    return { applicationNumber, trackingCode: randomBytes(6).toString('hex'), status: 'SUBMITTED' };
  });
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health/ready') return void res.end('ok');
  if (req.method !== 'POST' || req.url !== '/applications') {
    res.statusCode = 404;
    return void res.end();
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const answer = await submit(JSON.parse(Buffer.concat(chunks).toString()));
      relay.wake();
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: err.message }));
    }
  });
});

const consumer = await consume({
  groupId: 'floor-intake',
  schema: S,
  topics: [TOPICS.started, TOPICS.verified, TOPICS.issued],
  handle: async (client, events) => {
    for (const e of events) {
      const status = STEP[e.type];
      const { applicationId, applicationNumber } = e.payload;
      await client.query(`INSERT INTO ${S}.application_timeline (application_id, status, at, event_id) VALUES ($1, $2, $3, $4)`, [
        applicationId,
        status,
        e.occurredAt,
        e.eventId,
      ]);
      // The status only moves forward (events of one application come on different topics).
      await client.query(
        `UPDATE ${S}.applications SET status = $2, updated_at = now() WHERE id = $1 AND array_position($3::text[], status) < array_position($3::text[], $2)`,
        [applicationId, status, ORDER],
      );
      for (const permit of e.payload.permits ?? []) {
        await client.query(
          `INSERT INTO ${S}.application_permits (application_id, type, number, issued_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [applicationId, permit.type, permit.number, permit.issuedAt],
        );
      }
      await audit(client, S, 'application.status-recorded', applicationNumber, { step: status, event: e.type, eventId: e.eventId });
    }
  },
});
server.listen(Number(process.env.PORT ?? 3900), '127.0.0.1', () => lifecycle([() => server.close(), () => consumer.disconnect(), relay.stop]));
