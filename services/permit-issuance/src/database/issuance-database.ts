import { BusinessActorEntity, PermitEntity } from '../permits/permit.entities';
import { IssuanceOfficeEntity } from '../offices/issuance-office.entity';
import { CreateIssuanceSchema1764300000000 } from './migrations/1764300000000-create-issuance-schema';
import { OfficesAndAudit1764400000000 } from './migrations/1764400000000-offices-and-audit';

export const ISSUANCE_SCHEMA = 'issuance';

export const issuanceDatabase = {
  schema: ISSUANCE_SCHEMA,
  applicationName: 'permit-issuance',
  entities: [BusinessActorEntity, PermitEntity, IssuanceOfficeEntity],
  migrations: [CreateIssuanceSchema1764300000000, OfficesAndAudit1764400000000],
};
