import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { DocumentsHttpController } from './documents/documents.http.controller';
import { DocumentsService } from './documents/documents.service';
import { UploadAccessGuard } from './documents/upload-access.guard';
import { UPLOAD_QUOTA, UploadQuota } from './documents/upload-quota';
import { OfficesModule } from '../offices/offices.module';
import { ApplicantActionsHttpController } from './applicant-actions/applicant-actions.http.controller';
import { ApplicantActionsService } from './applicant-actions/applicant-actions.service';
import { ApplicationCounts } from './application-metrics';
import { CounterHttpController } from './counter/counter.http.controller';
import { CounterService } from './counter/counter.service';
import { ApplicationEventsConsumer } from './status-projection/application-events.consumer';
import { StatusProjectionService } from './status-projection/status-projection.service';
import { SubmitApplicationHttpController } from './submit-application/submit-application.http.controller';
import { SubmitApplicationService } from './submit-application/submit-application.service';
import { TrackApplicationHttpController } from './track-application/track-application.http.controller';
import { TrackApplicationService } from './track-application/track-application.service';
import { TrackingCodeSecrets, trackingCodeSecretsFrom } from './tracking-code';

@Module({
  imports: [
    OfficesModule,
    // No destination: multer holds each upload in memory (bounded by DOCUMENT_MAX_BYTES) until its content is checked.
    MulterModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        limits: { fileSize: config.get<number>('DOCUMENT_MAX_BYTES', 5 * 1024 * 1024), files: 1, fields: 5, parts: 6 },
      }),
    }),
  ],
  controllers: [
    SubmitApplicationHttpController,
    TrackApplicationHttpController,
    ApplicantActionsHttpController,
    DocumentsHttpController,
    CounterHttpController,
    ApplicationEventsConsumer,
  ],
  providers: [
    SubmitApplicationService,
    TrackApplicationService,
    ApplicantActionsService,
    DocumentsService,
    StatusProjectionService,
    CounterService,
    ApplicationCounts,
    UploadAccessGuard,
    {
      provide: UPLOAD_QUOTA,
      inject: [ConfigService],
      useFactory: (config: ConfigService): UploadQuota => ({
        maxVersions: config.get<number>('UPLOAD_MAX_VERSIONS_PER_APPLICATION', 30),
        maxBytes: config.get<number>('UPLOAD_MAX_BYTES_PER_APPLICATION', 50 * 1024 * 1024),
      }),
    },
    {
      provide: TrackingCodeSecrets,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => trackingCodeSecretsFrom(config.get<string>('TRACKING_CODE_PEPPERS'), config.get<string>('NODE_ENV')),
    },
  ],
})
export class ApplicationsModule {}
