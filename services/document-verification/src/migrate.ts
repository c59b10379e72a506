import 'reflect-metadata';
import { migrateFromCli } from '@mpp/persistence';
import { verificationDatabase } from './database/verification-database';

migrateFromCli(verificationDatabase);
