import { ConflictException, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer, OfficerRole } from '@mpp/auth';
import { ApplicationResubmittedV1, ApplicationStatus, ApplicationWithdrawnV1, EventActor, EventDefinition, EVENTS } from '@mpp/contracts';
import { OutboxWriter } from '@mpp/messaging';
import { ApplicationEntity, TimelineEntryEntity } from '../application.entities';
import { trackingCodeMatches } from '../submit-application/tracking-code';

/** Who is acting on the application: its entrepreneur (tracking code) or a front-desk officer of its office. */
export interface ApplicantCredentials {
  trackingCode?: string;
  officer?: Officer;
}

/** Statuses in which no decision has been made yet, so the applicant may still withdraw. */
const UNDECIDED = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.UNDER_VERIFICATION,
  ApplicationStatus.REVISION_REQUESTED,
  ApplicationStatus.AWAITING_APPROVAL,
];

/** What the entrepreneur (or the counter on their behalf) does after submitting: resubmit, withdraw. */
@Injectable()
export class ApplicantActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  /** After a revision request: back to the verifier (who asked), and the SLA clock runs again. */
  resubmit(applicationNumber: string, who: ApplicantCredentials, note?: string): Promise<{ status: ApplicationStatus }> {
    return this.act(applicationNumber, who, [ApplicationStatus.REVISION_REQUESTED], ApplicationStatus.UNDER_VERIFICATION, 'application.resubmitted', note, (now) => ({
      event: EVENTS.ApplicationResubmitted,
      payload: { resubmittedAt: now.toISOString(), ...(note ? { note } : {}) } satisfies Partial<ApplicationResubmittedV1>,
    }));
  }

  withdraw(applicationNumber: string, who: ApplicantCredentials, reason?: string): Promise<{ status: ApplicationStatus }> {
    return this.act(applicationNumber, who, UNDECIDED, ApplicationStatus.WITHDRAWN, 'application.withdrawn', reason, (now) => ({
      event: EVENTS.ApplicationWithdrawn,
      payload: { withdrawnAt: now.toISOString(), ...(reason ? { reason } : {}) } satisfies Partial<ApplicationWithdrawnV1>,
    }));
  }

  private act(
    applicationNumber: string,
    who: ApplicantCredentials,
    from: ApplicationStatus[],
    to: ApplicationStatus,
    action: string,
    note: string | undefined,
    announce: (now: Date) => { event: EventDefinition<ApplicationResubmittedV1> | EventDefinition<ApplicationWithdrawnV1>; payload: object },
  ): Promise<{ status: ApplicationStatus }> {
    return this.dataSource.transaction(async (manager) => {
      const application = await this.authorised(manager, applicationNumber, who);
      if (!from.includes(application.status)) {
        throw new ConflictException(`The application is ${application.status}; this is possible only when it is ${from.join(' or ')}`);
      }
      const now = new Date();
      const actor: EventActor = who.officer ? actorOf(who.officer) : { kind: 'applicant', id: application.applicationNumber };
      await manager.insert(TimelineEntryEntity, { applicationId: application.id, status: to, at: now, note: note ?? null, reasons: null, eventId: null });
      await manager.update(ApplicationEntity, { id: application.id }, { status: to, updatedAt: now });
      const { event, payload } = announce(now);
      await this.outbox.append(manager, {
        event: event as EventDefinition<object>,
        aggregateId: application.id,
        tenant: application.officeCode,
        payload: { applicationId: application.id, applicationNumber: application.applicationNumber, officeCode: application.officeCode, ...payload },
        actor,
      });
      await this.audit.record(manager, {
        action,
        subjectType: 'application',
        subjectId: application.applicationNumber,
        office: application.officeCode,
        actor,
        details: { from: application.status, to },
      });
      return { status: to };
    });
  }

  /**
   * The application, if the caller is its entrepreneur (tracking code) or a front-desk officer of its office;
   * locked for the rest of the transaction when `lock` is set.
   */
  async authorised(manager: EntityManager, applicationNumber: string, who: ApplicantCredentials, lock = true): Promise<ApplicationEntity> {
    const application = await manager.findOne(ApplicationEntity, {
      where: { applicationNumber },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (who.officer) {
      if (!application || application.officeCode !== who.officer.office) throw new NotFoundException('Application not found');
      if (!who.officer.roles.includes(OfficerRole.FRONT_DESK)) throw new ForbiddenException('Only the applicant or a front-desk officer may do this');
      return application;
    }
    if (!who.trackingCode) throw new UnauthorizedException('X-Tracking-Code header (or an officer token) is required');
    if (!trackingCodeMatches(who.trackingCode, application?.trackingCodeHash) || !application) throw new NotFoundException('Application not found');
    return application;
  }
}
