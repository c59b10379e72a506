import { Module } from '@nestjs/common';
import { OfficesModule } from '../offices/offices.module';
import { ApplicantActionsHttpController } from './applicant-actions/applicant-actions.http.controller';
import { ApplicantActionsService } from './applicant-actions/applicant-actions.service';
import { CounterHttpController } from './counter/counter.http.controller';
import { CounterService } from './counter/counter.service';
import { ApplicationEventsConsumer } from './status-projection/application-events.consumer';
import { StatusProjectionService } from './status-projection/status-projection.service';
import { SubmitApplicationHttpController } from './submit-application/submit-application.http.controller';
import { SubmitApplicationService } from './submit-application/submit-application.service';
import { TrackApplicationHttpController } from './track-application/track-application.http.controller';
import { TrackApplicationService } from './track-application/track-application.service';

@Module({
  imports: [OfficesModule],
  controllers: [
    SubmitApplicationHttpController,
    TrackApplicationHttpController,
    ApplicantActionsHttpController,
    CounterHttpController,
    ApplicationEventsConsumer,
  ],
  providers: [SubmitApplicationService, TrackApplicationService, ApplicantActionsService, StatusProjectionService, CounterService],
})
export class ApplicationsModule {}
