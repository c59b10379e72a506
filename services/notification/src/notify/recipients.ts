import { createHmac, timingSafeEqual } from 'node:crypto';
import { Channel } from '../channels/message-channel';

/** An address as compared: email lower-cased and trimmed, a phone number as digits with its leading +. */
export function normaliseAddress(channel: Channel, address: string): string {
  const trimmed = address.trim();
  return channel === 'EMAIL' ? trimmed.toLowerCase() : trimmed.replace(/[^\d+]/g, '');
}

/**
 * What the delivery records hold instead of an address: HMAC-SHA256 under RECIPIENT_HASH_KEY of the channel
 * and the normalised address (hex). Equal addresses give equal hashes, so a record shows that one recipient
 * got one message; without the key the address cannot be guessed back from it.
 */
export function recipientHash(key: string, channel: Channel, address: string): string {
  return createHmac('sha256', key).update(`${channel}:${normaliseAddress(channel, address)}`).digest('hex');
}

/** The token of an application's unsubscribe link (HMAC of its id; base64url, 43 characters). */
export function unsubscribeToken(key: string, applicationId: string): string {
  return createHmac('sha256', key).update(`unsubscribe:${applicationId}`).digest('base64url');
}

export function isUnsubscribeToken(key: string, applicationId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(key, applicationId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
