import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { DocumentsVerifiedV1, EventActor, EVENTS, EventEnvelope, IssuedPermit, PermitIssuedV1, PermitType } from '@mpp/contracts';
import { AuditTrail } from '@mpp/audit';
import { permitsForRisk, requiresHeadOfOfficeApproval } from '@mpp/domain';
import { OutboxWriter, PermanentEventError } from '@mpp/messaging';
import { OfficeDirectory } from '../../offices/office-directory.service';
import { BusinessActorEntity, PermitEntity, PermitStatus } from '../permit.entities';
import { nextNib, nextPermitNumber } from './numbering';

/**
 * Verified documents lead to the permits the risk level yields (PP 5/2021): an NIB always (one per
 * business actor, reused by later applications), plus a Sertifikat Standar for medium risk. High risk
 * needs the head of office's approval first and is not issued here.
 */
@Injectable()
export class IssuePermitsService {
  private readonly logger = new Logger(IssuePermitsService.name);

  constructor(
    private readonly outbox: OutboxWriter,
    private readonly config: ConfigService,
    private readonly offices: OfficeDirectory,
    private readonly audit: AuditTrail,
  ) {}

  async issue(event: EventEnvelope<DocumentsVerifiedV1>, manager: EntityManager): Promise<void> {
    const verified = event.payload;
    if (verified.verifiedBy === 'OFFICER') assertVerifierOfOffice(event.actor, verified.officeCode);
    const office = await this.offices.find(manager, verified.officeCode);
    if (!office) throw new PermanentEventError(`unknown office ${verified.officeCode}`);
    if (requiresHeadOfOfficeApproval(verified.riskLevel)) {
      this.logger.log(`${verified.applicationNumber} is high risk: waits for the head of office's approval`);
      return;
    }
    const already = await manager.countBy(PermitEntity, { applicationId: verified.applicationId });
    if (already > 0) {
      this.logger.log(`permits for ${verified.applicationNumber} already issued`);
      return;
    }
    const now = new Date();
    const actor = await this.businessActor(manager, verified, now);
    const issued: IssuedPermit[] = [];
    for (const type of permitsForRisk(verified.riskLevel)) {
      const number =
        type === PermitType.NIB ? actor.nib : await nextPermitNumber(manager, type, office, now);
      await manager.insert(PermitEntity, {
        id: randomUUID(),
        applicationId: verified.applicationId,
        applicationNumber: verified.applicationNumber,
        businessActorId: actor.id,
        type,
        number,
        officeCode: verified.officeCode,
        businessName: verified.business.name,
        kbli: verified.business.kbli,
        kbliTitle: verified.business.kbliTitle,
        riskLevel: verified.riskLevel,
        status: PermitStatus.ACTIVE,
        issuedAt: now,
        validUntil: null,
      });
      issued.push({ type, number, issuedAt: now.toISOString(), verificationUrl: this.verificationUrl(number) });
    }
    const payload: PermitIssuedV1 = {
      applicationId: verified.applicationId,
      applicationNumber: verified.applicationNumber,
      officeCode: verified.officeCode,
      nib: actor.nib,
      permits: issued,
      issuedAt: now.toISOString(),
    };
    await this.audit.record(
      manager,
      {
        action: 'permits.issued',
        subjectType: 'application',
        subjectId: verified.applicationNumber,
        office: verified.officeCode,
        details: { nib: actor.nib, permits: issued.map((p) => ({ type: p.type, number: p.number })), verifiedBy: event.actor ?? null },
      },
      'permit-issuance',
    );
    await this.outbox.append(manager, {
      event: EVENTS.PermitIssued,
      aggregateId: verified.applicationId,
      tenant: verified.officeCode,
      payload,
      actor: { kind: 'system', id: 'permit-issuance' },
    });
  }

  /** The actor's existing NIB, or a new one. Concurrent first applications of one actor get one NIB. */
  private async businessActor(manager: EntityManager, verified: DocumentsVerifiedV1, now: Date): Promise<BusinessActorEntity> {
    const nik = verified.applicant.nik;
    const existing = await manager.findOneBy(BusinessActorEntity, { nik });
    if (existing) return existing;
    await manager
      .createQueryBuilder()
      .insert()
      .into(BusinessActorEntity)
      .values({
        id: randomUUID(),
        nik,
        nib: await nextNib(manager, now),
        name: verified.applicant.name,
        officeCode: verified.officeCode,
        registeredAt: now,
      })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(BusinessActorEntity, { nik });
  }

  private verificationUrl(number: string): string {
    const base = this.config.getOrThrow<string>('PUBLIC_BASE_URL').replace(/\/+$/, '');
    return `${base}/api/v1/permits/${encodeURIComponent(number)}/verification`;
  }
}

/**
 * Authorisation is re-checked on the originating officer, not on the service that relayed the decision
 * (ASVS 8.3.3): documents verified by an officer must carry a verifier of the application's office.
 */
function assertVerifierOfOffice(actor: EventActor | undefined, officeCode: string): void {
  const roles = actor?.role?.split(',') ?? [];
  if (actor?.kind !== 'officer' || !roles.includes('verifier') || actor.office !== officeCode) {
    throw new PermanentEventError(`documents of office ${officeCode} were not verified by a verifier of that office`);
  }
}
