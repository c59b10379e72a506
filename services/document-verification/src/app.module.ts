import { Module } from '@nestjs/common';
import { AuditModule } from '@mpp/audit';
import { AuthModule } from '@mpp/auth';
import { ALL_TOPICS, DEAD_LETTER_TOPICS } from '@mpp/contracts';
import { MessagingModule } from '@mpp/messaging';
import { DatabaseModule, DocumentStoreModule } from '@mpp/persistence';
import { PlatformModule } from '@mpp/platform';
import { CasesModule } from './cases/cases.module';
import { VerificationEnv } from './config/verification.env';
import { verificationDatabase } from './database/verification-database';

export const SERVICE_NAME = 'document-verification';

@Module({
  imports: [
    PlatformModule.forService({ serviceName: SERVICE_NAME, env: VerificationEnv }),
    DatabaseModule.forService(verificationDatabase),
    DocumentStoreModule.forRoot(),
    MessagingModule.forService({
      serviceName: SERVICE_NAME,
      schema: verificationDatabase.schema,
      consumerGroup: SERVICE_NAME,
      deadLetterTopic: DEAD_LETTER_TOPICS.verification,
      topics: ALL_TOPICS,
    }),
    AuthModule.forRoot(),
    AuditModule,
    CasesModule,
  ],
})
export class AppModule {}
