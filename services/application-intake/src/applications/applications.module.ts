import { Module } from '@nestjs/common';
import { ApplicationEventsConsumer } from './status-projection/application-events.consumer';
import { StatusProjectionService } from './status-projection/status-projection.service';
import { SubmitApplicationHttpController } from './submit-application/submit-application.http.controller';
import { SubmitApplicationService } from './submit-application/submit-application.service';
import { TrackApplicationHttpController } from './track-application/track-application.http.controller';
import { TrackApplicationService } from './track-application/track-application.service';

@Module({
  controllers: [SubmitApplicationHttpController, TrackApplicationHttpController, ApplicationEventsConsumer],
  providers: [SubmitApplicationService, TrackApplicationService, StatusProjectionService],
})
export class ApplicationsModule {}
