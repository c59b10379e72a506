import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { OpenCaseService } from './open-case.service';

@Controller()
export class ApplicationSubmittedConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly openCase: OpenCaseService,
  ) {}

  @EventPattern(TOPICS.applicationSubmitted)
  onApplicationSubmitted(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApplicationSubmitted, ctx, (e, m) => this.openCase.open(e, m));
  }
}
