import { INTAKE_ENTITIES } from '../applications/application.entities';
import { CreateIntakeSchema1764300000000 } from './migrations/1764300000000-create-intake-schema';

export const INTAKE_SCHEMA = 'intake';

export const intakeDatabase = {
  schema: INTAKE_SCHEMA,
  applicationName: 'application-intake',
  entities: INTAKE_ENTITIES,
  migrations: [CreateIntakeSchema1764300000000],
};
