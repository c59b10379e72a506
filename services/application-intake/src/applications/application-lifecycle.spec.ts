import { ApplicationStatus } from '@mpp/contracts';
import {
  ActionOnApplication,
  ApplicationAction,
  byStepOrder,
  Caller,
  currentStatus,
  INITIAL_STATUS,
  refusalFor,
  Step,
  SYSTEM_STEPS,
  SystemEvent,
  transition,
} from './application-lifecycle';

const { SUBMITTED, UNDER_VERIFICATION, REVISION_REQUESTED, VERIFIED, AWAITING_APPROVAL, ISSUED, REJECTED, WITHDRAWN } = ApplicationStatus;
const STATUSES = Object.values(ApplicationStatus);
const ACTIONS = Object.values(ApplicationAction);
const CALLERS = Object.values(Caller);

/** The expected tables, written out in full: every row and every column is checked. */
describe('the application lifecycle', () => {
  describe('who may do what (every action × every caller)', () => {
    const ALLOWED = null;
    const ONLY_APPLICANT_OR_FRONT_DESK = 'Only the applicant or a front-desk officer may do this';
    const WHO: Record<ApplicationAction, Record<Caller, string | null>> = {
      SUBMIT: { APPLICANT: ALLOWED, FRONT_DESK: ALLOWED, OFFICE_STAFF: 'Only front-desk officers file applications at the counter' },
      VIEW: { APPLICANT: ALLOWED, FRONT_DESK: ALLOWED, OFFICE_STAFF: ALLOWED },
      UPLOAD_DOCUMENT: { APPLICANT: ALLOWED, FRONT_DESK: ALLOWED, OFFICE_STAFF: ONLY_APPLICANT_OR_FRONT_DESK },
      RESUBMIT: { APPLICANT: ALLOWED, FRONT_DESK: ALLOWED, OFFICE_STAFF: ONLY_APPLICANT_OR_FRONT_DESK },
      WITHDRAW: { APPLICANT: ALLOWED, FRONT_DESK: ALLOWED, OFFICE_STAFF: ONLY_APPLICANT_OR_FRONT_DESK },
      REISSUE_TRACKING_CODE: {
        APPLICANT: 'Only a front-desk officer may issue a new tracking code',
        FRONT_DESK: ALLOWED,
        OFFICE_STAFF: 'Only a front-desk officer may issue a new tracking code',
      },
    };

    it('covers every action and every caller', () => {
      expect(Object.keys(WHO).sort()).toEqual([...ACTIONS].sort());
      for (const action of ACTIONS) expect(Object.keys(WHO[action]).sort()).toEqual([...CALLERS].sort());
    });

    for (const action of ACTIONS) {
      for (const caller of CALLERS) {
        const expected = WHO[action][caller];
        it(`${action} by ${caller}: ${expected ?? 'allowed'}`, () => {
          expect(refusalFor(action, caller)).toBe(expected);
        });
      }
    }
  });

  describe('in which status (every action on an application × every status)', () => {
    const onlyWhen = (status: ApplicationStatus, allowed: string) => `The application is ${status}; this is possible only when it is ${allowed}`;
    const UNDECIDED = 'SUBMITTED or UNDER_VERIFICATION or REVISION_REQUESTED or AWAITING_APPROVAL';
    const closed = (status: ApplicationStatus) => `The application is ${status}; documents can no longer change`;
    /** The status afterwards, or `{ refused }` with the answer. */
    type Outcome = ApplicationStatus | { refused: string };
    const WHEN: Record<ActionOnApplication, Record<ApplicationStatus, Outcome>> = {
      VIEW: {
        SUBMITTED,
        UNDER_VERIFICATION,
        REVISION_REQUESTED,
        VERIFIED,
        AWAITING_APPROVAL,
        ISSUED,
        REJECTED,
        WITHDRAWN,
      },
      UPLOAD_DOCUMENT: {
        SUBMITTED,
        UNDER_VERIFICATION,
        REVISION_REQUESTED,
        VERIFIED: { refused: closed(VERIFIED) },
        AWAITING_APPROVAL: { refused: closed(AWAITING_APPROVAL) },
        ISSUED: { refused: closed(ISSUED) },
        REJECTED: { refused: closed(REJECTED) },
        WITHDRAWN: { refused: closed(WITHDRAWN) },
      },
      RESUBMIT: {
        SUBMITTED: { refused: onlyWhen(SUBMITTED, 'REVISION_REQUESTED') },
        UNDER_VERIFICATION: { refused: onlyWhen(UNDER_VERIFICATION, 'REVISION_REQUESTED') },
        REVISION_REQUESTED: UNDER_VERIFICATION,
        VERIFIED: { refused: onlyWhen(VERIFIED, 'REVISION_REQUESTED') },
        AWAITING_APPROVAL: { refused: onlyWhen(AWAITING_APPROVAL, 'REVISION_REQUESTED') },
        ISSUED: { refused: onlyWhen(ISSUED, 'REVISION_REQUESTED') },
        REJECTED: { refused: onlyWhen(REJECTED, 'REVISION_REQUESTED') },
        WITHDRAWN: { refused: onlyWhen(WITHDRAWN, 'REVISION_REQUESTED') },
      },
      WITHDRAW: {
        SUBMITTED: WITHDRAWN,
        UNDER_VERIFICATION: WITHDRAWN,
        REVISION_REQUESTED: WITHDRAWN,
        VERIFIED: { refused: onlyWhen(VERIFIED, UNDECIDED) },
        AWAITING_APPROVAL: WITHDRAWN,
        ISSUED: { refused: onlyWhen(ISSUED, UNDECIDED) },
        REJECTED: { refused: onlyWhen(REJECTED, UNDECIDED) },
        WITHDRAWN: { refused: onlyWhen(WITHDRAWN, UNDECIDED) },
      },
      REISSUE_TRACKING_CODE: {
        SUBMITTED,
        UNDER_VERIFICATION,
        REVISION_REQUESTED,
        VERIFIED,
        AWAITING_APPROVAL,
        ISSUED,
        REJECTED,
        WITHDRAWN,
      },
    };

    it('covers every action on an application and every status', () => {
      expect(Object.keys(WHEN).sort()).toEqual(ACTIONS.filter((a) => a !== ApplicationAction.SUBMIT).sort());
      for (const action of Object.keys(WHEN) as ActionOnApplication[]) expect(Object.keys(WHEN[action]).sort()).toEqual([...STATUSES].sort());
    });

    for (const action of Object.keys(WHEN) as ActionOnApplication[]) {
      for (const status of STATUSES) {
        const expected = WHEN[action][status];
        const title = typeof expected === 'string' ? `→ ${expected}` : 'refused';
        it(`${action} when ${status}: ${title}`, () => {
          expect(transition(action, status)).toEqual(
            typeof expected === 'string' ? { allowed: true, to: expected } : { allowed: false, refusal: expected.refused },
          );
        });
      }
    }

    it('starts every application as SUBMITTED', () => {
      expect(INITIAL_STATUS).toBe(SUBMITTED);
    });
  });

  describe('what the system records from verification and issuance (every status × every event)', () => {
    it('records each event as the step it reports, or as a fact that is no step', () => {
      expect(SYSTEM_STEPS).toEqual({
        VerificationStarted: UNDER_VERIFICATION,
        DocumentsVerified: VERIFIED,
        RevisionRequested: REVISION_REQUESTED,
        ApplicationRejected: REJECTED,
        ApprovalRequested: AWAITING_APPROVAL,
        ApplicationDenied: REJECTED,
        PermitIssued: ISSUED,
        PermitRevoked: null,
        SlaBreached: null,
        ApprovalOverdue: null,
      });
    });

    const EVENTS = Object.keys(SYSTEM_STEPS) as SystemEvent[];
    const t0 = new Date('2026-11-02T01:00:00.000Z');
    const t1 = new Date('2026-11-02T02:00:00.000Z');
    const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
    /** An application in `status`, reached at t1 (a submitted one was submitted then). */
    const history = (status: ApplicationStatus): Step[] => (status === SUBMITTED ? [{ status, at: t1 }] : [{ status: SUBMITTED, at: t0 }, { status, at: t1 }]);
    /** The status once the event's step (if it is one) is recorded at `when`. */
    const after = (status: ApplicationStatus, event: SystemEvent, when: Date) => {
      const step = SYSTEM_STEPS[event];
      return currentStatus(step ? [...history(status), { status: step, at: when }] : history(status));
    };

    /**
     * An event of the same instant as the current status: the further step in progress wins; of two final
     * steps (REJECTED, WITHDRAWN) the one recorded first stays.
     */
    const SAME_INSTANT: Record<ApplicationStatus, Record<SystemEvent, ApplicationStatus>> = {
      SUBMITTED: {
        VerificationStarted: UNDER_VERIFICATION,
        DocumentsVerified: VERIFIED,
        RevisionRequested: REVISION_REQUESTED,
        ApplicationRejected: REJECTED,
        ApprovalRequested: AWAITING_APPROVAL,
        ApplicationDenied: REJECTED,
        PermitIssued: ISSUED,
        PermitRevoked: SUBMITTED,
        SlaBreached: SUBMITTED,
        ApprovalOverdue: SUBMITTED,
      },
      UNDER_VERIFICATION: {
        VerificationStarted: UNDER_VERIFICATION,
        DocumentsVerified: VERIFIED,
        RevisionRequested: REVISION_REQUESTED,
        ApplicationRejected: REJECTED,
        ApprovalRequested: AWAITING_APPROVAL,
        ApplicationDenied: REJECTED,
        PermitIssued: ISSUED,
        PermitRevoked: UNDER_VERIFICATION,
        SlaBreached: UNDER_VERIFICATION,
        ApprovalOverdue: UNDER_VERIFICATION,
      },
      REVISION_REQUESTED: {
        VerificationStarted: REVISION_REQUESTED,
        DocumentsVerified: VERIFIED,
        RevisionRequested: REVISION_REQUESTED,
        ApplicationRejected: REJECTED,
        ApprovalRequested: AWAITING_APPROVAL,
        ApplicationDenied: REJECTED,
        PermitIssued: ISSUED,
        PermitRevoked: REVISION_REQUESTED,
        SlaBreached: REVISION_REQUESTED,
        ApprovalOverdue: REVISION_REQUESTED,
      },
      VERIFIED: {
        VerificationStarted: VERIFIED,
        DocumentsVerified: VERIFIED,
        RevisionRequested: VERIFIED,
        ApplicationRejected: REJECTED,
        ApprovalRequested: AWAITING_APPROVAL,
        ApplicationDenied: REJECTED,
        PermitIssued: ISSUED,
        PermitRevoked: VERIFIED,
        SlaBreached: VERIFIED,
        ApprovalOverdue: VERIFIED,
      },
      AWAITING_APPROVAL: {
        VerificationStarted: AWAITING_APPROVAL,
        DocumentsVerified: AWAITING_APPROVAL,
        RevisionRequested: AWAITING_APPROVAL,
        ApplicationRejected: REJECTED,
        ApprovalRequested: AWAITING_APPROVAL,
        ApplicationDenied: REJECTED,
        PermitIssued: ISSUED,
        PermitRevoked: AWAITING_APPROVAL,
        SlaBreached: AWAITING_APPROVAL,
        ApprovalOverdue: AWAITING_APPROVAL,
      },
      ISSUED: {
        VerificationStarted: ISSUED,
        DocumentsVerified: ISSUED,
        RevisionRequested: ISSUED,
        ApplicationRejected: REJECTED,
        ApprovalRequested: ISSUED,
        ApplicationDenied: REJECTED,
        PermitIssued: ISSUED,
        PermitRevoked: ISSUED,
        SlaBreached: ISSUED,
        ApprovalOverdue: ISSUED,
      },
      REJECTED: {
        VerificationStarted: REJECTED,
        DocumentsVerified: REJECTED,
        RevisionRequested: REJECTED,
        ApplicationRejected: REJECTED,
        ApprovalRequested: REJECTED,
        ApplicationDenied: REJECTED,
        PermitIssued: REJECTED,
        PermitRevoked: REJECTED,
        SlaBreached: REJECTED,
        ApprovalOverdue: REJECTED,
      },
      WITHDRAWN: {
        VerificationStarted: WITHDRAWN,
        DocumentsVerified: WITHDRAWN,
        RevisionRequested: WITHDRAWN,
        ApplicationRejected: WITHDRAWN,
        ApprovalRequested: WITHDRAWN,
        ApplicationDenied: WITHDRAWN,
        PermitIssued: WITHDRAWN,
        PermitRevoked: WITHDRAWN,
        SlaBreached: WITHDRAWN,
        ApprovalOverdue: WITHDRAWN,
      },
    };

    /** A later event moves the status to its step; an earlier one (delivered late) leaves it. */
    const LATER: Record<SystemEvent, ApplicationStatus | 'unchanged'> = {
      VerificationStarted: UNDER_VERIFICATION,
      DocumentsVerified: VERIFIED,
      RevisionRequested: REVISION_REQUESTED,
      ApplicationRejected: REJECTED,
      ApprovalRequested: AWAITING_APPROVAL,
      ApplicationDenied: REJECTED,
      PermitIssued: ISSUED,
      PermitRevoked: 'unchanged',
      SlaBreached: 'unchanged',
      ApprovalOverdue: 'unchanged',
    };

    for (const status of STATUSES) {
      for (const event of EVENTS) {
        it(`${event} when ${status}: later → ${LATER[event]}, same instant → ${SAME_INSTANT[status][event]}, earlier → unchanged`, () => {
          expect(after(status, event, at(t1, 1))).toBe(LATER[event] === 'unchanged' ? status : LATER[event]);
          expect(after(status, event, t1)).toBe(SAME_INSTANT[status][event]);
          expect(after(status, event, at(t1, -1))).toBe(status);
        });
      }
    }
  });

  describe('step order', () => {
    it('orders by time, then by progress, whatever order the steps were recorded in', () => {
      const t = new Date('2026-11-02T02:00:00.000Z');
      const recorded: Step[] = [
        { status: ISSUED, at: t },
        { status: VERIFIED, at: t },
        { status: UNDER_VERIFICATION, at: new Date(t.getTime() - 1) },
        { status: SUBMITTED, at: new Date(t.getTime() - 2) },
      ];
      expect([...recorded].sort(byStepOrder).map((s) => s.status)).toEqual([SUBMITTED, UNDER_VERIFICATION, VERIFIED, ISSUED]);
      expect(currentStatus(recorded)).toBe(ISSUED);
    });

    it('needs at least the submission step', () => {
      expect(() => currentStatus([])).toThrow('at least its submission step');
    });
  });
});
