import { EntityManager } from 'typeorm';

/**
 * Next application number of an office for a year, e.g. MPP-3373-2026-000042. The counter row is locked by
 * the upsert until the submitting transaction ends, so numbers are unique and gapless per office and year.
 */
export async function nextApplicationNumber(manager: EntityManager, officeCode: string, at: Date): Promise<string> {
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(at));
  const [{ last_number }] = await manager.query(
    `INSERT INTO "intake"."application_counters" ("office_code", "year", "last_number") VALUES ($1, $2, 1)
     ON CONFLICT ("office_code", "year") DO UPDATE SET "last_number" = "application_counters"."last_number" + 1
     RETURNING "last_number"`,
    [officeCode, year],
  );
  return `MPP-${officeCode}-${year}-${String(last_number).padStart(6, '0')}`;
}
