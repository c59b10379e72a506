import { EntityManager } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { localDate, renderPermitNumber, WorkingDayTimeZone } from '@mpp/domain';
import type { IssuingOffice } from '../offices/office-directory.service';

/** The year of an instant on the office's local calendar. */
function yearIn(officeTimezone: string, at: Date): number {
  return Number(localDate(at, officeTimezone as WorkingDayTimeZone).slice(0, 4));
}

/**
 * Next document number of an office from its template, e.g. SS-3373-2026-00042. The counter row stays
 * locked until the issuing transaction ends, so numbers are gapless per office, type and year even under
 * concurrent issuance.
 */
export async function nextPermitNumber(
  manager: EntityManager,
  type: Exclude<PermitType, PermitType.NIB>,
  office: IssuingOffice,
  at: Date,
): Promise<string> {
  const year = yearIn(office.timezone, at);
  const [{ last_number }] = await manager.query(
    `INSERT INTO "issuance"."permit_counters" ("office_code", "year", "type", "last_number") VALUES ($1, $2, $3, 1)
     ON CONFLICT ("office_code", "year", "type") DO UPDATE SET "last_number" = "permit_counters"."last_number" + 1
     RETURNING "last_number"`,
    [office.code, year, type],
  );
  return renderPermitNumber(office.permitNumberTemplate, { type, office: office.code, year, seq: Number(last_number) });
}

/**
 * A new NIB: 13 digits, the issuance date (DDMMYY, Asia/Jakarta) followed by a 7-digit serial. It is an
 * opaque identifier; nothing should parse it.
 */
export async function nextNib(manager: EntityManager, at: Date): Promise<string> {
  const [{ serial }] = await manager.query(`SELECT nextval('"issuance"."nib_serial"') AS serial`);
  const [year, month, day] = localDate(at, 'Asia/Jakarta').split('-');
  return `${day}${month}${year.slice(2)}${String(serial).padStart(7, '0')}`;
}
