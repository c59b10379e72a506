import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApplicationSubmittedV1, AutomaticCheckResult, EVENTS, EventEnvelope } from '@mpp/contracts';
import { documentChecklist, findDecidedUnder, RuleSet } from '@mpp/domain';
import { ChangeRecorder, OutboxWriter, PermanentEventError } from '@mpp/messaging';
import { caseAudit, caseEvent, documentsVerified, SERVICE_ACTOR, verificationStarted } from '../case-events';
import { caseTransition, openingAction, SYSTEM } from '../case-lifecycle';
import { CaseTransitions } from '../case-transitions';
import { VerificationCaseEntity } from '../verification-case.entity';
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
    private readonly recorder: ChangeRecorder,
    private readonly outbox: OutboxWriter,
    private readonly transitions: CaseTransitions,
  ) {}

  async open(event: EventEnvelope<ApplicationSubmittedV1>, manager: EntityManager): Promise<void> {
    const application = event.payload;
    const ruleSet = ruleSetOf(application);
    const existing = await manager.findOneBy(VerificationCaseEntity, { applicationId: application.applicationId });
    const checks = runAutomaticChecks(application, ruleSet);
    const action = openingAction(application.riskLevel, checks);
    const transition = caseTransition(existing ?? undefined, action, SYSTEM);
    if (!transition.allowed) {
      this.logger.log(`case for ${application.applicationNumber} already open (${transition.refusal.message})`);
      return;
    }
    const now = new Date();
    const automatic = action === 'verify-automatically';
    const opened = newCase(manager, application, ruleSet, checks, now);
    if (automatic) opened.decidedBy = 'AUTOMATIC';
    await this.transitions.apply(manager, opened, transition, now);
    await manager.insert(VerificationCaseEntity, opened);
    await this.announce(manager, opened, automatic, now);
  }

  /** VerificationStarted with the audit entry, then DocumentsVerified if no officer is needed. */
  private async announce(manager: EntityManager, opened: VerificationCaseEntity, automatic: boolean, now: Date): Promise<void> {
    const failedChecks = opened.automaticChecks.filter((c) => !c.passed).map((c) => c.name);
    await this.recorder.record(
      manager,
      caseEvent(opened, EVENTS.VerificationStarted, verificationStarted(opened, now), SERVICE_ACTOR),
      caseAudit(opened, automatic ? 'case.verified-automatically' : 'case.opened', { failedChecks }),
    );
    if (!automatic) return;
    await this.outbox.append(manager, caseEvent(opened, EVENTS.DocumentsVerified, documentsVerified(opened, 'AUTOMATIC', now), SERVICE_ACTOR));
  }
}

/** The case as the application was submitted; status, clock and decision follow from the lifecycle. */
function newCase(manager: EntityManager, application: ApplicationSubmittedV1, ruleSet: RuleSet, checks: AutomaticCheckResult[], now: Date): VerificationCaseEntity {
  return manager.create(VerificationCaseEntity, {
    id: randomUUID(),
    applicationId: application.applicationId,
    applicationNumber: application.applicationNumber,
    officeCode: application.officeCode,
    riskLevel: application.riskLevel,
    businessScale: application.businessScale,
    ruleSet: ruleSet.id,
    checklist: documentChecklist(application.riskLevel, application.applicant.kind ?? 'INDIVIDUAL'),
    automaticChecks: checks,
    applicant: application.applicant,
    business: application.business,
    openedAt: now,
    decidedAt: null,
    decidedBy: null,
  });
}

/** The rule set the application was decided under; an event naming one this platform does not know is dead-lettered. */
function ruleSetOf(application: ApplicationSubmittedV1): RuleSet {
  const ruleSet = findDecidedUnder(application.ruleSet);
  if (!ruleSet) throw new PermanentEventError(`decided under rule set ${application.ruleSet}, which this platform does not know`);
  return ruleSet;
}
