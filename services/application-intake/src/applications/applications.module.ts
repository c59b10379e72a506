import { Module } from '@nestjs/common';
import { OfficesModule } from '../offices/offices.module';
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
  controllers: [SubmitApplicationHttpController, TrackApplicationHttpController, CounterHttpController, ApplicationEventsConsumer],
  providers: [SubmitApplicationService, TrackApplicationService, StatusProjectionService, CounterService],
})
export class ApplicationsModule {}
