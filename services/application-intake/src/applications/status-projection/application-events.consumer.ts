import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { EventConsumer } from '@mpp/messaging';
import { StatusProjectionService } from './status-projection.service';

/** Every event about an application, as it moves through verification and issuance. */
@Controller()
export class ApplicationEventsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly projection: StatusProjectionService,
  ) {}

  @EventPattern(TOPICS.verificationStarted)
  onVerificationStarted(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.VerificationStarted, ctx, (e, m) => this.projection.verificationStarted(e, m));
  }

  @EventPattern(TOPICS.documentsVerified)
  onDocumentsVerified(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.DocumentsVerified, ctx, (e, m) => this.projection.documentsVerified(e, m));
  }

  @EventPattern(TOPICS.revisionRequested)
  onRevisionRequested(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.RevisionRequested, ctx, (e, m) => this.projection.revisionRequested(e, m));
  }

  @EventPattern(TOPICS.applicationRejected)
  onApplicationRejected(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApplicationRejected, ctx, (e, m) => this.projection.applicationRejected(e, m));
  }

  @EventPattern(TOPICS.approvalRequested)
  onApprovalRequested(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApprovalRequested, ctx, (e, m) => this.projection.approvalRequested(e, m));
  }

  @EventPattern(TOPICS.applicationDenied)
  onApplicationDenied(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApplicationDenied, ctx, (e, m) => this.projection.applicationDenied(e, m));
  }

  @EventPattern(TOPICS.permitRevoked)
  onPermitRevoked(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.PermitRevoked, ctx, (e, m) => this.projection.permitRevoked(e, m));
  }

  @EventPattern(TOPICS.slaBreached)
  onSlaBreached(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.SlaBreached, ctx, (e, m) => this.projection.slaBreached(e, m));
  }

  @EventPattern(TOPICS.approvalOverdue)
  onApprovalOverdue(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.ApprovalOverdue, ctx, (e, m) => this.projection.approvalOverdue(e, m));
  }

  @EventPattern(TOPICS.notificationSent)
  onNotificationSent(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.NotificationSent, ctx, (e, m) => this.projection.notificationSent(e, m));
  }

  @EventPattern(TOPICS.permitIssued)
  onPermitIssued(@Ctx() ctx: KafkaContext) {
    return this.consumer.consume(EVENTS.PermitIssued, ctx, (e, m) => this.projection.permitIssued(e, m));
  }
}
