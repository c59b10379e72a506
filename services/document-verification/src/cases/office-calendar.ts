import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { EventEnvelope, OfficeConfiguredV1 } from '@mpp/contracts';
import { findOffice, OfficeTimezone, WorkingCalendar } from '@mpp/domain';

/** The part of an office's configuration the service-level clock needs (from OfficeConfigured). */
@Entity({ name: 'office_calendars' })
export class OfficeCalendarEntity {
  @PrimaryColumn({ type: 'char', length: 4 })
  code: string;

  @Column({ type: 'varchar', length: 40 })
  timezone: OfficeTimezone;

  @Column({ type: 'jsonb' })
  calendar: WorkingCalendar;

  @Column({ name: 'verification_days', type: 'integer' })
  verificationDays: number;

  @Column({ type: 'integer' })
  revision: number;
}

export interface OfficeServiceLevel {
  timezone: OfficeTimezone;
  calendar: WorkingCalendar;
  verificationDays: number;
}

/** Until an office's configuration arrives, weekends off and five working days (a placeholder the office sets). */
const FALLBACK = { calendar: { weekendDays: [0, 6], holidays: [] }, verificationDays: 5 };

@Injectable()
export class OfficeCalendars {
  async configured(event: EventEnvelope<OfficeConfiguredV1>, manager: EntityManager): Promise<void> {
    const o = event.payload;
    await manager.query(
      `INSERT INTO "verification"."office_calendars" ("code", "timezone", "calendar", "verification_days", "revision")
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("code") DO UPDATE SET "timezone" = EXCLUDED."timezone", "calendar" = EXCLUDED."calendar",
         "verification_days" = EXCLUDED."verification_days", "revision" = EXCLUDED."revision"
       WHERE "office_calendars"."revision" < EXCLUDED."revision"`,
      [o.code, o.timezone, JSON.stringify(o.calendar), o.serviceLevels.verificationDays, o.revision],
    );
  }

  async of(manager: EntityManager, code: string): Promise<OfficeServiceLevel> {
    const configured = await manager.findOneBy(OfficeCalendarEntity, { code });
    if (configured) return configured;
    return { timezone: findOffice(code)?.timezone ?? 'Asia/Jakarta', ...FALLBACK };
  }
}
