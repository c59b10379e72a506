import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { serviceDataSourceOptions } from '@mpp/persistence';
import { errorText } from '@mpp/platform';
import { findStuckSubmissions, rejectStuckSubmissions } from './applications/stuck-submissions/stuck-submissions';
import { intakeDatabase } from './database/intake-database';

/**
 * Rejects the applications stuck in SUBMITTED because their stored data fails `ApplicationSubmitted`'s
 * validation (see `stuck-submissions.ts`). `--dry-run` only lists them. Needs `DATABASE_URL` (intake's role).
 * An entry point of intake's build (and image):
 *
 *   DATABASE_URL=... node -r ./scripts/register-paths.js \
 *     dist/services/application-intake/services/application-intake/src/reject-stuck-submissions.js [--dry-run]
 */
run(process.argv.slice(2).includes('--dry-run')).catch((err: unknown) => {
  console.error(errorText(err));
  process.exit(1);
});

async function run(dryRun: boolean): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Invalid configuration:\n  - DATABASE_URL: must be set');
  const dataSource = new DataSource(serviceDataSourceOptions({ ...intakeDatabase, url, poolSize: 2 }));
  await dataSource.initialize();
  try {
    const found = dryRun ? await findStuckSubmissions(dataSource) : await rejectStuckSubmissions(dataSource, new AuditTrail(dataSource));
    for (const s of found) console.log(`${dryRun ? 'would reject' : 'rejected'} ${s.applicationNumber} (office ${s.officeCode}): ${s.problems.join('; ')}`);
    console.log(`${found.length} stuck application(s) ${dryRun ? 'found' : 'rejected'}`);
  } finally {
    await dataSource.destroy();
  }
}
