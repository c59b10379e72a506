import { Module } from '@nestjs/common';
import { ApplicantEventsConsumer } from './applicant-events/applicant-events.consumer';
import { ApplicantEventsService } from './applicant-events/applicant-events.service';
import { ApplicationSubmittedConsumer } from './open-case/application-submitted.consumer';
import { OpenCaseService } from './open-case/open-case.service';
import { OfficerReviewHttpController } from './officer-review/officer-review.http.controller';
import { OfficerReviewService } from './officer-review/officer-review.service';

@Module({
  controllers: [ApplicationSubmittedConsumer, ApplicantEventsConsumer, OfficerReviewHttpController],
  providers: [OpenCaseService, OfficerReviewService, ApplicantEventsService],
})
export class CasesModule {}
