import { Channel, MessageSender, OutgoingMessage, PermanentDeliveryError, TransientDeliveryError } from './message-channel';

/**
 * WhatsApp or SMS through an HTTP gateway (MESSAGE_GATEWAY_URL): POSTs
 * `{ channel, to, text, reference }` as JSON with the bearer token. 2xx: sent (the answer's `id`, if any, is
 * kept); 408, 429 and 5xx or no answer: transient; other 4xx: permanent (a number the gateway refuses). The
 * text is the template's short `sms` form, which never carries the tracking code.
 */
export class HttpGatewaySender implements MessageSender {
  constructor(
    readonly channel: Channel,
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10000,
  ) {}

  async send(message: OutgoingMessage): Promise<{ providerId?: string }> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify({ channel: this.channel.toLowerCase(), to: message.to, text: message.sms, reference: message.reference }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new TransientDeliveryError(`gateway not reachable: ${(err as Error).message}`);
    }
    const body = await response.text().catch(() => '');
    if (response.ok) {
      try {
        const id = (JSON.parse(body) as { id?: unknown }).id;
        return typeof id === 'string' ? { providerId: id.slice(0, 200) } : {};
      } catch {
        return {};
      }
    }
    const detail = `gateway answered ${response.status}: ${body.slice(0, 200)}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) throw new TransientDeliveryError(detail);
    throw new PermanentDeliveryError(detail);
  }
}
