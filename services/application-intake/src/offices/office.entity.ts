import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OfficeCalendar, OfficeServiceLevels } from '@mpp/contracts';

/** An MPP / DPMPTSP office: one tenant of the platform, identified by its Kemendagri regency/city code. */
@Entity({ name: 'offices' })
export class OfficeEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'char', length: 4, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 300 })
  address: string;

  @Column({ type: 'varchar', length: 40 })
  timezone: string;

  @Column({ name: 'permit_number_template', type: 'varchar', length: 100 })
  permitNumberTemplate: string;

  @Column({ name: 'service_levels', type: 'jsonb' })
  serviceLevels: OfficeServiceLevels;

  @Column({ type: 'jsonb' })
  calendar: OfficeCalendar;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'integer' })
  revision: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
