import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationSubmittedV1, DocumentsVerifiedV1, EventDefinition, EVENTS, EventEnvelope, VerificationStartedV1 } from '@mpp/contracts';
import { AuditTrail } from '@mpp/audit';
import { documentChecklist, isAutoVerifiable } from '@mpp/domain';
import { OutboxWriter } from '@mpp/messaging';
import { CaseServiceLevel } from '../sla/case-service-level';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';
import { runAutomaticChecks } from './automatic-checks';

/**
 * A submitted application opens a verification case: the checklist for its risk level, the automatic
 * checks, and, where the rules allow (low and medium-low risk with every check passing), verification
 * without an officer, as OSS does. Otherwise the case waits in the office's officer queue.
 */
@Injectable()
export class OpenCaseService {
  private readonly logger = new Logger(OpenCaseService.name);

  constructor(
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly serviceLevel: CaseServiceLevel,
  ) {}

  async open(event: EventEnvelope<ApplicationSubmittedV1>, manager: EntityManager): Promise<void> {
    const application = event.payload;
    const existing = await manager.findOneBy(VerificationCaseEntity, { applicationId: application.applicationId });
    if (existing) {
      this.logger.log(`case for ${application.applicationNumber} already open`);
      return;
    }
    const now = new Date();
    const checks = runAutomaticChecks(application);
    const autoVerify = isAutoVerifiable(application.riskLevel) && checks.every((c) => c.passed);
    const verificationCase = manager.create(VerificationCaseEntity, {
      id: randomUUID(),
      applicationId: application.applicationId,
      applicationNumber: application.applicationNumber,
      officeCode: application.officeCode,
      riskLevel: application.riskLevel,
      businessScale: application.businessScale,
      status: autoVerify ? CaseStatus.VERIFIED : CaseStatus.AWAITING_OFFICER,
      checklist: documentChecklist(application.riskLevel, application.applicant.kind ?? 'INDIVIDUAL'),
      automaticChecks: checks,
      applicant: application.applicant,
      business: application.business,
      openedAt: now,
      decidedAt: autoVerify ? now : null,
      decidedBy: autoVerify ? 'AUTOMATIC' : null,
    });
    if (!autoVerify) await this.serviceLevel.start(manager, verificationCase, now);
    await manager.insert(VerificationCaseEntity, verificationCase);
    await this.audit.record(
      manager,
      {
        action: autoVerify ? 'case.verified-automatically' : 'case.opened',
        subjectType: 'verification-case',
        subjectId: verificationCase.id,
        office: application.officeCode,
        details: { applicationNumber: application.applicationNumber, failedChecks: checks.filter((c) => !c.passed).map((c) => c.name) },
      },
      'document-verification',
    );

    const publish = <T extends object>(event: EventDefinition<T>, payload: T) =>
      this.outbox.append(manager, {
        event,
        aggregateId: application.applicationId,
        tenant: application.officeCode,
        payload,
        actor: { kind: 'system', id: 'document-verification' },
      });
    const { applicationId, applicationNumber, officeCode, applicant, business, businessScale, riskLevel } = application;
    await publish<VerificationStartedV1>(EVENTS.VerificationStarted, {
      applicationId,
      applicationNumber,
      officeCode,
      caseId: verificationCase.id,
      checklist: verificationCase.checklist,
      automaticChecks: checks,
      startedAt: now.toISOString(),
    });
    if (!autoVerify) return;
    await publish<DocumentsVerifiedV1>(EVENTS.DocumentsVerified, {
      applicationId,
      applicationNumber,
      officeCode,
      applicant,
      business,
      businessScale,
      riskLevel,
      caseId: verificationCase.id,
      verifiedBy: 'AUTOMATIC',
      verifiedAt: now.toISOString(),
    });
  }
}
