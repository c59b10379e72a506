import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APPLICANT_NOTIFICATION_KINDS, ApplicantNotificationKind, EVENTS } from '@mpp/contracts';
import { OutboxWriter } from '@mpp/messaging';
import { counterMetric, errorText } from '@mpp/platform';
import { Channel, MESSAGE_SENDERS, MessageSender, PermanentDeliveryError } from '../channels/message-channel';
import { recipientHash, unsubscribeToken } from '../notify/recipients';
import { KINDS, Language, MessageFields, NotificationKind } from '../templates/catalogue';
import { renderMessage } from '../templates/render';
import { TemplateRegistry } from '../templates/template-registry';

export const deliveryMetrics = {
  attempts: counterMetric('mpp_notification_delivery_attempts_total', 'Send attempts by channel and outcome (sent, transient, permanent)', ['channel', 'outcome']),
  finished: counterMetric('mpp_notification_deliveries_total', 'Deliveries that reached a final status (SENT, FAILED, GAVE_UP, CANCELLED)', ['channel', 'kind', 'status']),
  gaveUp: counterMetric('mpp_notification_gave_up_total', 'Deliveries given up after DELIVERY_MAX_ATTEMPTS transient failures', ['channel']),
};

interface DueDelivery {
  id: string;
  kind: NotificationKind;
  channel: Channel;
  audience: 'applicant' | 'officer';
  recipient_hash: string;
  recipient: string | null;
  application_id: string;
  application_number: string;
  office_code: string;
  language: Language;
  fields: MessageFields;
  attempts: number;
  email: string | null;
  phone: string | null;
  unsubscribed_at: Date | null;
  office_name: string | null;
  office_address: string | null;
}

/** Delay before attempt `attempt + 1`: base × 2^(attempt-1), at most `max`, with up to 20 % jitter. */
export function backoffMs(attempt: number, base: number, max: number, random = Math.random): number {
  const plain = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (0.8 + 0.2 * random()));
}

