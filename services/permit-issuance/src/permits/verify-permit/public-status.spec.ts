import { PermitEntity } from '../permit.entities';
import { PermitStatus } from '../permit-lifecycle';
import { publicStatus } from './verify-permit.service';

const permit = (overrides: Partial<PermitEntity> = {}) =>
  ({ status: PermitStatus.ACTIVE, validUntil: null, revokedAt: null, issuedAt: new Date('2026-01-01T00:00:00Z'), ...overrides }) as PermitEntity;

describe('public status of a permit', () => {
  const now = Date.parse('2031-06-01T00:00:00Z');

  it('is ACTIVE without an end date, or before it', () => {
    expect(publicStatus([permit()], now)).toEqual({ status: 'ACTIVE' });
    expect(publicStatus([permit({ validUntil: new Date('2031-06-02T00:00:00Z') })], now)).toEqual({ status: 'ACTIVE' });
  });

  it('is EXPIRED after the end of validity', () => {
    expect(publicStatus([permit({ validUntil: new Date('2031-05-31T23:59:59Z') })], now)).toEqual({ status: 'EXPIRED' });
  });

  it('is REVOKED once every row of the number is revoked, with the latest revocation date; revocation wins over expiry', () => {
    const revokedAt = new Date('2030-01-01T00:00:00Z');
    const revoked = permit({ status: PermitStatus.REVOKED, revokedAt, validUntil: new Date('2029-01-01T00:00:00Z') });
    expect(publicStatus([revoked], now)).toEqual({ status: 'REVOKED', revokedAt });
    expect(publicStatus([permit(), { ...revoked, validUntil: null }], now)).toEqual({ status: 'ACTIVE' });
  });
});
