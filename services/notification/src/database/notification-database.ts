import { CreateNotificationSchema1765300000000 } from './migrations/1765300000000-create-notification-schema';

export const NOTIFICATION_SCHEMA = 'notification';

export const notificationDatabase = {
  schema: NOTIFICATION_SCHEMA,
  applicationName: 'notification',
  entities: [],
  migrations: [CreateNotificationSchema1765300000000],
};
