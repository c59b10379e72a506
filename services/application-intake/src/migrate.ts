import 'reflect-metadata';
import { migrateFromCli } from '@mpp/persistence';
import { intakeDatabase } from './database/intake-database';

migrateFromCli(intakeDatabase);
