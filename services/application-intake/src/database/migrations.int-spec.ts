import path from 'node:path';
import { verifyAuditChain } from '@mpp/audit';
import { checkMigrationsAreSelfContained, checkServiceMigrations, checkUpgradeOfRuntimeOwnedDatabase, describeAuditTrailHolds } from '@mpp/testing';
import { AuditHashChain1765200000000 } from './migrations/1765200000000-audit-hash-chain';
import { intakeDatabase } from './intake-database';

describe('application-intake migrations', () => {
  it('apply in the service schema as its owner role, revert and re-apply', async () => {
    await checkServiceMigrations(intakeDatabase, 'intake_svc');
  });

  it('are frozen: self-contained SQL, importing nothing that may change', () => {
    checkMigrationsAreSelfContained(path.join(__dirname, 'migrations'));
  });

  it('take over a database made before the owner roles (schema owned by intake_svc) with bootstrap.sh', async () => {
    await checkUpgradeOfRuntimeOwnedDatabase(intakeDatabase, 'intake_svc', { chainMigration: AuditHashChain1765200000000, verifyChain: verifyAuditChain });
  });

  describeAuditTrailHolds(intakeDatabase, 'intake_svc', { chainMigration: AuditHashChain1765200000000, verifyChain: verifyAuditChain });
});
