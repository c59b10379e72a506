import { Module } from '@nestjs/common';
import { AuditModule } from '@mpp/audit';
import { AuthModule } from '@mpp/auth';
import { ALL_TOPICS, DEAD_LETTER_TOPICS } from '@mpp/contracts';
import { MessagingModule } from '@mpp/messaging';
import { DatabaseModule, DocumentStoreModule } from '@mpp/persistence';
import { PlatformModule } from '@mpp/platform';
import { ApplicationsModule } from './applications/applications.module';
import { IntakeEnv } from './config/intake.env';
import { intakeDatabase } from './database/intake-database';
import { AssessmentHttpController } from './reference/assessment/assessment.http.controller';
import { KbliHttpController } from './reference/kbli.http.controller';
import { NikCheckHttpController } from './reference/nik-check/nik-check.http.controller';
import { RegionsHttpController } from './reference/regions/regions.http.controller';

export const SERVICE_NAME = 'application-intake';

@Module({
  imports: [
    PlatformModule.forService({ serviceName: SERVICE_NAME, env: IntakeEnv }),
    DatabaseModule.forService(intakeDatabase),
    DocumentStoreModule.forRoot(),
    MessagingModule.forService({
      serviceName: SERVICE_NAME,
      schema: intakeDatabase.schema,
      consumerGroup: SERVICE_NAME,
      deadLetterTopic: DEAD_LETTER_TOPICS.intake,
      topics: ALL_TOPICS,
    }),
    AuthModule.forRoot(),
    AuditModule,
    ApplicationsModule,
  ],
  controllers: [KbliHttpController, RegionsHttpController, NikCheckHttpController, AssessmentHttpController],
})
export class AppModule {}
