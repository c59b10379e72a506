import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { ConsumeOutcome, EventConsumer, RawRecord, recordFromContext } from '@mpp/messaging';
import { WithdrawApprovalService } from './withdraw-approval.service';

@Controller()
export class ApplicationWithdrawnConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly approvals: WithdrawApprovalService,
  ) {}

  @EventPattern(TOPICS.applicationWithdrawn)
  onApplicationWithdrawn(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.handle(recordFromContext(ctx));
  }

  /** One ApplicationWithdrawn record: validated against the contract, applied once. */
  handle(record: RawRecord): Promise<ConsumeOutcome> {
    return this.consumer.consumeRecord(EVENTS.ApplicationWithdrawn, record, (e, m) => this.approvals.withdrawn(e, m));
  }
}
