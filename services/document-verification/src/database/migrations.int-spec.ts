import path from 'node:path';
import { verifyAuditChain } from '@mpp/audit';
import { checkMigrationsAreSelfContained, checkServiceMigrations, describeAuditTrailHolds } from '@mpp/testing';
import { AuditHashChain1765200000000 } from './migrations/1765200000000-audit-hash-chain';
import { verificationDatabase } from './verification-database';

describe('document-verification migrations', () => {
  it('apply in the service schema as its owner role, revert and re-apply', async () => {
    await checkServiceMigrations(verificationDatabase, 'verification_svc');
  });

  it('are frozen: self-contained SQL, importing nothing that may change', () => {
    checkMigrationsAreSelfContained(path.join(__dirname, 'migrations'));
  });

  describeAuditTrailHolds(verificationDatabase, 'verification_svc', { chainMigration: AuditHashChain1765200000000, verifyChain: verifyAuditChain });
});
