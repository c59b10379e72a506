import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { ApplicationResubmittedV1, ApplicationWithdrawnV1, EventEnvelope } from '@mpp/contracts';
import { CaseServiceLevel } from '../sla/case-service-level';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';

/** What the applicant does to a case through intake: answer a revision request, or withdraw. */
@Injectable()
export class ApplicantEventsService {
  private readonly logger = new Logger(ApplicantEventsService.name);

  constructor(
    private readonly audit: AuditTrail,
    private readonly serviceLevel: CaseServiceLevel,
  ) {}

  /** Back in the queue, held by the verifier who asked for the revision. */
  async resubmitted(event: EventEnvelope<ApplicationResubmittedV1>, manager: EntityManager): Promise<void> {
    await this.transition(manager, event, [CaseStatus.REVISION_REQUESTED], CaseStatus.AWAITING_OFFICER, 'case.resubmitted');
  }

  /** A withdrawn application's case is closed, unless it was already decided. */
  async withdrawn(event: EventEnvelope<ApplicationWithdrawnV1>, manager: EntityManager): Promise<void> {
    await this.transition(manager, event, [CaseStatus.AWAITING_OFFICER, CaseStatus.REVISION_REQUESTED], CaseStatus.WITHDRAWN, 'case.withdrawn');
  }

  private async transition(
    manager: EntityManager,
    event: EventEnvelope<ApplicationResubmittedV1 | ApplicationWithdrawnV1>,
    from: CaseStatus[],
    to: CaseStatus,
    action: string,
  ): Promise<void> {
    const found = await manager.findOne(VerificationCaseEntity, {
      where: { applicationId: event.payload.applicationId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!found || !from.includes(found.status)) {
      this.logger.log(`${event.type} for ${event.payload.applicationNumber}: case is ${found?.status ?? 'not open'}; nothing to do`);
      return;
    }
    const at = new Date(event.occurredAt);
    found.status = to;
    if (to === CaseStatus.WITHDRAWN) {
      found.decidedAt = at;
      this.serviceLevel.stop(found, at);
    } else {
      await this.serviceLevel.resume(manager, found, at); // back with the office: the clock runs again (OSS 42)
    }
    await manager.save(VerificationCaseEntity, found);
    await this.audit.record(
      manager,
      { action, subjectType: 'verification-case', subjectId: found.id, office: found.officeCode, actor: event.actor, details: { applicationNumber: found.applicationNumber } },
      'document-verification',
    );
  }
}
