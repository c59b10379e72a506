/** Channels a notification goes out on. */
export const CHANNELS = ['EMAIL', 'WHATSAPP', 'SMS'] as const;
export type Channel = (typeof CHANNELS)[number];

/** One message to one recipient. */
export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The short text for WhatsApp/SMS. */
  sms: string;
  /** Where the recipient stops messages (email: List-Unsubscribe). */
  unsubscribeUrl?: string;
  /** The delivery's id: lets the provider and the logs name the same message. */
  reference: string;
}

/** Retrying will not help (an invalid address, a refused recipient, a request the provider refuses). */
export class PermanentDeliveryError extends Error {}

/** The provider is away or busy; the same message may go through later. */
export class TransientDeliveryError extends Error {}

/**
 * The port every channel adapter implements (email over SMTP, the WhatsApp/SMS gateway over HTTP): send one
 * message, or throw PermanentDeliveryError / TransientDeliveryError (any other error counts as transient).
 */
export interface MessageSender {
  readonly channel: Channel;
  send(message: OutgoingMessage): Promise<{ providerId?: string }>;
}

export const MESSAGE_SENDERS = Symbol('MESSAGE_SENDERS');
