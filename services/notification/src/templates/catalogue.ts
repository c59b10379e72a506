import { ApplicantNotificationKind } from '@mpp/contracts';

/**
 * What the service tells people, and which fields each message may and must use. A template (default or an
 * office's own) that leaves out a required field or names an unknown one is refused at start-up
 * (`TemplateRegistry`), never at send time.
 */
export const NOTIFICATION_KINDS = [
  'RECEIVED',
  'REVISION_REQUESTED',
  'REJECTED',
  'AWAITING_APPROVAL',
  'ISSUED',
  'ISSUED_DEEMED',
  'REVOKED',
  'WITHDRAWN',
  'SLA_DUE_SOON',
  'SLA_DUE_SOON_DEEMED',
  'SLA_BREACHED',
  'APPROVAL_DUE_SOON',
  'APPROVAL_DUE_SOON_DEEMED',
  'APPROVAL_DEEMED_ISSUED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** text: one line; url: a link (clickable in HTML); list: lines (a bullet list in HTML). */
export type FieldType = 'text' | 'url' | 'list';

export interface KindFields {
  /** Who is told: the applicant, or officers of the office. */
  audience: 'applicant' | 'officer';
  /** Fields the message gets, by type. */
  fields: Record<string, FieldType>;
  /** Fields the email (subject and body together) must use. */
  required: string[];
  /** Fields the short SMS/WhatsApp text must use. */
  smsRequired: string[];
  /** An applicant's message the status view (NotificationSent) lists as another kind: the kind it lists. */
  announcedAs?: ApplicantNotificationKind;
}

const COMMON: Record<string, FieldType> = { applicationNumber: 'text', officeName: 'text', businessName: 'text' };
const OFFICER: Record<string, FieldType> = { applicationNumber: 'text', officeName: 'text', dueAt: 'text' };
const ISSUED_FIELDS: Record<string, FieldType> = { ...COMMON, nib: 'text', permits: 'list', links: 'list', issuedAt: 'text' };

export const KINDS: Record<NotificationKind, KindFields> = {
  RECEIVED: {
    audience: 'applicant',
    fields: { ...COMMON, trackingUrl: 'url', submittedAt: 'text' },
    required: ['applicationNumber', 'trackingUrl'],
    smsRequired: ['applicationNumber'],
  },
  REVISION_REQUESTED: {
    audience: 'applicant',
    fields: { ...COMMON, reasons: 'list', trackingUrl: 'url', requestedAt: 'text' },
    required: ['applicationNumber', 'reasons', 'trackingUrl'],
    smsRequired: ['applicationNumber'],
  },
  REJECTED: {
    audience: 'applicant',
    fields: { ...COMMON, reasons: 'list', trackingUrl: 'url', decidedAt: 'text' },
    required: ['applicationNumber', 'reasons'],
    smsRequired: ['applicationNumber'],
  },
  AWAITING_APPROVAL: {
    audience: 'applicant',
    fields: { ...COMMON, dueDate: 'text', trackingUrl: 'url' },
    required: ['applicationNumber'],
    smsRequired: ['applicationNumber'],
  },
  ISSUED: {
    audience: 'applicant',
    fields: ISSUED_FIELDS,
    required: ['applicationNumber', 'nib', 'permits'],
    smsRequired: ['applicationNumber', 'nib'],
  },
  /** ISSUED where a permit was issued by operation of law (fiktif positif): which permits, and the legal basis. */
  ISSUED_DEEMED: {
    audience: 'applicant',
    fields: { ...ISSUED_FIELDS, deemedPermits: 'text', deemedBasis: 'text' },
    required: ['applicationNumber', 'nib', 'permits', 'deemedPermits', 'deemedBasis'],
    smsRequired: ['applicationNumber', 'nib', 'deemedPermits', 'deemedBasis'],
    announcedAs: 'ISSUED',
  },
  REVOKED: {
    audience: 'applicant',
    fields: { ...COMMON, permitType: 'text', permitNumber: 'text', reason: 'text', revokedAt: 'text' },
    required: ['applicationNumber', 'permitNumber', 'reason'],
    smsRequired: ['applicationNumber', 'permitNumber'],
  },
  WITHDRAWN: {
    audience: 'applicant',
    fields: { ...COMMON, withdrawnAt: 'text' },
    required: ['applicationNumber'],
    smsRequired: ['applicationNumber'],
  },
  SLA_DUE_SOON: {
    audience: 'officer',
    fields: { ...OFFICER, stage: 'text' },
    required: ['applicationNumber', 'dueAt'],
    smsRequired: ['applicationNumber'],
  },
  /** SLA_DUE_SOON where a lapse deems the Sertifikat Standar verified (to the verifiers and the head of office). */
  SLA_DUE_SOON_DEEMED: {
    audience: 'officer',
    fields: { ...OFFICER, stage: 'text', deemedBasis: 'text' },
    required: ['applicationNumber', 'dueAt', 'deemedBasis'],
    smsRequired: ['applicationNumber'],
  },
  SLA_BREACHED: {
    audience: 'officer',
    fields: { ...OFFICER, stage: 'text' },
    required: ['applicationNumber', 'stage', 'dueAt'],
    smsRequired: ['applicationNumber'],
  },
  APPROVAL_DUE_SOON: {
    audience: 'officer',
    fields: OFFICER,
    required: ['applicationNumber', 'dueAt'],
    smsRequired: ['applicationNumber'],
  },
  /** APPROVAL_DUE_SOON where a lapse issues the Izin by operation of law. */
  APPROVAL_DUE_SOON_DEEMED: {
    audience: 'officer',
    fields: { ...OFFICER, deemedBasis: 'text' },
    required: ['applicationNumber', 'dueAt', 'deemedBasis'],
    smsRequired: ['applicationNumber'],
  },
  /** The approval due date passed and the Izin was issued by operation of law (to the head of office). */
  APPROVAL_DEEMED_ISSUED: {
    audience: 'officer',
    fields: { ...OFFICER, deemedBasis: 'text' },
    required: ['applicationNumber', 'dueAt', 'deemedBasis'],
    smsRequired: ['applicationNumber'],
  },
};

/** The words of one message: subject, body (paragraphs separated by a blank line), and the short text. */
export interface MessageTemplate {
  subject: string;
  body: string;
  sms: string;
}

/** Field values of one message: text and url fields are strings, list fields arrays of strings. */
export type MessageFields = Record<string, string | string[]>;
