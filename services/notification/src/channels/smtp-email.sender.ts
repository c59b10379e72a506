import { createTransport } from 'nodemailer';
import { Channel, MessageSender, OutgoingMessage, PermanentDeliveryError, TransientDeliveryError } from './message-channel';

/** SMTP reply codes and nodemailer error codes that say the same message will never go through. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

/** Transient or permanent, from what nodemailer reports (an SMTP 5xx reply is permanent, 4xx transient). */
export function classifySmtpError(err: unknown): PermanentDeliveryError | TransientDeliveryError {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const message = e?.message ?? String(err);
  if (typeof e?.responseCode === 'number') {
    return e.responseCode >= 500 && e.responseCode < 600 ? new PermanentDeliveryError(message) : new TransientDeliveryError(message);
  }
  if (e?.code && PERMANENT_CODES.has(e.code)) return new PermanentDeliveryError(message);
  return new TransientDeliveryError(message);
}

/** Email over SMTP (SMTP_URL), HTML with a plain-text alternative, List-Unsubscribe (RFC 2369, one-click RFC 8058). */
export class SmtpEmailSender implements MessageSender {
  readonly channel: Channel = 'EMAIL';
  private readonly transport;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.transport = createTransport({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      requireTLS: url.searchParams.get('requireTLS') === 'true',
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      // An SMTP outage must fail fast (the delivery is retried later), not hold the sender for minutes.
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 20000,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: {
          'X-MPP-Delivery': message.reference,
          ...(message.unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
        },
        ...(message.unsubscribeUrl ? { list: { unsubscribe: { url: message.unsubscribeUrl, comment: 'Unsubscribe' } } } : {}),
      });
      if (info.rejected?.length) throw new PermanentDeliveryError(`recipient refused: ${info.response ?? ''}`);
      return { providerId: info.messageId };
    } catch (err) {
      if (err instanceof PermanentDeliveryError || err instanceof TransientDeliveryError) throw err;
      throw classifySmtpError(err);
    }
  }

  close(): void {
    this.transport.close();
  }
}
