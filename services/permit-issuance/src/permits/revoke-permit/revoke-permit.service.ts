import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, officeOf } from '@mpp/auth';
import { EVENTS, PermitRevokedV1 } from '@mpp/contracts';
import { OutboxWriter } from '@mpp/messaging';
import { PermitEntity, PermitStatus } from '../permit.entities';
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
    private readonly audit: AuditTrail,
  ) {}

  async revoke(permitNumber: string, officer: Officer, reason: string): Promise<RevocationView> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.find(PermitEntity, { where: { number: permitNumber }, order: { issuedAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      // The permit's office is the one that issued it first (as on the verification page).
      if (rows.length === 0 || rows[0].officeCode !== officeOf(officer)) throw new NotFoundException('Permit not found');
      const active = rows.filter((p) => p.status === PermitStatus.ACTIVE);
      if (active.length === 0) throw new ConflictException('Permit is already revoked');
      const now = new Date();
      await manager.update(
        PermitEntity,
        { id: In(active.map((p) => p.id)) },
        { status: PermitStatus.REVOKED, revokedAt: now, revokedBy: officer.id, revocationReason: reason },
      );
      const actor = actorOf(officer);
      for (const permit of active) {
        const payload: PermitRevokedV1 = {
          applicationId: permit.applicationId,
          applicationNumber: permit.applicationNumber,
          officeCode: permit.officeCode,
          type: permit.type,
          number: permit.number,
          reason,
          revokedAt: now.toISOString(),
        };
        await this.outbox.append(manager, { event: EVENTS.PermitRevoked, aggregateId: permit.applicationId, tenant: permit.officeCode, payload, actor });
      }
      const applicationNumbers = active.map((p) => p.applicationNumber);
      await this.audit.record(manager, {
        action: 'permit.revoked',
        subjectType: 'permit',
        subjectId: permitNumber,
        office: rows[0].officeCode,
        actor,
        details: { type: rows[0].type, reason, applicationNumbers },
      });
      return {
        permitNumber,
        type: rows[0].type,
        status: 'REVOKED' as const,
        revokedAt: now.toISOString(),
        revokedBy: officer.id,
        reason,
        applicationNumbers,
      };
    });
  }
}
