import { Module } from '@nestjs/common';
import { AuditModule } from '@mpp/audit';
import { AuthModule } from '@mpp/auth';
import { ALL_TOPICS, DEAD_LETTER_TOPICS } from '@mpp/contracts';
import { MessagingModule } from '@mpp/messaging';
import { DatabaseModule } from '@mpp/persistence';
import { PlatformModule } from '@mpp/platform';
import { IssuanceEnv } from './config/issuance.env';
import { issuanceDatabase } from './database/issuance-database';
import { PermitsModule } from './permits/permits.module';

export const SERVICE_NAME = 'permit-issuance';

@Module({
  imports: [
    PlatformModule.forService({ serviceName: SERVICE_NAME, env: IssuanceEnv }),
    DatabaseModule.forService(issuanceDatabase),
    MessagingModule.forService({
      serviceName: SERVICE_NAME,
      schema: issuanceDatabase.schema,
      consumerGroup: SERVICE_NAME,
      deadLetterTopic: DEAD_LETTER_TOPICS.issuance,
      topics: ALL_TOPICS,
    }),
    AuthModule.forRoot(),
    AuditModule,
    PermitsModule,
  ],
})
export class AppModule {}
