import path from 'node:path';
import { verifyAuditChain } from '@mpp/audit';
import { checkMigrationsAreSelfContained, checkServiceMigrations, describeAuditTrailHolds } from '@mpp/testing';
import { AuditHashChain1765300000001 } from './migrations/1765300000001-audit-hash-chain';
import { notificationDatabase } from './notification-database';

describe('notification migrations', () => {
  it('apply in the service schema as its owner role, revert and re-apply', async () => {
    await checkServiceMigrations(notificationDatabase, 'notification_svc');
  });

  it('are frozen: self-contained SQL, importing nothing that may change', () => {
    checkMigrationsAreSelfContained(path.join(__dirname, 'migrations'));
  });

  describeAuditTrailHolds(notificationDatabase, 'notification_svc', { chainMigration: AuditHashChain1765300000001, verifyChain: verifyAuditChain });
});
