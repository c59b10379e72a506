import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { ApplicationResubmittedV1, ApplicationWithdrawnV1, EventEnvelope } from '@mpp/contracts';
import { caseAudit, SERVICE_ACTOR_ID } from '../case-events';
import { APPLICANT, ApplicantCaseAction, caseTransition } from '../case-lifecycle';
import { CaseTransitions } from '../case-transitions';
import { VerificationCaseEntity } from '../verification-case.entity';

/** What the applicant does to a case through intake: answer a revision request, or withdraw. */
@Injectable()
export class ApplicantEventsService {
  private readonly logger = new Logger(ApplicantEventsService.name);

  constructor(
    private readonly audit: AuditTrail,
    private readonly transitions: CaseTransitions,
  ) {}

  /** Back in the queue, held by the verifier who asked for the revision. */
  async resubmitted(event: EventEnvelope<ApplicationResubmittedV1>, manager: EntityManager): Promise<void> {
    await this.transition(manager, event, 'resubmit', 'case.resubmitted');
  }

  /** A withdrawn application's case is closed, unless it was already decided. */
  async withdrawn(event: EventEnvelope<ApplicationWithdrawnV1>, manager: EntityManager): Promise<void> {
    await this.transition(manager, event, 'withdraw', 'case.withdrawn');
  }

  private async transition(
    manager: EntityManager,
    event: EventEnvelope<ApplicationResubmittedV1 | ApplicationWithdrawnV1>,
    action: ApplicantCaseAction,
    audited: string,
  ): Promise<void> {
    const found = await manager.findOne(VerificationCaseEntity, {
      where: { applicationId: event.payload.applicationId },
      lock: { mode: 'pessimistic_write' },
    });
    const transition = caseTransition(found ?? undefined, action, APPLICANT);
    if (!transition.allowed || !found) {
      const why = transition.allowed ? 'case is not open' : transition.refusal.message;
      this.logger.log(`${event.type} for ${event.payload.applicationNumber}: ${why}; nothing to do`);
      return;
    }
    await this.transitions.apply(manager, found, transition, new Date(event.occurredAt));
    await manager.save(VerificationCaseEntity, found);
    await this.audit.record(manager, { ...caseAudit(found, audited), office: found.officeCode, actor: event.actor }, SERVICE_ACTOR_ID);
  }
}