/**
 * Sends due deliveries: claims them with SKIP LOCKED (several replicas may run), renders the office's
 * template in the recipient's language, sends through the channel's adapter and records the outcome on the
 * delivery (attempts, status, last error). Transient failures wait with exponential backoff; a permanent
 * one (FAILED) and the last allowed attempt (GAVE_UP) end it. A message is recorded SENT only after the
 * provider accepted it; should the process die between the two, that message may go out a second time
 * (at least once at the SMTP boundary, as anywhere a transaction meets an outside system).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryDispatcher.name);
  private readonly senders = new Map<Channel, MessageSender>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly templates: TemplateRegistry,
    private readonly outbox: OutboxWriter,
    @Inject(MESSAGE_SENDERS) senders: MessageSender[],
  ) {
    for (const sender of senders) this.senders.set(sender.channel, sender);
  }

  onApplicationBootstrap(): void {
    const every = this.config.get<number>('DELIVERY_POLL_INTERVAL_MS', 1000);
    this.timer = setInterval(() => this.wake(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Starts passes unless they are running: one after the other while each finds a full batch (a backlog drains at once). */
  wake(): void {
    this.running ??= this.drain()
      .catch((err) => {
        this.logger.warn(`delivery pass failed: ${errorText(err)}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
  }

  private async drain(limit = 20): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < 50; pass++) {
      const attempted = await this.sendDue(limit);
      total += attempted;
      if (attempted < limit) break;
    }
    return total;
  }

  /** One pass over the due deliveries; returns how many were attempted. */
  async sendDue(limit = 20): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const due: DueDelivery[] = await m.query(
        `SELECT d."id", d."kind", d."channel", d."audience", d."recipient_hash", d."recipient", d."application_id", d."application_number", d."office_code",
                d."language", d."fields", d."attempts", c."email", c."phone", c."unsubscribed_at", o."name" AS "office_name", o."address" AS "office_address"
           FROM "notification"."deliveries" d
           LEFT JOIN "notification"."contacts" c ON c."application_id" = d."application_id"
           LEFT JOIN "notification"."offices" o ON o."code" = d."office_code"
          WHERE d."status" = 'PENDING' AND d."next_attempt_at" <= now()
          ORDER BY d."next_attempt_at"
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED`,
        [limit],
      );
      // A channel whose provider is away now is not tried again in the same pass.
      const away = new Set<Channel>();
      let attempted = 0;
      for (const delivery of due) {
        if (away.has(delivery.channel)) continue;
        attempted++;
        const outcome = await this.attempt(m, delivery);
        if (outcome === 'transient') away.add(delivery.channel);
      }
      return attempted;
    });
  }

  private address(d: DueDelivery): string | undefined {
    if (d.audience === 'officer') return d.recipient ?? undefined;
    if (d.unsubscribed_at) return undefined;
    const address = d.channel === 'EMAIL' ? d.email : d.phone;
    // The contact may have been deleted or changed since: only the address the record was made for counts.
    if (!address || recipientHash(this.config.getOrThrow('RECIPIENT_HASH_KEY'), d.channel, address) !== d.recipient_hash) return undefined;
    return address;
  }

  private async attempt(m: EntityManager, d: DueDelivery): Promise<'sent' | 'transient' | 'final'> {
    const to = this.address(d);
    const sender = this.senders.get(d.channel);
    if (!to || !sender) {
      await this.finish(m, d, 'CANCELLED', d.attempts, !to ? 'no address any more (deleted or unsubscribed)' : `no ${d.channel} provider configured`);
      return 'final';
    }
    const kind = KINDS[d.kind];
    const unsubscribeUrl =
      d.audience === 'applicant'
        ? `${this.config.getOrThrow<string>('NOTIFY_PUBLIC_URL').replace(/\/+$/, '')}/api/v1/notifications/unsubscribe/${d.application_id}/${unsubscribeToken(this.config.getOrThrow('RECIPIENT_HASH_KEY'), d.application_id)}`
        : undefined;
    const message = renderMessage(this.templates.template(d.kind, d.language, d.office_code), kind, d.fields, {
      language: d.language,
      officeName: d.office_name ?? String(d.fields.officeName ?? `MPP ${d.office_code}`),
      officeAddress: d.office_address || undefined,
      unsubscribeUrl,
    });
    const attempts = d.attempts + 1;
    try {
      const { providerId } = await sender.send({ ...message, to, unsubscribeUrl, reference: d.id });
      deliveryMetrics.attempts.inc({ channel: d.channel, outcome: 'sent' });
      await m.query(
        `UPDATE "notification"."deliveries" SET "status" = 'SENT', "attempts" = $2, "sent_at" = now(), "updated_at" = now(), "provider_id" = $3, "subject" = $4, "last_error" = NULL WHERE "id" = $1`,
        [d.id, attempts, providerId?.slice(0, 200) ?? null, message.subject.slice(0, 300)],
      );
      deliveryMetrics.finished.inc({ channel: d.channel, kind: d.kind, status: 'SENT' });
      const announced = kind.announcedAs ?? d.kind;
      if (d.audience === 'applicant' && (APPLICANT_NOTIFICATION_KINDS as readonly string[]).includes(announced)) {
        // In the same transaction as SENT: intake lists the message in the application's status view.
        await this.outbox.append(m, {
          event: EVENTS.NotificationSent,
          aggregateId: d.application_id,
          tenant: d.office_code,
          payload: {
            applicationId: d.application_id,
            applicationNumber: d.application_number,
            officeCode: d.office_code,
            deliveryId: d.id,
            kind: announced as ApplicantNotificationKind,
            channel: d.channel,
            sentAt: new Date().toISOString(),
          },
        });
      }
      return 'sent';
    } catch (err) {
      const reason = errorText(err).slice(0, 2000);
      if (err instanceof PermanentDeliveryError) {
        deliveryMetrics.attempts.inc({ channel: d.channel, outcome: 'permanent' });
        this.logger.warn(`delivery ${d.id} (${d.kind} ${d.channel}) failed for good: ${reason}`);
        await this.finish(m, d, 'FAILED', attempts, reason);
        return 'final';
      }
      deliveryMetrics.attempts.inc({ channel: d.channel, outcome: 'transient' });
      const max = this.config.get<number>('DELIVERY_MAX_ATTEMPTS', 10);
      if (attempts >= max) {
        this.logger.error(`delivery ${d.id} (${d.kind} ${d.channel}) given up after ${attempts} attempts: ${reason}`);
        deliveryMetrics.gaveUp.inc({ channel: d.channel });
        await this.finish(m, d, 'GAVE_UP', attempts, reason);
        return 'transient';
      }
      const wait = backoffMs(attempts, this.config.get<number>('DELIVERY_RETRY_BASE_MS', 30_000), this.config.get<number>('DELIVERY_RETRY_MAX_MS', 3_600_000));
      this.logger.warn(`delivery ${d.id} (${d.kind} ${d.channel}) attempt ${attempts}/${max} failed, next in ${wait} ms: ${reason}`);
      await m.query(
        `UPDATE "notification"."deliveries" SET "attempts" = $2, "last_error" = $3, "next_attempt_at" = now() + make_interval(secs => $4::double precision / 1000), "updated_at" = now() WHERE "id" = $1`,
        [d.id, attempts, reason, wait],
      );
      return 'transient';
    }
  }

  private async finish(m: EntityManager, d: DueDelivery, status: 'FAILED' | 'GAVE_UP' | 'CANCELLED', attempts: number, reason: string): Promise<void> {
    await m.query(`UPDATE "notification"."deliveries" SET "status" = $2, "attempts" = $3, "last_error" = $4, "updated_at" = now() WHERE "id" = $1`, [
      d.id,
      status,
      attempts,
      reason,
    ]);
    deliveryMetrics.finished.inc({ channel: d.channel, kind: d.kind, status });
  }
}
