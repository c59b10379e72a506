/**
 * The service harness of document-verification for its service-level tests (`*.int-spec.ts`), and the
 * test data they share: the events other services publish, officers as their tokens give them. Test code
 * only; nothing in the service imports it.
 *
 * ```ts
 * let h: VerificationHarness;
 * beforeAll(async () => {
 *   h = await startVerificationHarness();
 * });
 * afterAll(() => h?.close());
 *
 * it('...', async () => {
 *   const found = await h.openCase(submittedApplication({ needsOfficer: true }));
 *   await h.get(OfficerReviewService).claim(found.id, officer('siti'));
 * });
 * ```
 */
import { createHash, randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import type { Officer } from '@mpp/auth';
import { OfficerRole } from '@mpp/auth';
import {
  ApplicationResubmittedV1,
  ApplicationSubmittedV1,
  ApplicationWithdrawnV1,
  BusinessScale,
  DocumentUploadedV1,
  EVENTS,
  OfficeConfiguredV1,
  RiskLevel,
} from '@mpp/contracts';
import { offlineMessaging } from '@mpp/messaging';
import { createServiceHarness, ServiceHarness, ServiceHarnessOptions } from '@mpp/testing';
import { OpenCaseService } from '../cases/open-case/open-case.service';
import { VerificationCaseEntity } from '../cases/verification-case.entity';
import { verificationDatabase } from '../database/verification-database';

export interface VerificationHarness extends ServiceHarness {
  /**
   * Opens the case of `application` through the real use case, as ApplicationSubmitted would, and returns
   * it as stored. By default an application whose automatic checks fail, so the case waits for an officer.
   */
  openCase(application?: ApplicationSubmittedV1): Promise<VerificationCaseEntity>;
  /** The stored case of an application. */
  caseOf(applicationId: string): Promise<VerificationCaseEntity>;
}

/** Starts document-verification on a database of the test file's own, Kafka kept out (`offlineMessaging`); `env` adds to its environment. */
export async function startVerificationHarness(options: Pick<ServiceHarnessOptions, 'env'> = {}): Promise<VerificationHarness> {
  const h = await createServiceHarness({
    // Loaded lazily: the service validates its configuration when app.module is first imported, so the
    // harness sets the environment first. Never import app.module at the top of a test file.
    appModule: async () => (await import('../app.module')).AppModule,
    database: verificationDatabase,
    role: 'verification_svc',
    overrides: offlineMessaging(),
    // The breach monitor's timer fires hourly, so not during a test: a test calls `SlaBreachMonitor.check` itself.
    env: { SLA_CHECK_INTERVAL_MS: '3600000', ...options.env },
  });
  const caseOf = (applicationId: string) => h.dataSource.getRepository(VerificationCaseEntity).findOneByOrFail({ applicationId });
  return Object.assign(h, {
    caseOf,
    async openCase(application: ApplicationSubmittedV1 = submittedApplication({ needsOfficer: true })) {
      await h.handle(h.envelope(EVENTS.ApplicationSubmitted, application), (e, m) => h.get(OpenCaseService).open(e, m));
      return caseOf(application.applicationId);
    },
  });
}

/** `[status, message]` of a refused call, or `allowed`. */
export const refusal = (call: Promise<unknown>) => call.then(() => 'allowed', (e: HttpException) => [e.getStatus(), e.message]);

let sequence = 0;

/**
 * A consistent application of Salatiga (3373): low risk, every automatic check passing, so it is verified
 * automatically. With `needsOfficer` (the business lies outside the office's region) or a `riskLevel` the
 * KBLI does not give, a check fails and the case waits for an officer.
 */
export function submittedApplication(
  options: { needsOfficer?: boolean; officeCode?: string; riskLevel?: RiskLevel; /** `PP-28-2025` unless given; none when null */ ruleSet?: string | null } = {},
): ApplicationSubmittedV1 {
  sequence += 1;
  const officeCode = options.officeCode ?? '3373';
  return {
    applicationId: randomUUID(),
    applicationNumber: `MPP-${officeCode}-2026-${String(sequence).padStart(6, '0')}`,
    officeCode,
    applicant: { nik: '3171011708450001', name: 'Budi Santoso', npwp: '013121660091000' },
    business: {
      name: `Toko Budi ${sequence}`,
      kbli: '47112',
      kbliTitle: 'Perdagangan eceran di toko kelontong',
      capital: 50_000_000,
      address: { regionCode: options.needsOfficer ? '3314012001' : `${officeCode}011001`, street: 'Jl. Merdeka 1' },
    },
    businessScale: BusinessScale.MIKRO,
    riskLevel: options.riskLevel ?? RiskLevel.RENDAH,
    ...(options.ruleSet === null ? {} : { ruleSet: options.ruleSet ?? 'PP-28-2025' }),
    submittedAt: new Date().toISOString(),
  };
}

/** An upload of `type` for the application, as intake announces it (the bytes are in the document store). */
export function uploadedDocument(application: { applicationId: string; applicationNumber: string; officeCode: string }, type: string, bytes: Buffer = Buffer.from(`${type} ${randomUUID()}`)): DocumentUploadedV1 {
  return {
    applicationId: application.applicationId,
    applicationNumber: application.applicationNumber,
    officeCode: application.officeCode,
    document: {
      documentId: randomUUID(),
      type,
      contentType: 'application/pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      storageKey: `${application.applicationId}/${randomUUID()}`,
      uploadedAt: new Date().toISOString(),
    },
  };
}

export function resubmitted(application: ApplicationSubmittedV1): ApplicationResubmittedV1 {
  const { applicationId, applicationNumber, officeCode } = application;
  return { applicationId, applicationNumber, officeCode, resubmittedAt: new Date().toISOString() };
}

export function withdrawn(application: ApplicationSubmittedV1): ApplicationWithdrawnV1 {
  const { applicationId, applicationNumber, officeCode } = application;
  return { applicationId, applicationNumber, officeCode, withdrawnAt: new Date().toISOString() };
}

/** An office's configuration; `verificationDays` working days for verification, no weekend, no holidays. */
export function officeConfigured(code: string, revision: number, verificationDays: number): OfficeConfiguredV1 {
  return {
    officeId: randomUUID(),
    code,
    name: `MPP ${code}`,
    address: 'Jl. Sudirman 1',
    timezone: 'Asia/Jakarta',
    permitNumberTemplate: '{type}-{office}-{year}-{seq:5}',
    serviceLevels: { verificationDays, approvalDays: 3 },
    calendar: { weekendDays: [], holidays: [] },
    active: true,
    revision,
  };
}

/** An officer of `office` (Salatiga by default) with the given roles. */
export function officer(username: string, roles: OfficerRole[] = [OfficerRole.VERIFIER], office = '3373'): Officer {
  return { id: `${username}-id`, username, roles, office };
}

/** The Kafka context a consumer controller gets for a record, built from the record alone (no broker). */
export function kafkaContext(record: { topic: string; partition: number; offset: string; key: string | null; value: string; headers: Record<string, string> }): KafkaContext {
  const message = { offset: record.offset, key: record.key === null ? null : Buffer.from(record.key), value: Buffer.from(record.value), headers: record.headers, timestamp: String(Date.now()), attributes: 0 };
  return new KafkaContext([message, record.partition, record.topic, undefined as never, undefined as never, undefined as never]);
}
