import { Column, Entity, PrimaryColumn } from 'typeorm';

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

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'integer' })
  revision: number;
}
