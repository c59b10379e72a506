import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { ApplicationStatus, ApplicationSubmittedV1, flattenValidationErrors } from '@mpp/contracts';
import { ApplicationEntity, TimelineEntryEntity } from '../application.entities';
import { applicationSubmittedPayload } from '../submit-application/new-application';

/**
 * The remedy for applications accepted before intake and its events shared one text rule
 * (`NormalisedText`): a name, business name or street that was only whitespace was stored trimmed to
 * empty, its `ApplicationSubmitted` was dead-lettered by verification, and the application stayed
 * SUBMITTED for ever. This finds every SUBMITTED application whose stored data would fail the event's
 * validation and rejects it: status REJECTED, a timeline step with a reason the applicant reads on the
 * tracking page, and an audit entry, in one transaction per application.
 *
 * Run with `src/reject-stuck-submissions.ts` (an entry point of intake's build; see docs/operations.md).
 */

/** What the applicant reads on the tracking page. */
export const STUCK_REJECTION_NOTE = 'Rejected by intake: the application could not be passed on for verification';

export interface StuckSubmission {
  applicationNumber: string;
  officeCode: string;
  /** The fields that break the event's rules, e.g. `applicant.name should not be empty`. */
  problems: string[];
}

/** The reason shown to the applicant, naming the fields in the words of the form. */
export function rejectionReason(problems: readonly string[]): string {
  return `The application data cannot be processed (${problems.join('; ')}). Please submit a new application with these fields filled in.`;
}

/** The violations of the `ApplicationSubmitted` payload built from a stored application, as consumers see it. */
export async function eventViolations(application: ApplicationEntity): Promise<string[]> {
  const wire = JSON.parse(JSON.stringify(applicationSubmittedPayload(application))) as object;
  const errors = await validate(plainToInstance(ApplicationSubmittedV1, wire));
  return flattenValidationErrors(errors).map((v) => v.message);
}

export async function findStuckSubmissions(dataSource: DataSource): Promise<StuckSubmission[]> {
  const submitted = await dataSource.getRepository(ApplicationEntity).find({ where: { status: ApplicationStatus.SUBMITTED }, order: { submittedAt: 'ASC' } });
  const stuck: StuckSubmission[] = [];
  for (const application of submitted) {
    const problems = await eventViolations(application);
    if (problems.length > 0) stuck.push({ applicationNumber: application.applicationNumber, officeCode: application.officeCode, problems });
  }
  return stuck;
}

/** Rejects each stuck submission (still SUBMITTED when its transaction runs); returns those rejected. */
export async function rejectStuckSubmissions(dataSource: DataSource, audit: AuditTrail, now = new Date()): Promise<StuckSubmission[]> {
  const rejected: StuckSubmission[] = [];
  for (const candidate of await findStuckSubmissions(dataSource)) {
    const done = await dataSource.transaction(async (manager) => {
      const application = await manager.findOne(ApplicationEntity, {
        where: { applicationNumber: candidate.applicationNumber, status: ApplicationStatus.SUBMITTED },
        lock: { mode: 'pessimistic_write' },
      });
      if (!application) return false;
      const problems = await eventViolations(application);
      if (problems.length === 0) return false;
      const reason = rejectionReason(problems);
      await manager.insert(TimelineEntryEntity, {
        applicationId: application.id,
        status: ApplicationStatus.REJECTED,
        at: now,
        note: STUCK_REJECTION_NOTE,
        reasons: [reason],
        eventId: null,
      });
      await manager.update(ApplicationEntity, { id: application.id }, { status: ApplicationStatus.REJECTED, updatedAt: now });
      await audit.record(
        manager,
        {
          action: 'application.rejected-unprocessable',
          subjectType: 'application',
          subjectId: application.applicationNumber,
          office: application.officeCode,
          details: { reason, problems },
        },
        'reject-stuck-submissions',
      );
      return true;
    });
    if (done) rejected.push(candidate);
  }
  return rejected;
}
