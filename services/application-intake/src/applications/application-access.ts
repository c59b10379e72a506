import { ConflictException, ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { actorOf, Officer, OfficerRole } from '@mpp/auth';
import { ApplicationStatus, EventActor } from '@mpp/contracts';
import { ApplicationEntity } from './application.entities';
import { ActionOnApplication, ApplicationAction, Caller, refusalFor, transition } from './application-lifecycle';
import { TrackingCodeSecrets } from './tracking-code';

/**
 * Who may act on an application, shared by intake's use cases: the entrepreneur proves it with the tracking
 * code, an officer with a token of the application's office; what each may do is the lifecycle's rule.
 */

/** The credentials a request carries: the entrepreneur's tracking code, or an officer's token. */
export interface ApplicantCredentials {
  trackingCode?: string;
  officer?: Officer;
}

/** The lifecycle's caller for an officer of the application's office. */
export function officerCaller(officer: Officer): Caller {
  return officer.roles.includes(OfficerRole.FRONT_DESK) ? Caller.FRONT_DESK : Caller.OFFICE_STAFF;
}

/** Refuses (403) a caller the lifecycle does not let do the action. */
export function ensurePermitted(action: ApplicationAction, caller: Caller): void {
  const refusal = refusalFor(action, caller);
  if (refusal) throw new ForbiddenException(refusal);
}

/**
 * The application the caller may act on: for its entrepreneur with the right tracking code, or for an
 * officer of its office whose role the lifecycle lets do the action. Locked for the rest of the
 * transaction when `lock` is set; `codes` checks the tracking code. Without credentials 401; an unknown number, a wrong code and another
 * office's application are the same 404 (the code is compared in constant time either way); an officer
 * whose role may not do it 403. The status is not checked here (see `ensureTransition`).
 */
export async function applicationForCaller(
  manager: EntityManager,
  applicationNumber: string,
  who: ApplicantCredentials,
  action: ActionOnApplication,
  options: { lock: boolean; codes: TrackingCodeSecrets },
): Promise<ApplicationEntity> {
  const application = await manager.findOne(ApplicationEntity, {
    where: { applicationNumber },
    ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (who.officer) {
    if (!application || application.officeCode !== who.officer.office) throw new NotFoundException('Application not found');
    ensurePermitted(action, officerCaller(who.officer));
    return application;
  }
  if (!who.trackingCode) throw new UnauthorizedException('X-Tracking-Code header (or an officer token) is required');
  const code = options.codes.compare(who.trackingCode, application?.trackingCodeHash);
  if (!code.matches || !application) throw new NotFoundException('Application not found');
  ensurePermitted(action, Caller.APPLICANT);
  if (code.stale) {
    // Made under an older pepper (or none): keyed again under the current one now that the code is known.
    application.trackingCodeHash = options.codes.hash(who.trackingCode);
    await manager.update(ApplicationEntity, { id: application.id }, { trackingCodeHash: application.trackingCodeHash });
  }
  return application;
}

/** The status the action leads to from the application's status; 409 when the status does not allow it. */
export function ensureTransition(action: ActionOnApplication, status: ApplicationStatus): ApplicationStatus {
  const outcome = transition(action, status);
  if (!outcome.allowed) throw new ConflictException(outcome.refusal);
  return outcome.to;
}

/** Who acted, as events and the audit trail record it: the officer, or the applicant by application number. */
export function actorOn(application: Pick<ApplicationEntity, 'applicationNumber'>, who: ApplicantCredentials): EventActor {
  return who.officer ? actorOf(who.officer) : { kind: 'applicant', id: application.applicationNumber };
}
