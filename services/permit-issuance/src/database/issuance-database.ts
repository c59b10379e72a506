import { BusinessActorEntity, PermitEntity } from '../permits/permit.entities';
import { CreateIssuanceSchema1764300000000 } from './migrations/1764300000000-create-issuance-schema';

export const ISSUANCE_SCHEMA = 'issuance';

export const issuanceDatabase = {
  schema: ISSUANCE_SCHEMA,
  applicationName: 'permit-issuance',
  entities: [BusinessActorEntity, PermitEntity],
  migrations: [CreateIssuanceSchema1764300000000],
};
