import 'reflect-metadata';
import { migrateFromCli } from '@mpp/persistence';
import { issuanceDatabase } from './database/issuance-database';

migrateFromCli(issuanceDatabase);
