import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SlaClock } from '@mpp/domain';
import { AutomaticCheckResult, BusinessScale, RiskLevel, SubmittedApplicant, SubmittedBusiness } from '@mpp/contracts';

export enum CaseStatus {
  /** Waiting in the office's officer queue. */
  AWAITING_OFFICER = 'AWAITING_OFFICER',
  /** Waiting for the applicant to correct or complete documents (the SLA clock is stopped). */
  REVISION_REQUESTED = 'REVISION_REQUESTED',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}

/** One verification case per application. */
@Entity({ name: 'verification_cases' })
export class VerificationCaseEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid', unique: true })
  applicationId: string;

  @Column({ name: 'application_number', type: 'varchar', length: 30 })
  applicationNumber: string;

  @Column({ name: 'office_code', type: 'char', length: 4 })
  officeCode: string;

  @Column({ name: 'risk_level', type: 'varchar', length: 20 })
  riskLevel: RiskLevel;

  @Column({ name: 'business_scale', type: 'varchar', length: 10 })
  businessScale: BusinessScale;

  /** The rule set the application was decided under (`RuleSet.id` in @mpp/domain). */
  @Column({ name: 'rule_set', type: 'varchar', length: 40 })
  ruleSet: string;

  @Column({ type: 'varchar', length: 30 })
  status: CaseStatus;

  /** Document types required for this permit type and risk level. */
  @Column({ type: 'jsonb' })
  checklist: string[];

  @Column({ name: 'automatic_checks', type: 'jsonb' })
  automaticChecks: AutomaticCheckResult[];

  /** The applicant and business as submitted (event-carried state; intake's tables are not ours). */
  @Column({ type: 'jsonb' })
  applicant: SubmittedApplicant;

  @Column({ type: 'jsonb' })
  business: SubmittedBusiness;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true })
  decidedBy: string | null;

  /** The verifier who holds the case; a case back from revision returns to them. */
  @Column({ name: 'assigned_to', type: 'varchar', length: 200, nullable: true })
  assignedTo: string | null;

  @Column({ name: 'revision_round', type: 'integer', default: 0 })
  revisionRound: number;

  /** Service-level clock (working days; stopped while the applicant has to act). */
  @Column({ name: 'sla_clock', type: 'jsonb', nullable: true })
  slaClock: SlaClock | null;

  /** When the running clock is due; null while stopped. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'sla_breached_at', type: 'timestamptz', nullable: true })
  slaBreachedAt: Date | null;

  /** The due date the "due within one working day" warning (SlaDueSoon) was given for. */
  @Column({ name: 'sla_warned_for', type: 'timestamptz', nullable: true })
  slaWarnedFor: Date | null;

  /** Reasons of the last revision request or of the rejection. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  reasons: string[];
}
