import { checkServiceMigrations } from '@mpp/testing';
import { intakeDatabase } from './intake-database';

describe('application-intake migrations', () => {
  it('apply in the service schema as its own role, revert and re-apply', async () => {
    await checkServiceMigrations(intakeDatabase, 'intake_svc');
  });
});
