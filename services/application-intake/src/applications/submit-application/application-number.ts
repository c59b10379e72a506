import { EntityManager } from 'typeorm';

/** The year in Indonesia's western time zone (made once: building a formatter costs more than using it). */
const JAKARTA_YEAR = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' });

/**
 * Next application number of an office for a year, e.g. MPP-3373-2026-000042. The counter row is locked by
 * the upsert until the submitting transaction ends, so numbers are unique and gapless per office and year.
 */
export async function nextApplicationNumber(manager: EntityManager, officeCode: string, at: Date): Promise<string> {
  const year = Number(JAKARTA_YEAR.format(at));
  const [{ last_number }] = await manager.query(
    `INSERT INTO "intake"."application_counters" ("office_code", "year", "last_number") VALUES ($1, $2, 1)
     ON CONFLICT ("office_code", "year") DO UPDATE SET "last_number" = "application_counters"."last_number" + 1
     RETURNING "last_number"`,
    [officeCode, year],
  );
  return `MPP-${officeCode}-${year}-${String(last_number).padStart(6, '0')}`;
}
