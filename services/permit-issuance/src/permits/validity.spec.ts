import { ConfigService } from '@nestjs/config';
import { PermitType } from '@mpp/contracts';
import { addYears, PermitValidityPolicy, validUntil } from './validity';

describe('permit validity', () => {
  const issued = new Date('2026-11-27T20:00:00Z'); // 28 November 2026, 03:00 in Jakarta

  it('gives an Izin five years by default, and NIB and Sertifikat Standar no end date', () => {
    expect(validUntil(PermitType.IZIN, issued, 'Asia/Jakarta')?.toISOString()).toBe('2031-11-27T20:00:00.000Z');
    expect(validUntil(PermitType.SERTIFIKAT_STANDAR, issued, 'Asia/Jakarta')).toBeNull();
    expect(validUntil(PermitType.NIB, issued, 'Asia/Jakarta')).toBeNull();
  });

  it('counts years on the local calendar of the office, 29 February becoming 28 February', () => {
    // 29 February 2028, 01:00 in Jakarta is still 28 February in UTC.
    const leapDayJakarta = new Date('2028-02-28T18:00:00Z');
    expect(addYears(leapDayJakarta, 5, 'Asia/Jakarta').toISOString()).toBe('2033-02-27T18:00:00.000Z'); // 28 Feb 2033, 01:00 WIB
    expect(addYears(new Date('2028-02-29T12:00:00Z'), 4, 'Asia/Jayapura').toISOString()).toBe('2032-02-29T12:00:00.000Z');
  });

  it('follows the configuration; NIB stays without an end date', () => {
    const values: Record<string, number> = { PERMIT_VALIDITY_YEARS_IZIN: 0, PERMIT_VALIDITY_YEARS_SERTIFIKAT_STANDAR: 3 };
    const policy = new PermitValidityPolicy({ get: (key: string, fallback: number) => values[key] ?? fallback } as unknown as ConfigService);
    expect(policy.validUntil(PermitType.IZIN, issued, 'Asia/Makassar')).toBeNull();
    expect(policy.validUntil(PermitType.SERTIFIKAT_STANDAR, issued, 'Asia/Makassar')?.toISOString()).toBe('2029-11-27T20:00:00.000Z');
    expect(policy.validUntil(PermitType.NIB, issued, 'Asia/Makassar')).toBeNull();
  });
});
