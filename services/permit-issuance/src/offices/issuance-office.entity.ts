import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Service-level targets of an office in working days (OfficeConfigured `serviceLevels`). */
export interface OfficeServiceLevelDays {
  verificationDays: number;
  approvalDays: number;
}

/** Working-day calendar of an office (OfficeConfigured `calendar`). */
export interface OfficeWorkingCalendar {
  /** 0 = Sunday … 6 = Saturday. */
  weekendDays: number[];
  /** YYYY-MM-DD. */
  holidays: string[];
}

/** The part of an office's configuration issuance needs, kept from OfficeConfigured events. */
@Entity({ name: 'offices' })
export class IssuanceOfficeEntity {
  @PrimaryColumn({ type: 'char', length: 4 })
  code: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  timezone: string;

  @Column({ name: 'permit_number_template', type: 'varchar', length: 100 })
  permitNumberTemplate: string;

  /** Absent for offices configured before issuance kept it (until their next OfficeConfigured). */
  @Column({ name: 'service_levels', type: 'jsonb', nullable: true })
  serviceLevels: OfficeServiceLevelDays | null;

  @Column({ type: 'jsonb', nullable: true })
  calendar: OfficeWorkingCalendar | null;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'integer' })
  revision: number;
}
