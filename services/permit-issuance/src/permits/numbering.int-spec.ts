import { DataSource } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { migrateAs, serviceDataSourceOptions } from '@mpp/persistence';
import { migrationDatabaseUrl, recreateDatabase, serviceDatabaseUrl, TEST_DATABASES } from '@mpp/testing';
import { issuanceDatabase } from '../database/issuance-database';
import { nextPermitNumber } from './numbering';

/** Permit numbers on the real database: gapless per office, type and year, even under concurrent issuance. */
describe('permit numbering under concurrency', () => {
  let ds: DataSource;
  const office = { code: '3372', name: 'DPMPTSP Kota Surakarta', timezone: 'Asia/Jakarta', permitNumberTemplate: '{type}-{office}-{year}-{seq:5}' };
  const at = new Date('2031-03-01T03:00:00Z'); // a year no other test issues in

  // A database of its own, so that the migrations test of the shared one still starts from nothing.
  const database = `${TEST_DATABASES.integration}_numbering`;

  beforeAll(async () => {
    await recreateDatabase(database);
    await migrateAs(issuanceDatabase, migrationDatabaseUrl('issuance_svc', database));
    ds = new DataSource(serviceDataSourceOptions({ ...issuanceDatabase, url: serviceDatabaseUrl('issuance_svc', database), poolSize: 12 }));
    await ds.initialize();
  });

  afterAll(() => ds?.destroy());

  it('hands out consecutive numbers to concurrent transactions, and reuses the number of one rolled back', async () => {
    const issue = (fail = false) =>
      ds.transaction(async (m) => {
        const number = await nextPermitNumber(m, PermitType.SERTIFIKAT_STANDAR, office, at);
        await new Promise((r) => setTimeout(r, 5)); // hold the counter while "issuing"
        if (fail) throw new Error('issuance failed after numbering');
        return number;
      });
    const results = await Promise.allSettled([...Array.from({ length: 15 }, () => issue()), issue(true), ...Array.from({ length: 4 }, () => issue())]);
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(numbers).toHaveLength(19);
    const sequence = numbers.map((n) => Number(n.split('-').pop())).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(new Set(numbers).size).toBe(19);
    expect(numbers[0]).toMatch(/^SS-3372-2031-\d{5}$/);
  });
});
