import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { ConsumeOutcome, EventConsumer, RawRecord, recordFromContext } from '@mpp/messaging';
import { OfficeDirectory } from './office-directory.service';

@Controller()
export class OfficeConfiguredConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly offices: OfficeDirectory,
  ) {}

  @EventPattern(TOPICS.officeConfigured)
  onOfficeConfigured(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.handle(recordFromContext(ctx));
  }

  /** One OfficeConfigured record: validated against the contract, applied once. */
  handle(record: RawRecord): Promise<ConsumeOutcome> {
    return this.consumer.consumeRecord(EVENTS.OfficeConfigured, record, (e, m) => this.offices.configured(e, m));
  }
}
