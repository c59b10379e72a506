import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { ConsumeOutcome, EventConsumer, RawRecord, recordFromContext } from '@mpp/messaging';
import { IssuePermitsService } from './issue-permits.service';

@Controller()
export class DocumentsVerifiedConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly issuePermits: IssuePermitsService,
  ) {}

  @EventPattern(TOPICS.documentsVerified)
  onDocumentsVerified(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.handle(recordFromContext(ctx));
  }

  /** One DocumentsVerified record: validated against the contract, applied once. */
  handle(record: RawRecord): Promise<ConsumeOutcome> {
    return this.consumer.consumeRecord(EVENTS.DocumentsVerified, record, (e, m) => this.issuePermits.issue(e, m));
  }
}
