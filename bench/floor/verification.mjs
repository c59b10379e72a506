// The floor's verification (bench/README.md): ApplicationSubmitted opens a case verified automatically (the
// low-risk path): inbox, case row, audit row, VerificationStarted and DocumentsVerified in the outbox, one
// transaction per fetched batch.
import { randomUUID } from 'node:crypto';
import { appendOutbox, audit, consume, event, lifecycle, outboxRelay, TOPICS } from './common.mjs';

const S = 'floor_verification';
const relay = outboxRelay(S);
await relay.connected;
const consumer = await consume({
  groupId: 'floor-verification',
  schema: S,
  topics: [TOPICS.submitted],
  relay,
  handle: async (client, events) => {
    for (const submitted of events) {
      const application = submitted.payload;
      const inserted = await client.query(
        `INSERT INTO ${S}.cases (id, application_id, office_code, status, application, opened_at, decided_at)
         VALUES ($1, $2, $3, 'VERIFIED', $4, now(), now()) ON CONFLICT (application_id) DO NOTHING RETURNING id`,
        [randomUUID(), application.applicationId, application.officeCode, application],
      );
      if (inserted.rowCount === 0) continue;
      await audit(client, S, 'case.verified-automatically', application.applicationNumber, { caseId: inserted.rows[0].id });
      const ref = { applicationId: application.applicationId, applicationNumber: application.applicationNumber, officeCode: application.officeCode };
      await appendOutbox(client, S, [
        event('VerificationStarted', TOPICS.started, application.applicationId, ref),
        event('DocumentsVerified', TOPICS.verified, application.applicationId, { ...ref, nik: application.nik, verifiedBy: 'AUTOMATIC' }),
      ]);
    }
  },
});
lifecycle([() => consumer.disconnect(), relay.stop]);
