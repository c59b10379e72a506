import { Module } from '@nestjs/common';
import { AuditModule } from '@mpp/audit';
import { AuthModule } from '@mpp/auth';
import { ALL_TOPICS, DEAD_LETTER_TOPICS } from '@mpp/contracts';
import { MessagingModule } from '@mpp/messaging';
import { DatabaseModule } from '@mpp/persistence';
import { PlatformModule } from '@mpp/platform';
import { NotificationEnv } from './config/notification.env';
import { notificationDatabase } from './database/notification-database';
import { NotifyModule } from './notify/notify.module';

export const SERVICE_NAME = 'notification';

@Module({
  imports: [
    PlatformModule.forService({ serviceName: SERVICE_NAME, env: NotificationEnv }),
    DatabaseModule.forService(notificationDatabase),
    MessagingModule.forService({
      serviceName: SERVICE_NAME,
      schema: notificationDatabase.schema,
      consumerGroup: SERVICE_NAME,
      deadLetterTopic: DEAD_LETTER_TOPICS.notification,
      topics: ALL_TOPICS,
    }),
    AuthModule.forRoot(),
    AuditModule,
    NotifyModule,
  ],
})
export class AppModule {}
