import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import {
  ApplicationDeniedV1,
  ApplicationRef,
  ApplicationRejectedV1,
  ApplicationSubmittedV1,
  ApplicationWithdrawnV1,
  ApprovalDueSoonV1,
  ApprovalOverdueV1,
  ApprovalRequestedV1,
  EventEnvelope,
  IssuedPermit,
  OfficeConfiguredV1,
  PermitIssuedV1,
  PermitRevokedV1,
  RevisionRequestedV1,
  SlaBreachedV1,
  SlaDueSoonV1,
} from '@mpp/contracts';
import { Channel } from '../channels/message-channel';
import { KINDS, Language, MessageFields, NotificationKind } from '../templates/catalogue';
import { recipientHash } from './recipients';

/** What the service holds of an applicant's contact (until `delete_after`). */
export interface ContactRow {
  application_id: string;
  application_number: string;
  office_code: string;
  business_name: string;
  email: string | null;
  phone: string | null;
  language: Language;
  unsubscribed_at: Date | null;
}

const PERMIT_NAMES: Record<string, Record<Language, string>> = {
  NIB: { id: 'NIB', en: 'NIB' },
  SERTIFIKAT_STANDAR: { id: 'Sertifikat Standar', en: 'Sertifikat Standar (standard certificate)' },
  IZIN: { id: 'Izin', en: 'Izin (licence)' },
};

function permitName(type: string, language: Language): string {
  return PERMIT_NAMES[type]?.[language] ?? type;
}

const STAGE_NAMES: Record<string, Record<Language, string>> = {
  VERIFICATION: { id: 'verifikasi', en: 'verification' },
  APPROVAL: { id: 'persetujuan', en: 'approval' },
};

