import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { OfficeCalendars } from '../office-calendar';

@Controller()
export class OfficeConfiguredConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly calendars: OfficeCalendars,
  ) {}

  @EventPattern(TOPICS.officeConfigured)
  onOfficeConfigured(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.OfficeConfigured, ctx, (e, m) => this.calendars.configured(e, m));
  }
}
