import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { ApplicantEventsService } from './applicant-events.service';

@Controller()
export class ApplicantEventsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly applicant: ApplicantEventsService,
  ) {}

  @EventPattern(TOPICS.applicationResubmitted)
  onResubmitted(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApplicationResubmitted, ctx, (e, m) => this.applicant.resubmitted(e, m));
  }

  @EventPattern(TOPICS.applicationWithdrawn)
  onWithdrawn(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApplicationWithdrawn, ctx, (e, m) => this.applicant.withdrawn(e, m));
  }
}
