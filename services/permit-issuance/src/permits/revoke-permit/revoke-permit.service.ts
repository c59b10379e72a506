import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { actorOf, Officer } from '@mpp/auth';
import { EventActor, EVENTS, PermitRevokedV1 } from '@mpp/contracts';
import { ChangeAudit, ChangeRecorder, OutboxWriter, OutgoingEvent } from '@mpp/messaging';
import { officerActor } from '../lifecycle';
import { PermitEntity } from '../permit.entities';
import { permitStatusOf, permitTransition, revocableRows } from '../permit-lifecycle';
import { refusalException } from '../refusal-exception';
import { RevocationView } from './revoke-permit.dto';

/**
 * The head of office revokes a permit of their office (NIB status 06 "Dicabut", PIA Lampiran 14).
 *
 * Only the permit with this number is revoked. An NIB is one number shared by the actor's applications:
 * all its rows are revoked and each application gets a PermitRevoked, but the actor's Sertifikat Standar
 * and Izin stay as they are (each is revoked on its own, by a decision of its own).
 */
@Injectable()
export class RevokePermitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly changes: ChangeRecorder,
  ) {}

  async revoke(permitNumber: string, officer: Officer, reason: string): Promise<RevocationView> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.find(PermitEntity, { where: { number: permitNumber }, order: { issuedAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      // The permit's office is the one that issued it first (as on the verification page).
      const permit = rows.length > 0 ? { status: permitStatusOf(rows), officeCode: rows[0].officeCode } : null;
      const verdict = permitTransition(permit, 'revoke', officerActor(officer));
      if (!verdict.allowed) throw refusalException(verdict.refusal);
      const active = revocableRows(rows);
      const now = new Date();
      await manager.update(PermitEntity, { id: In(active.map((p) => p.id)) }, { status: verdict.to, revokedAt: now, revokedBy: officer.id, revocationReason: reason });
      const applicationNumbers = active.map((p) => p.applicationNumber);
      await this.announce(manager, active, reason, now, actorOf(officer), {
        action: 'permit.revoked',
        subjectType: 'permit',
        subjectId: permitNumber,
        office: rows[0].officeCode,
        details: { type: rows[0].type, reason, applicationNumbers },
      });
      return { permitNumber, type: rows[0].type, status: 'REVOKED' as const, revokedAt: now.toISOString(), revokedBy: officer.id, reason, applicationNumbers };
    });
  }

  /**
   * One PermitRevoked per application whose permit this was, and one audit entry for the decision (recorded
   * with the last event, so that it follows all of them).
   */
  private async announce(
    manager: EntityManager,
    revoked: PermitEntity[],
    reason: string,
    now: Date,
    actor: EventActor,
    audit: ChangeAudit,
  ): Promise<void> {
    const events: OutgoingEvent<PermitRevokedV1>[] = revoked.map((permit) => ({
      event: EVENTS.PermitRevoked,
      aggregateId: permit.applicationId,
      tenant: permit.officeCode,
      payload: permitRevoked(permit, reason, now),
      actor,
    }));
    const last = events.pop();
    for (const event of events) await this.outbox.append(manager, event);
    if (last) await this.changes.record(manager, last, audit);
  }
}

function permitRevoked(permit: PermitEntity, reason: string, now: Date): PermitRevokedV1 {
  return {
    applicationId: permit.applicationId,
    applicationNumber: permit.applicationNumber,
    officeCode: permit.officeCode,
    type: permit.type,
    number: permit.number,
    reason,
    revokedAt: now.toISOString(),
  };
}
