import { VerificationCaseEntity } from '../cases/verification-case.entity';
import { CreateVerificationSchema1764300000000 } from './migrations/1764300000000-create-verification-schema';

export const VERIFICATION_SCHEMA = 'verification';

export const verificationDatabase = {
  schema: VERIFICATION_SCHEMA,
  applicationName: 'document-verification',
  entities: [VerificationCaseEntity],
  migrations: [CreateVerificationSchema1764300000000],
};
