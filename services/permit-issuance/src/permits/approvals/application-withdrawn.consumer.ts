import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { WithdrawApprovalService } from './withdraw-approval.service';

@Controller()
export class ApplicationWithdrawnConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly approvals: WithdrawApprovalService,
  ) {}

  @EventPattern(TOPICS.applicationWithdrawn)
  onApplicationWithdrawn(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApplicationWithdrawn, ctx, (e, m) => this.approvals.withdrawn(e, m));
  }
}
