import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { CaseDocumentsService } from './case-documents.service';

@Controller()
export class DocumentUploadedConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly documents: CaseDocumentsService,
  ) {}

  @EventPattern(TOPICS.documentUploaded)
  onDocumentUploaded(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.DocumentUploaded, ctx, (e, m) => this.documents.uploaded(e, m));
  }
}
