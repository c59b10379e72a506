// The floor's issuance (bench/README.md): DocumentsVerified of a low-risk application issues its NIB: inbox,
// the business actor (one per NIK, its NIB numbered from a per-office counter row), the permit, an audit row
// and PermitIssued in the outbox, one transaction per fetched batch.
import { randomUUID } from 'node:crypto';
import { appendOutbox, audit, consume, event, lifecycle, outboxRelay, TOPICS } from './common.mjs';

const S = 'floor_issuance';
const relay = outboxRelay(S);
await relay.connected;
const consumer = await consume({
  groupId: 'floor-issuance',
  schema: S,
  topics: [TOPICS.verified],
  relay,
  handle: async (client, events) => {
    for (const verified of events) {
      const { applicationId, applicationNumber, officeCode, nik } = verified.payload;
      let actor = (await client.query(`SELECT id, nib FROM ${S}.business_actors WHERE identity_key = $1`, [`nik:${nik}`])).rows[0];
      if (!actor) {
        const { rows } = await client.query(
          `INSERT INTO ${S}.counters (office_code, kind, last_number) VALUES ($1, 'NIB', 1)
           ON CONFLICT (office_code, kind) DO UPDATE SET last_number = counters.last_number + 1 RETURNING last_number`,
          [officeCode],
        );
        actor = { id: randomUUID(), nib: `${officeCode}${String(rows[0].last_number).padStart(9, '0')}` };
        await client.query(`INSERT INTO ${S}.business_actors (id, identity_key, nib, registered_at) VALUES ($1, $2, $3, now())`, [actor.id, `nik:${nik}`, actor.nib]);
      }
      const issued = await client.query(
        `INSERT INTO ${S}.permits (id, application_id, business_actor_id, type, number, office_code, issued_at)
         VALUES ($1, $2, $3, 'NIB', $4, $5, now()) ON CONFLICT (application_id, type) DO NOTHING RETURNING issued_at`,
        [randomUUID(), applicationId, actor.id, actor.nib, officeCode],
      );
      if (issued.rowCount === 0) continue;
      await audit(client, S, 'permit.issued', applicationNumber, { nib: actor.nib });
      const permits = [{ type: 'NIB', number: actor.nib, issuedAt: issued.rows[0].issued_at.toISOString() }];
      await appendOutbox(client, S, [event('PermitIssued', TOPICS.issued, applicationId, { applicationId, applicationNumber, officeCode, permits })]);
    }
  },
});
lifecycle([() => consumer.disconnect(), relay.stop]);
