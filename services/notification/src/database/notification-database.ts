import { CreateNotificationSchema1765300000000 } from './migrations/1765300000000-create-notification-schema';
import { AuditHashChain1765300000001 } from './migrations/1765300000001-audit-hash-chain';

export const NOTIFICATION_SCHEMA = 'notification';

export const notificationDatabase = {
  schema: NOTIFICATION_SCHEMA,
  applicationName: 'notification',
  entities: [],
  migrations: [CreateNotificationSchema1765300000000, AuditHashChain1765300000001],
};
