/**
 * The service harness of permit-issuance for its service-level tests (`*.int-spec.ts`), and the builders
 * they share: the events other services publish and the officers of the tokens. Test code only; nothing in
 * the service imports it.
 *
 * ```ts
 * let h: IssuanceHarness;
 * beforeAll(async () => {
 *   h = await startIssuanceHarness();
 * });
 * afterAll(() => h?.close());
 *
 * it('...', async () => {
 *   const { SERTIFIKAT_STANDAR: ss } = await h.issuePermits(documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH }));
 * });
 * ```
 */
import { randomUUID } from 'node:crypto';
import { Officer, OfficerRole } from '@mpp/auth';
import { ApplicationWithdrawnV1, BusinessScale, DocumentsVerifiedV1, EventActor, EVENTS, OfficeConfiguredV1, PermitType, RiskLevel } from '@mpp/contracts';
import { ConsumeOutcome, offlineMessaging } from '@mpp/messaging';
import { createServiceHarness, ServiceHarness, ServiceHarnessOptions } from '@mpp/testing';
import { issuanceDatabase } from '../database/issuance-database';
import { OfficeConfiguredConsumer } from '../offices/office-configured.consumer';
import { CertificateEntity } from '../permits/certificates/certificate.entity';
import { DocumentsVerifiedConsumer } from '../permits/issue-permits/documents-verified.consumer';
import { PermitEntity } from '../permits/permit.entities';

export interface IssuanceHarness extends ServiceHarness {
  /** Hands OfficeConfigured of `office` to its consumer, as a record (a new event each call). */
  deliverOfficeConfigured(office: OfficeConfiguredV1): Promise<ConsumeOutcome>;
  /** Hands DocumentsVerified of `payload` to its consumer, as a record from `actor` (default: `verifiedActor(payload)`). */
  deliverDocumentsVerified(payload: DocumentsVerifiedV1, actor?: EventActor): Promise<ConsumeOutcome>;
  /** The permits issued for a new application (automatically, up to medium-high risk), by type; DocumentsVerified is processed. */
  issuePermits(payload: DocumentsVerifiedV1): Promise<Partial<Record<PermitType, PermitEntity>>>;
  /** The permit rows of an application, by type. */
  permitsOf(applicationId: string): Promise<PermitEntity[]>;
  /** The certificate versions of a permit, oldest first. */
  certificatesOf(permitNumber: string): Promise<CertificateEntity[]>;
}

/** Starts permit-issuance on a database of the test file's own, Kafka kept out (`offlineMessaging`); `env` adds to its environment. */
export async function startIssuanceHarness(options: Pick<ServiceHarnessOptions, 'env'> = {}): Promise<IssuanceHarness> {
  const h = await createServiceHarness({
    // Loaded lazily: the service validates its configuration when app.module is first imported, so the
    // harness sets the environment first. Never import app.module at the top of a test file.
    appModule: async () => (await import('../app.module')).AppModule,
    database: issuanceDatabase,
    role: 'issuance_svc',
    overrides: offlineMessaging(),
    env: { PUBLIC_BASE_URL: 'https://izin.example.go.id', SLA_CHECK_INTERVAL_MS: '3600000', ...options.env },
  });
  const permitsOf = (applicationId: string) => h.dataSource.getRepository(PermitEntity).find({ where: { applicationId }, order: { type: 'ASC' } });
  const deliverDocumentsVerified = (payload: DocumentsVerifiedV1, actor = verifiedActor(payload)) =>
    h.get(DocumentsVerifiedConsumer).handle(h.record(EVENTS.DocumentsVerified, h.envelope(EVENTS.DocumentsVerified, payload, { actor })));
  return Object.assign(h, {
    deliverOfficeConfigured: (office: OfficeConfiguredV1) =>
      h.get(OfficeConfiguredConsumer).handle(h.record(EVENTS.OfficeConfigured, h.envelope(EVENTS.OfficeConfigured, office, { tenant: office.code, aggregateId: office.officeId }))),
    deliverDocumentsVerified,
    async issuePermits(payload: DocumentsVerifiedV1) {
      expect(await deliverDocumentsVerified(payload)).toBe('processed');
      return Object.fromEntries((await permitsOf(payload.applicationId)).map((p) => [p.type, p])) as Partial<Record<PermitType, PermitEntity>>;
    },
    permitsOf,
    certificatesOf: (permitNumber: string) => h.dataSource.getRepository(CertificateEntity).find({ where: { permitNumber }, order: { version: 'ASC' } }),
  });
}

let serial = 0;
/** A fresh number for each application and NIK of a test file. */
const next = () => ++serial;

/** A 16-digit NIK no other builder call returns (unless `seq` is given). */
export const nik = (seq = next()) => `3373011203850${String(seq % 1000).padStart(3, '0')}`;

