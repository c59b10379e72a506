import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { OfficeDirectory } from './office-directory.service';

@Controller()
export class OfficeConfiguredConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly offices: OfficeDirectory,
  ) {}

  @EventPattern(TOPICS.officeConfigured)
  onOfficeConfigured(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.OfficeConfigured, ctx, (e, m) => this.offices.configured(e, m));
  }
}
