import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntry, AuditTrail } from '@mpp/audit';
import { EventEnvelope } from '@mpp/contracts';
import { OutboxWriter, OutgoingEvent } from './outbox';

/** The audit side of a recorded change; office and actor default to the event's tenant and actor. */
export type ChangeAudit = Omit<AuditEntry, 'office' | 'actor'> & Partial<Pick<AuditEntry, 'office' | 'actor'>>;

/**
 * One call for what every state change records in its own transaction: the event it causes (outbox) and
 * the audit entry saying who did it. Both refuse to run outside a transaction, so neither can be forgotten
 * or committed without the other.
 */
@Injectable()
export class ChangeRecorder {
  constructor(
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
  ) {}

  async record<T extends object>(manager: EntityManager, outgoing: OutgoingEvent<T>, audit: ChangeAudit): Promise<EventEnvelope<T>> {
    // One statement: the outbox row and the audit record (one round trip per change).
    return this.outbox.append(manager, outgoing, this.audit.insert(manager, { office: outgoing.tenant, actor: outgoing.actor, ...audit }));
  }
}
