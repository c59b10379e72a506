import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { IssuePermitsService } from './issue-permits.service';

@Controller()
export class DocumentsVerifiedConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly issuePermits: IssuePermitsService,
  ) {}

  @EventPattern(TOPICS.documentsVerified)
  onDocumentsVerified(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.DocumentsVerified, ctx, (e, m) => this.issuePermits.issue(e, m));
  }
}
