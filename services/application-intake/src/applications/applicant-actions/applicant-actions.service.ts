import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationResubmittedV1, ApplicationStatus, ApplicationWithdrawnV1, EventDefinition, EVENTS } from '@mpp/contracts';
import { ChangeRecorder } from '@mpp/messaging';
import { actorOn, ApplicantCredentials, applicationForCaller, ensureTransition } from '../application-access';
import { TrackingCodeSecrets } from '../tracking-code';
import { ApplicationEntity, TimelineEntryEntity } from '../application.entities';
import { ApplicationAction } from '../application-lifecycle';
import { resubmittedPayload, withdrawnPayload } from './applicant-actions.payloads';

type ApplicantAction = ApplicationAction.RESUBMIT | ApplicationAction.WITHDRAW;

/** What each applicant action announces and records in the audit trail. */
const ANNOUNCED: Record<ApplicantAction, { event: EventDefinition<object>; audit: string }> = {
  [ApplicationAction.RESUBMIT]: { event: EVENTS.ApplicationResubmitted, audit: 'application.resubmitted' },
  [ApplicationAction.WITHDRAW]: { event: EVENTS.ApplicationWithdrawn, audit: 'application.withdrawn' },
};

/** What the entrepreneur (or the counter on their behalf) does after submitting: resubmit, withdraw. */
@Injectable()
export class ApplicantActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
    private readonly codes: TrackingCodeSecrets,
  ) {}

  /** After a revision request: back to the verifier (who asked), and the SLA clock runs again. */
  resubmit(applicationNumber: string, who: ApplicantCredentials, note?: string): Promise<{ status: ApplicationStatus }> {
    return this.act(applicationNumber, who, ApplicationAction.RESUBMIT, note, (application, now): ApplicationResubmittedV1 =>
      resubmittedPayload(application, now, note),
    );
  }

  withdraw(applicationNumber: string, who: ApplicantCredentials, reason?: string): Promise<{ status: ApplicationStatus }> {
    return this.act(applicationNumber, who, ApplicationAction.WITHDRAW, reason, (application, now): ApplicationWithdrawnV1 =>
      withdrawnPayload(application, now, reason),
    );
  }

  private act(
    applicationNumber: string,
    who: ApplicantCredentials,
    action: ApplicantAction,
    note: string | undefined,
    payload: (application: ApplicationEntity, now: Date) => object,
  ): Promise<{ status: ApplicationStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const application = await applicationForCaller(manager, applicationNumber, who, action, { lock: true, codes: this.codes });
      const to = ensureTransition(action, application.status);
      const now = new Date();
      await manager.insert(TimelineEntryEntity, { applicationId: application.id, status: to, at: now, note: note ?? null, reasons: null, eventId: null });
      await manager.update(ApplicationEntity, { id: application.id }, { status: to, updatedAt: now });
      const { event, audit } = ANNOUNCED[action];
      await this.changes.record(
        manager,
        { event, aggregateId: application.id, tenant: application.officeCode, payload: payload(application, now), actor: actorOn(application, who) },
        { action: audit, subjectType: 'application', subjectId: application.applicationNumber, details: { from: application.status, to } },
      );
      return { status: to };
    });
  }
}
