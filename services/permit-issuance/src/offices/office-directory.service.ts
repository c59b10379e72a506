import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope, OfficeConfiguredV1 } from '@mpp/contracts';
import { DEFAULT_PERMIT_NUMBER_TEMPLATE, findOffice } from '@mpp/domain';
import { IssuanceOfficeEntity } from './issuance-office.entity';

export interface IssuingOffice {
  code: string;
  name: string;
  timezone: string;
  permitNumberTemplate: string;
}

@Injectable()
export class OfficeDirectory {
  /** Keeps the newest revision of each office. */
  async configured(event: EventEnvelope<OfficeConfiguredV1>, manager: EntityManager): Promise<void> {
    const o = event.payload;
    await manager.query(
      `INSERT INTO "issuance"."offices" ("code", "office_id", "name", "timezone", "permit_number_template", "active", "revision")
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ("code") DO UPDATE SET "office_id" = EXCLUDED."office_id", "name" = EXCLUDED."name", "timezone" = EXCLUDED."timezone",
         "permit_number_template" = EXCLUDED."permit_number_template", "active" = EXCLUDED."active", "revision" = EXCLUDED."revision"
       WHERE "offices"."revision" < EXCLUDED."revision"`,
      [o.code, o.officeId, o.name, o.timezone, o.permitNumberTemplate, o.active, o.revision],
    );
  }

  /**
   * The office as configured; until its configuration has arrived (the events travel on another topic),
   * a seeded office falls back to the reference data and the default number template.
   */
  async find(manager: EntityManager, code: string): Promise<IssuingOffice | undefined> {
    const configured = await manager.findOneBy(IssuanceOfficeEntity, { code });
    if (configured) return configured;
    const seeded = findOffice(code);
    return seeded && { code, name: seeded.name, timezone: seeded.timezone, permitNumberTemplate: DEFAULT_PERMIT_NUMBER_TEMPLATE };
  }
}
