import path from 'node:path';
import { checkMigrationsAreSelfContained, checkServiceMigrations } from '@mpp/testing';
import { verificationDatabase } from './verification-database';

describe('document-verification migrations', () => {
  it('apply in the service schema as its own role, revert and re-apply', async () => {
    await checkServiceMigrations(verificationDatabase, 'verification_svc');
  });

  it('are frozen: self-contained SQL, importing nothing that may change', () => {
    checkMigrationsAreSelfContained(path.join(__dirname, 'migrations'));
  });
});
