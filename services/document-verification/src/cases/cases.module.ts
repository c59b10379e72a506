import { Module } from '@nestjs/common';
import { ApplicationSubmittedConsumer } from './open-case/application-submitted.consumer';
import { OpenCaseService } from './open-case/open-case.service';
import { OfficerReviewHttpController } from './officer-review/officer-review.http.controller';
import { OfficerReviewService } from './officer-review/officer-review.service';

@Module({
  controllers: [ApplicationSubmittedConsumer, OfficerReviewHttpController],
  providers: [OpenCaseService, OfficerReviewService],
})
export class CasesModule {}
