import { checkServiceMigrations } from '@mpp/testing';
import { verificationDatabase } from './verification-database';

describe('document-verification migrations', () => {
  it('apply in the service schema as its own role, revert and re-apply', async () => {
    await checkServiceMigrations(verificationDatabase, 'verification_svc');
  });
});
