import { IsIn, IsISO8601, IsUUID } from 'class-validator';
import { ApplicationRef } from './common';

/** What a message to the applicant told them (one per kind of workflow event). */
export const APPLICANT_NOTIFICATION_KINDS = ['RECEIVED', 'REVISION_REQUESTED', 'REJECTED', 'AWAITING_APPROVAL', 'ISSUED', 'REVOKED', 'WITHDRAWN'] as const;
export type ApplicantNotificationKind = (typeof APPLICANT_NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['EMAIL', 'WHATSAPP', 'SMS'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * `NotificationSent` v1 (notification): a message about the application reached the applicant's provider
 * (the SMTP server took it, the gateway accepted it). Carries no address and no content: intake lists it in
 * the application's status view.
 */
export class NotificationSentV1 extends ApplicationRef {
  @IsUUID()
  deliveryId: string;

  @IsIn(APPLICANT_NOTIFICATION_KINDS)
  kind: ApplicantNotificationKind;

  @IsIn(NOTIFICATION_CHANNELS)
  channel: NotificationChannel;

  @IsISO8601({ strict: true })
  sentAt: string;
}
