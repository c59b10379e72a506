import { EntityManager } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { nextNib, nextPermitNumber } from './numbering';

/** An in-memory stand-in for the two queries the numbering makes. */
function fakeManager(counter: { n: number }): EntityManager {
  return {
    query: async (sql: string) => {
      counter.n++;
      return sql.includes('nextval') ? [{ serial: String(counter.n) }] : [{ last_number: counter.n }];
    },
  } as unknown as EntityManager;
}

describe('permit numbering', () => {
  it('makes a 13-digit NIB from the Jakarta date and a serial', async () => {
    // 2026-11-27 20:00 UTC is already 28 November in Jakarta (UTC+7).
    const nib = await nextNib(fakeManager({ n: 41 }), new Date('2026-11-27T20:00:00Z'));
    expect(nib).toBe('2811260000042');
    expect(nib).toMatch(/^\d{13}$/);
  });

  it('numbers Sertifikat Standar and Izin per office and year in the office time zone', async () => {
    const counter = { n: 0 };
    const newYearsEveUtc = new Date('2026-12-31T18:00:00Z'); // 2027-01-01 in Makassar (UTC+8)
    const makassar = { code: '7371', name: 'DPMPTSP Kota Makassar', timezone: 'Asia/Makassar', permitNumberTemplate: '{type}-{office}-{year}-{seq:5}' };
    const salatiga = { code: '3373', name: 'DPMPTSP Kota Salatiga', timezone: 'Asia/Jakarta', permitNumberTemplate: '503/{seq:4}/{type}/DPMPTSP/{year}' };
    expect(await nextPermitNumber(fakeManager(counter), PermitType.SERTIFIKAT_STANDAR, makassar, newYearsEveUtc)).toBe('SS-7371-2027-00001');
    expect(await nextPermitNumber(fakeManager(counter), PermitType.IZIN, salatiga, newYearsEveUtc)).toBe('503/0002/IZ/DPMPTSP/2027');
  });
});
