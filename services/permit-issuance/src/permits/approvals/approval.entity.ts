import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DocumentsVerifiedV1, EventActor } from '@mpp/contracts';
import { ApprovalStatus } from './approval-lifecycle';

/**
 * A high-risk (Tinggi) application waiting for the head of office's approval before its NIB and Izin are
 * issued (PP 5/2021 Ps. 15; Kepala DPMPTSP a.n. bupati/wali kota, docs/rules/risk.md). One per application.
 */
@Entity({ name: 'approvals' })
export class ApprovalEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid', unique: true })
  applicationId: string;

  @Column({ name: 'application_number', type: 'varchar', length: 30 })
  applicationNumber: string;

  @Column({ name: 'office_code', type: 'char', length: 4 })
  officeCode: string;

  @Column({ type: 'varchar', length: 20 })
  status: ApprovalStatus;

  /** The application as verified (event-carried state from DocumentsVerified): what gets issued. */
  @Column({ type: 'jsonb' })
  application: DocumentsVerifiedV1;

  /** The verifier who verified the documents (the DocumentsVerified actor). */
  @Column({ name: 'verified_by', type: 'jsonb', nullable: true })
  verifiedBy: EventActor | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  /** From the office's approval service level; absent while the office's configuration is unknown. */
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** The due date last warned about (ApprovalDueSoon), so that each due date is warned about once. */
  @Column({ name: 'sla_warned_for', type: 'timestamptz', nullable: true })
  slaWarnedFor?: Date | null;

  /** When the due date was found missed (ApprovalOverdue, once). */
  @Column({ name: 'sla_breached_at', type: 'timestamptz', nullable: true })
  slaBreachedAt?: Date | null;

  /** The legal basis when the Izin was issued by operation of law because the due date passed (fiktif positif). */
  @Column({ name: 'deemed_basis', type: 'varchar', length: 500, nullable: true })
  deemedBasis?: string | null;

  /** Officer id of the head of office who decided; `DEEMED` when the decision was deemed made by law. */
  @Column({ name: 'decided_by', type: 'varchar', length: 200, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_by_name', type: 'varchar', length: 200, nullable: true })
  decidedByName: string | null;

  /** Why the application was denied (or withdrawn). */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;
}
