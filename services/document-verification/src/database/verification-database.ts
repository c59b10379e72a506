import { VerificationCaseEntity } from '../cases/verification-case.entity';
import { CreateVerificationSchema1764300000000 } from './migrations/1764300000000-create-verification-schema';
import { Audit1764400000000 } from './migrations/1764400000000-audit';
import { Decisions1764500000000 } from './migrations/1764500000000-decisions';

export const VERIFICATION_SCHEMA = 'verification';

export const verificationDatabase = {
  schema: VERIFICATION_SCHEMA,
  applicationName: 'document-verification',
  entities: [VerificationCaseEntity],
  migrations: [CreateVerificationSchema1764300000000, Audit1764400000000, Decisions1764500000000],
};