/** A date and time as the recipient reads it, in the office's time zone. */
export function formatDateTime(iso: string | undefined, language: Language, timeZone: string): string {
  if (!iso) return '-';
  return new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The stage (in Bahasa Indonesia, as officers read it) and its due date, in the office's time zone. */
function stageDue(p: { stage: string; dueAt: string }, timeZone: string): MessageFields {
  return { stage: STAGE_NAMES[p.stage]?.id ?? p.stage, dueAt: formatDateTime(p.dueAt, 'id', timeZone) };
}

/**
 * Turns workflow events into delivery records, in the consumer's transaction (with its inbox row): one per
 * event, channel and recipient (unique, so even an event applied twice adds nothing). The sender
 * (`DeliveryDispatcher`) sends them afterwards, so an SMTP outage delays messages and loses none.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly config: ConfigService) {}

  private get hashKey(): string {
    return this.config.getOrThrow<string>('RECIPIENT_HASH_KEY');
  }

  private trackingUrl(applicationNumber: string): string {
    const base = this.config.getOrThrow<string>('PORTAL_BASE_URL').replace(/\/+$/, '');
    return `${base}/lacak?nomor=${encodeURIComponent(applicationNumber)}`;
  }

  private phoneChannel(): Channel | undefined {
    if (!this.config.get<string>('MESSAGE_GATEWAY_URL')) return undefined;
    return this.config.get<string>('MESSAGE_GATEWAY_CHANNEL') === 'sms' ? 'SMS' : 'WHATSAPP';
  }

  async officeConfigured(event: EventEnvelope<OfficeConfiguredV1>, m: EntityManager): Promise<void> {
    const o = event.payload;
    const revision = o.revision;
    await m.query(
      `INSERT INTO "notification"."offices" ("code", "name", "address", "timezone", "revision") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("code") DO UPDATE SET "name" = EXCLUDED."name", "address" = EXCLUDED."address", "timezone" = EXCLUDED."timezone", "revision" = EXCLUDED."revision"
       WHERE "offices"."revision" <= EXCLUDED."revision"`,
      [o.code, o.name, o.address, o.timezone, revision],
    );
  }

  async submitted(event: EventEnvelope<ApplicationSubmittedV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    const contact = p.contact;
    if (!contact?.email && !contact?.phone) return;
    await m.query(
      `INSERT INTO "notification"."contacts" ("application_id", "application_number", "office_code", "business_name", "email", "phone", "language")
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("application_id") DO NOTHING`,
      [p.applicationId, p.applicationNumber, p.officeCode, p.business.name, contact.email ?? null, contact.phone ?? null, contact.language ?? 'id'],
    );
    await this.toApplicant(m, event, 'RECEIVED', (language, tz) => ({
      trackingUrl: this.trackingUrl(p.applicationNumber),
      submittedAt: formatDateTime(p.submittedAt, language, tz),
    }));
  }

  async revisionRequested(event: EventEnvelope<RevisionRequestedV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await this.toApplicant(m, event, 'REVISION_REQUESTED', (language, tz) => ({
      reasons: p.reasons,
      trackingUrl: this.trackingUrl(p.applicationNumber),
      requestedAt: formatDateTime(p.requestedAt, language, tz),
    }));
  }

  async rejected(event: EventEnvelope<ApplicationRejectedV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await this.toApplicant(m, event, 'REJECTED', (language, tz) => ({
      reasons: p.reasons,
      trackingUrl: this.trackingUrl(p.applicationNumber),
      decidedAt: formatDateTime(p.rejectedAt, language, tz),
    }));
    await this.close(m, p.applicationId, p.rejectedAt);
  }

  async denied(event: EventEnvelope<ApplicationDeniedV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await this.toApplicant(m, event, 'REJECTED', (language, tz) => ({
      reasons: [p.reason],
      trackingUrl: this.trackingUrl(p.applicationNumber),
      decidedAt: formatDateTime(p.deniedAt, language, tz),
    }));
    await this.close(m, p.applicationId, p.deniedAt);
  }

  async approvalRequested(event: EventEnvelope<ApprovalRequestedV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await this.toApplicant(m, event, 'AWAITING_APPROVAL', (language, tz) => ({
      dueDate: p.dueAt ? new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'long', timeZone: tz }).format(new Date(p.dueAt)) : '-',
      trackingUrl: this.trackingUrl(p.applicationNumber),
    }));
  }

  /** PermitIssued; where a permit was issued by operation of law (fiktif positif), the message says so, with its basis. */
  async issued(event: EventEnvelope<PermitIssuedV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    const deemed = p.permits.filter((permit): permit is IssuedPermit & { deemedBasis: string } => !!permit.deemedBasis);
    await this.toApplicant(m, event, deemed.length ? 'ISSUED_DEEMED' : 'ISSUED', (language, tz) => ({
      nib: p.nib,
      permits: p.permits.map((permit) => `${permitName(permit.type, language)}: ${permit.number}`),
      links: p.permits.flatMap((permit) => {
        const name = `${permitName(permit.type, language)} ${permit.number}`;
        const certificate = language === 'id' ? 'sertifikat' : 'certificate';
        const check = language === 'id' ? 'periksa keabsahan' : 'verify';
        return [
          ...(permit.certificateUrl ? [`${name}, ${certificate}: ${permit.certificateUrl}`] : []),
          ...(permit.verificationUrl ? [`${name}, ${check}: ${permit.verificationUrl}`] : []),
        ];
      }),
      issuedAt: formatDateTime(p.issuedAt, language, tz),
      ...(deemed.length
        ? {
            deemedPermits: deemed.map((permit) => `${permitName(permit.type, language)} ${permit.number}`).join(', '),
            deemedBasis: [...new Set(deemed.map((permit) => permit.deemedBasis))].join('; '),
          }
        : {}),
    }));
    await this.close(m, p.applicationId, p.issuedAt);
  }

  async revoked(event: EventEnvelope<PermitRevokedV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await this.toApplicant(m, event, 'REVOKED', (language, tz) => ({
      permitType: permitName(p.type, language),
      permitNumber: p.number,
      reason: p.reason,
      revokedAt: formatDateTime(p.revokedAt, language, tz),
    }));
  }

  async withdrawn(event: EventEnvelope<ApplicationWithdrawnV1>, m: EntityManager): Promise<void> {
    const p = event.payload;
    await this.toApplicant(m, event, 'WITHDRAWN', (language, tz) => ({ withdrawnAt: formatDateTime(p.withdrawnAt, language, tz) }));
    await this.close(m, p.applicationId, p.withdrawnAt);
  }

  /**
   * SlaDueSoon: the office's verifiers are told, at the addresses of OFFICE_CONTACTS (README, "Notifications"),
   * that a case is due within one working day. Where a lapse deems the case verified (deemedOnLapse), the
   * head of office is warned too, and the message says so.
   */
  async slaDueSoon(event: EventEnvelope<SlaDueSoonV1>, m: EntityManager, verifiers: string[], headsOfOffice: string[]): Promise<void> {
    const p = event.payload;
    const basis = p.deemedOnLapse;
    if (basis) await this.toOfficers(m, event, 'SLA_DUE_SOON_DEEMED', [...verifiers, ...headsOfOffice], (tz) => ({ ...stageDue(p, tz), deemedBasis: basis }));
    else await this.toOfficers(m, event, 'SLA_DUE_SOON', verifiers, (tz) => stageDue(p, tz));
  }

  /**
   * SlaBreached: the head of office is told, at the addresses the office registry of this service holds
   * for the office (OFFICE_CONTACTS; see README, "Notifications").
   */
  async slaBreached(event: EventEnvelope<SlaBreachedV1>, m: EntityManager, headsOfOffice: string[]): Promise<void> {
    await this.toOfficers(m, event, 'SLA_BREACHED', headsOfOffice, (tz) => stageDue(event.payload, tz));
  }

  /** ApprovalDueSoon: the head of office is told that the approval is due within one working day (and what a lapse does). */
  async approvalDueSoon(event: EventEnvelope<ApprovalDueSoonV1>, m: EntityManager, headsOfOffice: string[]): Promise<void> {
    const { dueAt, deemedOnLapse: basis } = event.payload;
    await this.toOfficers(m, event, basis ? 'APPROVAL_DUE_SOON_DEEMED' : 'APPROVAL_DUE_SOON', headsOfOffice, (tz) => ({
      dueAt: formatDateTime(dueAt, 'id', tz),
      ...(basis ? { deemedBasis: basis } : {}),
    }));
  }

  /**
   * ApprovalOverdue: the head of office is told that the Izin was issued by operation of law (deemedBasis), or
   * else that the approval missed its due date, as a missed service level of the approval stage.
   */
  async approvalOverdue(event: EventEnvelope<ApprovalOverdueV1>, m: EntityManager, headsOfOffice: string[]): Promise<void> {
    const { dueAt, deemedBasis: basis } = event.payload;
    if (basis) await this.toOfficers(m, event, 'APPROVAL_DEEMED_ISSUED', headsOfOffice, (tz) => ({ dueAt: formatDateTime(dueAt, 'id', tz), deemedBasis: basis }));
    else await this.toOfficers(m, event, 'SLA_BREACHED', headsOfOffice, (tz) => stageDue({ stage: 'APPROVAL', dueAt }, tz));
  }

  /** Officers' messages are in Bahasa Indonesia, by email to the office's configured addresses (each once). */
  private async toOfficers(
    m: EntityManager,
    event: EventEnvelope<ApplicationRef>,
    kind: NotificationKind,
    officerAddresses: string[],
    fieldsFor: (timeZone: string) => MessageFields,
  ): Promise<void> {
    const p = event.payload;
    const office = await this.office(m, p.officeCode);
    const fields: MessageFields = { applicationNumber: p.applicationNumber, officeName: office.name, ...fieldsFor(office.timezone) };
    for (const address of new Set(officerAddresses)) await this.insertDelivery(m, event, kind, 'EMAIL', 'officer', address, p, 'id', fields);
  }

  /** The application closed: its contact data goes `CONTACT_RETENTION_DAYS` later. */
  private async close(m: EntityManager, applicationId: string, at: string): Promise<void> {
    const days = this.config.get<number>('CONTACT_RETENTION_DAYS', 30);
    await m.query(
      `UPDATE "notification"."contacts" SET "closed_at" = $2, "delete_after" = $2::timestamptz + make_interval(days => $3::int)
       WHERE "application_id" = $1 AND "closed_at" IS NULL`,
      [applicationId, at, days],
    );
  }

  private async office(m: EntityManager, code: string): Promise<{ name: string; timezone: string }> {
    const rows: { name: string; timezone: string }[] = await m.query(`SELECT "name", "timezone" FROM "notification"."offices" WHERE "code" = $1`, [code]);
    return rows[0] ?? { name: `MPP ${code}`, timezone: 'Asia/Jakarta' };
  }

  private async toApplicant(
    m: EntityManager,
    event: EventEnvelope<{ applicationId: string; applicationNumber: string; officeCode: string }>,
    kind: NotificationKind,
    fieldsFor: (language: Language, timeZone: string) => MessageFields,
  ): Promise<void> {
    const p = event.payload;
    const rows: ContactRow[] = await m.query(`SELECT * FROM "notification"."contacts" WHERE "application_id" = $1`, [p.applicationId]);
    const contact = rows[0];
    if (!contact || contact.unsubscribed_at) return;
    const office = await this.office(m, p.officeCode);
    const fields: MessageFields = {
      applicationNumber: p.applicationNumber,
      officeName: office.name,
      businessName: contact.business_name,
      ...fieldsFor(contact.language, office.timezone),
    };
    if (contact.email) await this.insertDelivery(m, event, kind, 'EMAIL', 'applicant', contact.email, p, contact.language, fields);
    const phoneChannel = this.phoneChannel();
    if (contact.phone && phoneChannel) await this.insertDelivery(m, event, kind, phoneChannel, 'applicant', contact.phone, p, contact.language, fields);
  }

  private async insertDelivery(
    m: EntityManager,
    event: EventEnvelope<unknown>,
    kind: NotificationKind,
    channel: Channel,
    audience: 'applicant' | 'officer',
    address: string,
    p: { applicationId: string; applicationNumber: string; officeCode: string },
    language: Language,
    fields: MessageFields,
  ): Promise<void> {
    if (KINDS[kind].audience !== audience) throw new Error(`${kind} is not for ${audience}s`);
    await m.query(
      `INSERT INTO "notification"."deliveries"
         ("id", "event_id", "event_type", "kind", "channel", "audience", "recipient_hash", "application_id", "application_number", "office_code", "language", "fields", "status", "recipient")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'PENDING', $13)
       ON CONFLICT ("event_id", "channel", "recipient_hash") DO NOTHING`,
      [
        randomUUID(),
        event.eventId,
        event.type,
        kind,
        channel,
        audience,
        recipientHash(this.hashKey, channel, address),
        p.applicationId,
        p.applicationNumber,
        p.officeCode,
        language,
        JSON.stringify(fields),
        // An applicant's address is read from the contact at send time (it may be deleted or unsubscribed
        // by then); an officer's work address is kept with the delivery.
        audience === 'officer' ? address : null,
      ],
    );
  }
}
