import { checkServiceMigrations } from '@mpp/testing';
import { issuanceDatabase } from './issuance-database';

describe('permit-issuance migrations', () => {
  it('apply in the service schema as its own role, revert and re-apply', async () => {
    await checkServiceMigrations(issuanceDatabase, 'issuance_svc');
  });
});
