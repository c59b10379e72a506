/**
 * The service harness of application-intake for its service-level tests (`*.int-spec.ts`), and the
 * fixtures they share: officers as their tokens give them, and submitted applications. Test code only;
 * nothing in the service imports it.
 *
 * ```ts
 * let h: IntakeHarness;
 * beforeAll(async () => {
 *   h = await startIntakeHarness();
 * });
 * afterAll(() => h?.close());
 *
 * it('...', async () => {
 *   const app = await h.submitApplication({ status: ApplicationStatus.REVISION_REQUESTED });
 *   await h.get(ApplicantActionsService).resubmit(app.number, { trackingCode: app.code });
 * });
 * ```
 */
import { Officer, OfficerRole } from '@mpp/auth';
import { ApplicationStatus, ApplicationSubmittedV1, EVENTS } from '@mpp/contracts';
import { offlineMessaging } from '@mpp/messaging';
import { createServiceHarness, ServiceHarness, ServiceHarnessOptions } from '@mpp/testing';
import { SubmitApplicationRequest } from '../applications/submit-application/submit-application.request.dto';
import { SubmitApplicationService } from '../applications/submit-application/submit-application.service';
import { intakeDatabase } from '../database/intake-database';

/** An office the tests file applications at, and a region within it. */
export interface TestOffice {
  code: string;
  region: string;
}

export const SALATIGA: TestOffice = { code: '3373', region: '3373011001' };
export const BANDUNG: TestOffice = { code: '3273', region: '3273011001' };

/** A front-desk officer of `office` (Salatiga by default), id `fd-<office>`. */
export const frontDeskOfficer = (office = SALATIGA.code): Officer => ({ id: `fd-${office}`, username: `fd-${office}`, roles: [OfficerRole.FRONT_DESK], office });

/** A verifier of `office` (Salatiga by default), id `verifier-<office>`. */
export const verifierOfficer = (office = SALATIGA.code): Officer => ({ id: `verifier-${office}`, username: `verifier-${office}`, roles: [OfficerRole.VERIFIER], office });

export interface ApplicationOptions {
  /** Default: Salatiga. */
  office?: TestOffice;
  /**
   * Default `86105` (a clinic; micro: medium-high risk, four documents on the checklist); `47112` (a
   * kelontong) is low risk and needs none.
   */
  kbli?: string;
  /** Default `Klinik Sehat`. */
  businessName?: string;
  /** Filed at the counter by this front-desk officer; online when none is given. */
  officer?: Officer;
  /** The status to put the application in afterwards, as the status projection would have (no timeline step). */
  status?: ApplicationStatus;
}

/** An application as submitted through the real use case. */
export interface SubmittedApplication {
  id: string;
  number: string;
  /** The tracking code the applicant was given. */
  code: string;
  /** The payload ApplicationSubmitted announced. */
  announced: ApplicationSubmittedV1;
}

export interface IntakeHarness extends ServiceHarness {
  /** Submits a new application of Siti Rahayu (a NIK of its own for each), in the office's region. */
  submitApplication(options?: ApplicationOptions): Promise<SubmittedApplication>;
}

/** The next applicant's NIK. Jest loads this module afresh for each test file, so each file counts from here. */
let nik = 3373014508900100;

async function submitApplication(h: ServiceHarness, o: ApplicationOptions = {}): Promise<SubmittedApplication> {
  const office = o.office ?? SALATIGA;
  const request = {
    officeCode: office.code,
    applicant: { nik: String(nik++), name: 'Siti Rahayu' },
    business: { name: o.businessName ?? 'Klinik Sehat', kbli: o.kbli ?? '86105', capital: 50_000_000, address: { regionCode: office.region, street: 'Jl. Diponegoro 1' } },
  } as SubmitApplicationRequest;
  const { response } = await h.get(SubmitApplicationService).submit(request, undefined, o.officer);
  const { rows } = await h.pg.query(`SELECT "id" FROM "intake"."applications" WHERE "application_number" = $1`, [response.applicationNumber]);
  const id = rows[0].id as string;
  if (o.status) await h.pg.query(`UPDATE "intake"."applications" SET "status" = $2 WHERE "id" = $1`, [id, o.status]);
  const [announced] = await h.events(EVENTS.ApplicationSubmitted, id);
  return { id, number: response.applicationNumber, code: response.trackingCode, announced: announced.payload };
}

/** Starts application-intake on a database of the test file's own, Kafka kept out (`offlineMessaging`); `env` adds to its environment. */
export async function startIntakeHarness(options: Pick<ServiceHarnessOptions, 'env'> = {}): Promise<IntakeHarness> {
  const h = await createServiceHarness({
    // Loaded lazily: the service validates its configuration when app.module is first imported, so the
    // harness sets the environment first. Never import app.module at the top of a test file.
    appModule: async () => (await import('../app.module')).AppModule,
    database: intakeDatabase,
    role: 'intake_svc',
    overrides: offlineMessaging(),
    env: options.env,
  });
  return Object.assign(h, { submitApplication: (o?: ApplicationOptions) => submitApplication(h, o) });
}
