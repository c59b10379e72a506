import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PermitType, RiskLevel } from '@mpp/contracts';
import { PermitStatus } from './permit-lifecycle';

/**
 * A business actor (pelaku usaha): an individual, identified by NIK, or a business entity (badan usaha),
 * identified by its own NPWP; holds exactly one NIB.
 */
@Entity({ name: 'business_actors' })
export class BusinessActorEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** `NIK:<16 digits>` for an individual, `NPWP:<16 digits>` (NPWP16 = "0" + legacy 15) for an entity. */
  @Column({ name: 'identity_key', type: 'varchar', length: 40, unique: true })
  identityKey: string;

  @Column({ type: 'varchar', length: 10, default: 'INDIVIDUAL' })
  kind: 'INDIVIDUAL' | 'ENTITY';

  /** NIK of the individual, or of the person responsible for the entity when it was registered. */
  @Column({ type: 'char', length: 16, nullable: true })
  nik: string | null;

  /** The entity's name (null for an individual). */
  @Column({ name: 'entity_name', type: 'varchar', length: 200, nullable: true })
  entityName: string | null;

  @Column({ type: 'char', length: 13, unique: true })
  nib: string;

  /** The NIB holder's name, as on the verification page and the certificate: the entity's name for an entity. */
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'office_code', type: 'char', length: 4 })
  officeCode: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;
}

/** A permit issued for one application. The NIB row repeats the actor's NIB for each application. */
@Entity({ name: 'permits' })
export class PermitEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId: string;

  @Column({ name: 'application_number', type: 'varchar', length: 30 })
  applicationNumber: string;

  @Column({ name: 'business_actor_id', type: 'uuid' })
  businessActorId: string;

  @Column({ type: 'varchar', length: 30 })
  type: PermitType;

  @Column({ type: 'varchar', length: 60 })
  number: string;

  @Column({ name: 'office_code', type: 'char', length: 4 })
  officeCode: string;

  @Column({ name: 'business_name', type: 'varchar', length: 200 })
  businessName: string;

  @Column({ type: 'char', length: 5 })
  kbli: string;

  @Column({ name: 'kbli_title', type: 'varchar', length: 300 })
  kbliTitle: string;

  @Column({ name: 'risk_level', type: 'varchar', length: 20 })
  riskLevel: RiskLevel;

  /** The rule set it was issued under (`RuleSet.id` in @mpp/domain), the application's. */
  @Column({ name: 'rule_set', type: 'varchar', length: 40 })
  ruleSet: string;

  /** The legal basis when it was issued because a deadline lapsed (fiktif positif), e.g. `PP 28/2025 Pasal 225`. */
  @Column({ name: 'deemed_basis', type: 'varchar', length: 500, nullable: true })
  deemedBasis?: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: PermitStatus;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  /** Absent when the permit is valid for as long as the business runs. */
  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Id of the head of office who revoked the permit. */
  @Column({ name: 'revoked_by', type: 'varchar', length: 200, nullable: true })
  revokedBy: string | null;

  /** Not shown on the public verification page. */
  @Column({ name: 'revocation_reason', type: 'varchar', length: 1000, nullable: true })
  revocationReason: string | null;
}
