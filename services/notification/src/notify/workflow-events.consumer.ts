import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext } from '@nestjs/microservices';
import { EVENTS, TOPICS } from '@mpp/contracts';
import { ConsumeOutcome, EventConsumer } from '@mpp/messaging';
import { OfficerDirectory } from '../offices/officer-directory';
import { NotificationsService } from './notifications.service';

/**
 * The workflow events that tell someone something. Each is applied once (inbox), in one transaction with
 * the delivery records it makes; sending happens afterwards (DeliveryDispatcher).
 */
@Controller()
export class WorkflowEventsConsumer {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly notifications: NotificationsService,
    private readonly officers: OfficerDirectory,
  ) {}

  @EventPattern(TOPICS.officeConfigured)
  onOfficeConfigured(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.OfficeConfigured, ctx, (e, m) => this.notifications.officeConfigured(e, m));
  }

  @EventPattern(TOPICS.applicationSubmitted)
  onSubmitted(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.ApplicationSubmitted, ctx, (e, m) => this.notifications.submitted(e, m));
  }

  @EventPattern(TOPICS.revisionRequested)
  onRevisionRequested(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.RevisionRequested, ctx, (e, m) => this.notifications.revisionRequested(e, m));
  }

  @EventPattern(TOPICS.applicationRejected)
  onRejected(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.ApplicationRejected, ctx, (e, m) => this.notifications.rejected(e, m));
  }

  @EventPattern(TOPICS.applicationDenied)
  onDenied(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.ApplicationDenied, ctx, (e, m) => this.notifications.denied(e, m));
  }

  @EventPattern(TOPICS.approvalRequested)
  onApprovalRequested(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.ApprovalRequested, ctx, (e, m) => this.notifications.approvalRequested(e, m));
  }

  @EventPattern(TOPICS.permitIssued)
  onIssued(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.PermitIssued, ctx, (e, m) => this.notifications.issued(e, m));
  }

  @EventPattern(TOPICS.permitRevoked)
  onRevoked(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.PermitRevoked, ctx, (e, m) => this.notifications.revoked(e, m));
  }

  @EventPattern(TOPICS.applicationWithdrawn)
  onWithdrawn(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.ApplicationWithdrawn, ctx, (e, m) => this.notifications.withdrawn(e, m));
  }

  @EventPattern(TOPICS.slaDueSoon)
  onSlaDueSoon(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.SlaDueSoon, ctx, (e, m) =>
      this.notifications.slaDueSoon(e, m, this.officers.addresses(e.payload.officeCode, 'verifiers'), this.officers.addresses(e.payload.officeCode, 'headOfOffice')),
    );
  }

  @EventPattern(TOPICS.slaBreached)
  onSlaBreached(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.SlaBreached, ctx, (e, m) =>
      this.notifications.slaBreached(e, m, this.officers.addresses(e.payload.officeCode, 'headOfOffice')),
    );
  }

  @EventPattern(TOPICS.approvalDueSoon)
  onApprovalDueSoon(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.ApprovalDueSoon, ctx, (e, m) =>
      this.notifications.approvalDueSoon(e, m, this.officers.addresses(e.payload.officeCode, 'headOfOffice')),
    );
  }

  @EventPattern(TOPICS.approvalOverdue)
  onApprovalOverdue(@Ctx() ctx: KafkaContext): Promise<ConsumeOutcome> {
    return this.consumer.consume(EVENTS.ApprovalOverdue, ctx, (e, m) =>
      this.notifications.approvalOverdue(e, m, this.officers.addresses(e.payload.officeCode, 'headOfOffice')),
    );
  }
}
