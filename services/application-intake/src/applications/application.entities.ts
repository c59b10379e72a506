import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ApplicantKind, ApplicationStatus, ContactLanguage, BusinessScale, PermitType, RiskLevel, SubmittedEntity } from '@mpp/contracts';

/** bigint columns hold rupiah amounts; they fit in a JS number up to 9 quadrillion. */
const rupiah = {
  to: (v?: number | null) => v,
  from: (v?: string | null) => (v == null ? v : Number(v)),
};

@Entity({ name: 'applications' })
export class ApplicationEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ name: 'application_number', type: 'varchar', length: 30 })
  applicationNumber: string;

  /** SHA-256 of the normalised tracking code; the code itself is never stored. */
  /** `hmac-sha256:<pepper id>:<hex>` (see tracking-code.ts); never the code itself. */
  @Column({ name: 'tracking_code_hash', type: 'varchar', length: 100 })
  trackingCodeHash: string;

  @Column({ name: 'office_code', type: 'char', length: 4 })
  officeCode: string;

  @Column({ type: 'varchar', length: 30 })
  status: ApplicationStatus;

  @Column({ name: 'risk_level', type: 'varchar', length: 20 })
  riskLevel: RiskLevel;

  @Column({ name: 'business_scale', type: 'varchar', length: 10 })
  businessScale: BusinessScale;

  @Column({ name: 'applicant_nik', type: 'char', length: 16 })
  applicantNik: string;

  @Column({ name: 'applicant_name', type: 'varchar', length: 200 })
  applicantName: string;

  @Column({ name: 'applicant_email', type: 'varchar', length: 254, nullable: true })
  applicantEmail: string | null;

  @Column({ name: 'applicant_phone', type: 'varchar', length: 20, nullable: true })
  applicantPhone: string | null;

  /** Language of the messages to the applicant (id or en); null means Bahasa Indonesia. */
  @Column({ name: 'applicant_language', type: 'varchar', length: 2, nullable: true })
  applicantLanguage: ContactLanguage | null;

  @Column({ name: 'applicant_npwp', type: 'varchar', length: 16, nullable: true })
  applicantNpwp: string | null;

  /** INDIVIDUAL (perseorangan) or ENTITY (badan usaha); for an ENTITY the applicant_* columns are its responsible person. */
  @Column({ name: 'applicant_kind', type: 'varchar', length: 10, default: 'INDIVIDUAL' })
  applicantKind: ApplicantKind;

  /** The business entity (form, name, NPWP digits, deed) when applicant_kind is ENTITY. */
  @Column({ type: 'jsonb', nullable: true })
  entity: SubmittedEntity | null;

  @Column({ name: 'business_name', type: 'varchar', length: 200 })
  businessName: string;

  @Column({ type: 'char', length: 5 })
  kbli: string;

  @Column({ type: 'bigint', transformer: rupiah })
  capital: number;

  @Column({ name: 'annual_sales', type: 'bigint', nullable: true, transformer: rupiah })
  annualSales: number | null;

  @Column({ name: 'region_code', type: 'char', length: 10 })
  regionCode: string;

  @Column({ type: 'varchar', length: 300 })
  street: string;

  /** ONLINE (the entrepreneur) or COUNTER (a front-desk officer on their behalf). */
  @Column({ type: 'varchar', length: 10 })
  channel: 'ONLINE' | 'COUNTER';

  /** The front-desk officer who filed it at the counter. */
  @Column({ name: 'filed_by', type: 'varchar', length: 200, nullable: true })
  filedBy: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  /** When the head of office is due to decide a high-risk permit (ApprovalRequested). */
  @Column({ name: 'approval_due_at', type: 'timestamptz', nullable: true })
  approvalDueAt: Date | null;

  /** When the office missed its service-level due date (SlaBreached). */
  @Column({ name: 'sla_breached_at', type: 'timestamptz', nullable: true })
  slaBreachedAt: Date | null;

  /** The rule set the risk level and permits were decided under (`RuleSet.id` in @mpp/domain, e.g. `PP-28-2025`). */
  @Column({ name: 'rule_set', type: 'varchar', length: 40 })
  ruleSet: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One step of an application's history, as the entrepreneur sees it. */
@Entity({ name: 'application_timeline' })
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index()
  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'varchar', length: 30 })
  status: ApplicationStatus;

  /** When the step happened (the event's occurredAt). */
  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** Revision, rejection or denial reasons given at this step. */
  @Column({ type: 'jsonb', nullable: true })
  reasons: string[] | null;

  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;
}

/** Permits issued for an application (projection of PermitIssued). */
@Entity({ name: 'application_permits' })
export class ApplicationPermitEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  type: PermitType;

  @Column({ type: 'varchar', length: 60 })
  number: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ name: 'verification_url', type: 'varchar', length: 500, nullable: true })
  verificationUrl: string | null;

  /** Where the certificate PDF can be downloaded, and its SHA-256 as issued. */
  @Column({ name: 'certificate_url', type: 'varchar', length: 500, nullable: true })
  certificateUrl: string | null;

  @Column({ name: 'certificate_sha256', type: 'char', length: 64, nullable: true })
  certificateSha256: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revocation_reason', type: 'varchar', length: 1000, nullable: true })
  revocationReason: string | null;

  /** The legal basis when the permit was issued by operation of law (fiktif positif). */
  @Column({ name: 'deemed_basis', type: 'varchar', length: 500, nullable: true })
  deemedBasis?: string | null;
}

/** Remembers the response to a submission made with an `Idempotency-Key`, for safe retries (24 h). */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  /** Whose key it is: `officer:<id>` for an officer's request, `public` for the entrepreneurs'. */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'jsonb', nullable: true })
  response: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A message the notification service sent about the application (NotificationSent), without address or content. */
@Entity({ name: 'application_notifications' })
export class ApplicationNotificationEntity {
  @PrimaryColumn({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 20 })
  channel: string;

  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt: Date;
}

export const INTAKE_ENTITIES = [ApplicationEntity, TimelineEntryEntity, ApplicationPermitEntity, IdempotencyKeyEntity, ApplicationNotificationEntity];
