import { ConflictException, ForbiddenException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ApplicationStatus, EVENTS } from '@mpp/contracts';
import { frontDeskOfficer, IntakeHarness, startIntakeHarness, verifierOfficer } from '../../testing/intake-harness';
import { ApplicationAction, transition } from '../application-lifecycle';
import { ApplicantActionsService } from './applicant-actions.service';

const frontDesk = frontDeskOfficer();
const verifier = verifierOfficer();
const otherOffice = frontDeskOfficer('3273');

describe('resubmitting and withdrawing (service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  let actions: ApplicantActionsService;

  beforeAll(async () => {
    h = await startIntakeHarness();
    actions = h.get(ApplicantActionsService);
  });
  afterAll(() => h?.close());

  /** A submitted application, put in `status` (as the status projection would have). */
  const application = (status: ApplicationStatus = ApplicationStatus.SUBMITTED) => h.submitApplication({ status });

  const stored = async (id: string) => (await h.pg.query(`SELECT "status" FROM "intake"."applications" WHERE "id" = $1`, [id])).rows[0].status;
  const steps = async (id: string) =>
    (await h.pg.query(`SELECT "status", "note" FROM "intake"."application_timeline" WHERE "application_id" = $1 ORDER BY "at", "id"`, [id])).rows;
  /** What the action wrote besides the application row: its events and audit entries. */
  const written = async (app: { id: string; number: string }) => ({
    events: (await h.outbox({ aggregateId: app.id })).filter((e) => e.type !== 'ApplicationSubmitted'),
    audit: (await h.auditLog({ subjectId: app.number })).filter((a) => a.action !== 'application.submitted'),
  });

  it('resubmits after a revision request: back under verification, the step noted, announced and audited as the applicant', async () => {
    const app = await application(ApplicationStatus.REVISION_REQUESTED);
    const result = await h.inContext(() => actions.resubmit(app.number, { trackingCode: app.code.toLowerCase() }, 'Foto KTP sudah diunggah ulang'), {
      correlationId: 'corr-resubmit',
    });

    expect(result).toEqual({ status: 'UNDER_VERIFICATION' });
    expect(await stored(app.id)).toBe('UNDER_VERIFICATION');
    expect((await steps(app.id)).at(-1)).toEqual({ status: 'UNDER_VERIFICATION', note: 'Foto KTP sudah diunggah ulang' });
    const { events, audit } = await written(app);
    expect(events).toHaveLength(1);
    expect(events[0].envelope).toMatchObject({
      type: 'ApplicationResubmitted',
      tenant: '3373',
      correlationId: 'corr-resubmit',
      actor: { kind: 'applicant', id: app.number },
      payload: { applicationId: app.id, applicationNumber: app.number, officeCode: '3373', resubmittedAt: expect.any(String), note: 'Foto KTP sudah diunggah ulang' },
    });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'application.resubmitted',
        office: '3373',
        actor: { kind: 'applicant', id: app.number, role: null },
        correlationId: 'corr-resubmit',
        details: { from: 'REVISION_REQUESTED', to: 'UNDER_VERIFICATION' },
      }),
    ]);
  });

  it('withdraws at the counter in the officer name, with the reason', async () => {
    const app = await application(ApplicationStatus.AWAITING_APPROVAL);
    expect(await actions.withdraw(app.number, { officer: frontDesk }, 'Usaha tidak jadi dibuka')).toEqual({ status: 'WITHDRAWN' });

    expect(await stored(app.id)).toBe('WITHDRAWN');
    const { events, audit } = await written(app);
    const [withdrawn] = await h.events(EVENTS.ApplicationWithdrawn, app.id);
    expect(events).toHaveLength(1);
    expect(withdrawn.actor).toEqual({ kind: 'officer', id: 'fd-3373', role: 'front-desk', office: '3373' });
    expect(withdrawn.payload).toEqual({ applicationId: app.id, applicationNumber: app.number, officeCode: '3373', withdrawnAt: expect.any(String), reason: 'Usaha tidak jadi dibuka' });
    expect(audit).toEqual([expect.objectContaining({ action: 'application.withdrawn', actor: expect.objectContaining({ kind: 'officer', id: 'fd-3373' }), details: { from: 'AWAITING_APPROVAL', to: 'WITHDRAWN' } })]);
  });

  it('leaves out the note and the reason when none is given', async () => {
    const revised = await application(ApplicationStatus.REVISION_REQUESTED);
    await actions.resubmit(revised.number, { trackingCode: revised.code });
    const submitted = await application();
    await actions.withdraw(submitted.number, { trackingCode: submitted.code });

    expect(Object.keys((await h.events(EVENTS.ApplicationResubmitted, revised.id))[0].payload).sort()).toEqual(['applicationId', 'applicationNumber', 'officeCode', 'resubmittedAt']);
    expect(Object.keys((await h.events(EVENTS.ApplicationWithdrawn, submitted.id))[0].payload).sort()).toEqual(['applicationId', 'applicationNumber', 'officeCode', 'withdrawnAt']);
    expect((await steps(submitted.id)).at(-1)).toEqual({ status: 'WITHDRAWN', note: null });
  });

  for (const action of [ApplicationAction.RESUBMIT, ApplicationAction.WITHDRAW] as const) {
    it(`${action}: does it exactly in the statuses the lifecycle allows, and otherwise answers 409 and writes nothing`, async () => {
      for (const status of Object.values(ApplicationStatus)) {
        const app = await application(status);
        const who = { trackingCode: app.code };
        const act = action === ApplicationAction.RESUBMIT ? actions.resubmit(app.number, who) : actions.withdraw(app.number, who);
        const outcome = await act.catch((e: unknown) => e);
        const rule = transition(action, status);
        if (rule.allowed) {
          expect({ status, outcome }).toEqual({ status, outcome: { status: rule.to } });
          expect(await stored(app.id)).toBe(rule.to);
          expect((await written(app)).events).toHaveLength(1);
        } else {
          expect(outcome).toBeInstanceOf(ConflictException);
          expect((outcome as ConflictException).message).toBe(rule.refusal);
          expect(await stored(app.id)).toBe(status);
          expect(await written(app)).toEqual({ events: [], audit: [] });
          expect(await steps(app.id)).toHaveLength(1);
        }
      }
    });
  }

  it('lets only the applicant with the code or a front-desk officer of the office act, and writes nothing otherwise', async () => {
    const app = await application(ApplicationStatus.REVISION_REQUESTED);
    await expect(actions.resubmit(app.number, {})).rejects.toThrow(UnauthorizedException);
    await expect(actions.resubmit(app.number, { trackingCode: 'AAAA-BBBB-CCCC' })).rejects.toThrow(NotFoundException);
    await expect(actions.resubmit('MPP-3373-1999-999999', { trackingCode: app.code })).rejects.toThrow(NotFoundException);
    await expect(actions.withdraw(app.number, { officer: otherOffice })).rejects.toThrow(NotFoundException);
    await expect(actions.withdraw(app.number, { officer: verifier })).rejects.toThrow(ForbiddenException);

    expect(await stored(app.id)).toBe('REVISION_REQUESTED');
    expect(await written(app)).toEqual({ events: [], audit: [] });
  });

  it('lets one of two concurrent withdrawals through; the other finds it withdrawn', async () => {
    const app = await application(ApplicationStatus.UNDER_VERIFICATION);
    const outcomes = await Promise.allSettled([actions.withdraw(app.number, { trackingCode: app.code }), actions.withdraw(app.number, { officer: frontDesk })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const [refused] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.reason).toBeInstanceOf(ConflictException);
    expect((await written(app)).events).toHaveLength(1);
  });
});
