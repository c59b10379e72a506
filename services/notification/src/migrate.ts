import 'reflect-metadata';
import { migrateFromCli } from '@mpp/persistence';
import { notificationDatabase } from './database/notification-database';

migrateFromCli(notificationDatabase);
