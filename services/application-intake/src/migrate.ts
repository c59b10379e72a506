import 'reflect-metadata';
import { migrateFromCli } from '@mpp/persistence';
import { intakeDatabase } from './database/intake-database';
import { rejectStuckSubmissionsFromCli } from './reject-stuck-submissions';

// `migrate.js reject-stuck-submissions [--dry-run]`: the remedy for applications stuck in SUBMITTED
// (see reject-stuck-submissions.ts); without arguments, the migrations.
if (process.argv[2] === 'reject-stuck-submissions') rejectStuckSubmissionsFromCli(process.argv.slice(3));
else migrateFromCli(intakeDatabase);