const KBLI_BY_RISK: Record<RiskLevel, { kbli: string; kbliTitle: string }> = {
  [RiskLevel.RENDAH]: { kbli: '47112', kbliTitle: 'Perdagangan Eceran Berbagai Macam Barang yang Utamanya Makanan' },
  [RiskLevel.MENENGAH_RENDAH]: { kbli: '10710', kbliTitle: 'Industri Produk Roti dan Kue' },
  [RiskLevel.MENENGAH_TINGGI]: { kbli: '86105', kbliTitle: 'Aktivitas Klinik Swasta' },
  [RiskLevel.TINGGI]: { kbli: '47721', kbliTitle: 'Perdagangan Eceran Barang Farmasi di Apotik' },
};

/** The verifier of an office, as the DocumentsVerified actor. */
export const verifierActor = (office = '3373', id = `verifier-${office}`): EventActor => ({ kind: 'officer', id, role: 'verifier', office });

export interface VerifiedOptions {
  risk?: RiskLevel;
  office?: string;
  nik?: string;
  applicantName?: string;
  businessName?: string;
  /** An entity applicant with this NPWP (15 or 16 digits). */
  entityNpwp?: string;
  verifiedBy?: DocumentsVerifiedV1['verifiedBy'];
  /** The rule set it was decided under; `PP-28-2025` (the one in force) unless given, none when null (an event from before rule sets). */
  ruleSet?: string | null;
  /** With `verifiedBy: 'DEEMED'`: the legal basis the event gives. */
  deemedBasis?: string;
}

/** A DocumentsVerified payload of a new application. */
export function documentsVerified(o: VerifiedOptions = {}): DocumentsVerifiedV1 {
  const risk = o.risk ?? RiskLevel.MENENGAH_RENDAH;
  const office = o.office ?? '3373';
  const n = next();
  const applicantName = o.applicantName ?? `Siti Rahayu ${n}`;
  return {
    applicationId: randomUUID(),
    applicationNumber: `MPP-${office}-2026-${String(n).padStart(6, '0')}`,
    officeCode: office,
    applicant: {
      nik: o.nik ?? nik(n),
      name: applicantName,
      ...(o.entityNpwp ? { kind: 'ENTITY' as const, entity: { form: 'CV' as const, name: `CV Maju Jaya ${n}`, npwp: o.entityNpwp } } : {}),
    },
    business: {
      name: o.businessName ?? `Usaha ${n}`,
      ...KBLI_BY_RISK[risk],
      capital: 50_000_000,
      address: { regionCode: '3373011001', street: 'Jl. Diponegoro 1' },
    },
    businessScale: BusinessScale.MIKRO,
    riskLevel: risk,
    ...(o.ruleSet === null ? {} : { ruleSet: o.ruleSet ?? 'PP-28-2025' }),
    caseId: randomUUID(),
    verifiedBy: o.verifiedBy ?? (risk === RiskLevel.RENDAH || risk === RiskLevel.MENENGAH_RENDAH ? 'AUTOMATIC' : 'OFFICER'),
    ...(o.deemedBasis ? { deemedBasis: o.deemedBasis } : {}),
    verifiedAt: new Date().toISOString(),
  };
}

/** The actor a DocumentsVerified of this payload carries: its office's verifier, or verification itself. */
export const verifiedActor = (p: DocumentsVerifiedV1): EventActor =>
  p.verifiedBy === 'OFFICER' ? verifierActor(p.officeCode) : { kind: 'system', id: 'document-verification' };

export function applicationWithdrawn(p: Pick<DocumentsVerifiedV1, 'applicationId' | 'applicationNumber' | 'officeCode'>, reason?: string): ApplicationWithdrawnV1 {
  return {
    applicationId: p.applicationId,
    applicationNumber: p.applicationNumber,
    officeCode: p.officeCode,
    withdrawnAt: new Date().toISOString(),
    ...(reason ? { reason } : {}),
  };
}

/** An office's configuration; WIB, Saturday and Sunday off, no holidays, unless told otherwise. */
export function officeConfigured(o: Partial<OfficeConfiguredV1> = {}): OfficeConfiguredV1 {
  return {
    officeId: randomUUID(),
    code: '3373',
    name: 'DPMPTSP Kota Salatiga',
    address: 'Jl. Letjend Sukowati 51, Salatiga',
    timezone: 'Asia/Jakarta',
    permitNumberTemplate: '{type}-{office}-{year}-{seq:5}',
    serviceLevels: { verificationDays: 5, approvalDays: 3 },
    calendar: { weekendDays: [0, 6], holidays: [] },
    active: true,
    revision: 1,
    ...o,
  };
}

/** An officer as the token gives it. */
export function officer(roles: OfficerRole[], office = '3373', id = `${roles[0]}-${office}`, name = 'Bambang Susilo'): Officer {
  return { id, username: id, name, roles, office };
}

export const headOfOffice = (office = '3373', id?: string) => officer([OfficerRole.HEAD_OF_OFFICE], office, id);
