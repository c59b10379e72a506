import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, OfficeConfiguredV1 } from '@mpp/contracts';
import { DEFAULT_PERMIT_NUMBER_TEMPLATE, findOffice } from '@mpp/domain';
import { IssuanceOfficeEntity, OfficeServiceLevelDays, OfficeWorkingCalendar } from './issuance-office.entity';

export interface IssuingOffice {
  code: string;
  name: string;
  timezone: string;
  permitNumberTemplate: string;
  /** Known once the office's configuration has arrived. */
  serviceLevels?: OfficeServiceLevelDays;
  calendar?: OfficeWorkingCalendar;
}

@Injectable()
export class OfficeDirectory {
  /** Keeps the newest revision of each office. */
  async configured(event: EventEnvelope<OfficeConfiguredV1>, manager: EntityManager): Promise<void> {
    const o = event.payload;
    const serviceLevels: OfficeServiceLevelDays = { verificationDays: o.serviceLevels.verificationDays, approvalDays: o.serviceLevels.approvalDays };
    const calendar: OfficeWorkingCalendar = { weekendDays: [...o.calendar.weekendDays], holidays: [...o.calendar.holidays] };
    await manager.query(
      `INSERT INTO "issuance"."offices" ("code", "office_id", "name", "timezone", "permit_number_template", "service_levels", "calendar", "active", "revision")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ("code") DO UPDATE SET "office_id" = EXCLUDED."office_id", "name" = EXCLUDED."name", "timezone" = EXCLUDED."timezone",
         "permit_number_template" = EXCLUDED."permit_number_template", "service_levels" = EXCLUDED."service_levels",
         "calendar" = EXCLUDED."calendar", "active" = EXCLUDED."active", "revision" = EXCLUDED."revision"
       WHERE "offices"."revision" < EXCLUDED."revision"`,
      [o.code, o.officeId, o.name, o.timezone, o.permitNumberTemplate, JSON.stringify(serviceLevels), JSON.stringify(calendar), o.active, o.revision],
    );
  }

  /**
   * The office as configured; until its configuration has arrived (the events travel on another topic),
   * a seeded office falls back to the reference data and the default number template.
   */
  async find(manager: EntityManager, code: string): Promise<IssuingOffice | undefined> {
    const configured = await manager.findOneBy(IssuanceOfficeEntity, { code });
    if (configured) {
      const { serviceLevels, calendar, ...office } = configured;
      return { ...office, ...(serviceLevels ? { serviceLevels } : {}), ...(calendar ? { calendar } : {}) };
    }
    const seeded = findOffice(code);
    return seeded && { code, name: seeded.name, timezone: seeded.timezone, permitNumberTemplate: DEFAULT_PERMIT_NUMBER_TEMPLATE };
  }
}
