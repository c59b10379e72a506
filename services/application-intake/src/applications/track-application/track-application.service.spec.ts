import { NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApplicationPermitEntity } from '../application.entities';
import * as trackingCodes from '../tracking-code';
import { TrackApplicationService } from './track-application.service';

/** An in-memory stand-in for the lookups the service makes. */
function dataSourceWith(application: object | null, permits: object[] = []): DataSource {
  return {
    manager: { findOne: async () => application },
    getRepository: (entity: unknown) => ({ findOneBy: async () => null, find: async () => (entity === ApplicationPermitEntity ? permits : []) }),
  } as unknown as DataSource;
}

describe('tracking an application', () => {
  const codes = new trackingCodes.TrackingCodeSecrets([trackingCodes.DEVELOPMENT_PEPPER]);
  const code = trackingCodes.newTrackingCode();
  const stored = {
    id: 'a',
    applicationNumber: 'MPP-3373-2026-000001',
    trackingCodeHash: codes.hash(code),
    officeCode: '3373',
    status: 'SUBMITTED',
    kbli: '47112',
    riskLevel: 'RENDAH',
    submittedAt: new Date(),
    updatedAt: new Date(),
  };

  afterEach(() => jest.restoreAllMocks());

  it('compares the code in constant time whether or not the number exists, and fails the same way', async () => {
    const compare = jest.spyOn(codes, 'compare');
    const unknown = new TrackApplicationService(dataSourceWith(null), codes).track('MPP-3373-1999-999999', { trackingCode: code }).catch((e: unknown) => e);
    const wrong = new TrackApplicationService(dataSourceWith(stored), codes)
      .track(stored.applicationNumber, { trackingCode: 'AAAA-BBBB-CCCC' })
      .catch((e: unknown) => e);
    const [a, b] = await Promise.all([unknown, wrong]);
    expect(a).toBeInstanceOf(NotFoundException);
    expect(b).toBeInstanceOf(NotFoundException);
    expect((a as NotFoundException).getResponse()).toEqual((b as NotFoundException).getResponse());
    expect(compare).toHaveBeenCalledTimes(2);
  });

  it('shows the application for the right code', async () => {
    const view = await new TrackApplicationService(dataSourceWith(stored), codes).track(stored.applicationNumber, { trackingCode: code.toLowerCase() });
    expect(view.applicationNumber).toBe(stored.applicationNumber);
  });

  it('lists permits oldest first, and those issued in one instant always NIB first', async () => {
    const at = new Date('2026-11-30T08:00:00Z');
    const permit = (type: string, issuedAt: Date) => ({ type, number: type, issuedAt, validUntil: null, verificationUrl: null, certificateUrl: null, certificateSha256: null });
    const issued = { ...stored, status: 'ISSUED' };
    for (const stored of [
      [permit('SERTIFIKAT_STANDAR', at), permit('NIB', at), permit('IZIN', new Date(at.getTime() - 1))],
      [permit('IZIN', new Date(at.getTime() - 1)), permit('NIB', at), permit('SERTIFIKAT_STANDAR', at)],
    ]) {
      const view = await new TrackApplicationService(dataSourceWith(issued, stored), codes).track(issued.applicationNumber, { trackingCode: code });
      expect(view.permits.map((p) => p.type)).toEqual(['IZIN', 'NIB', 'SERTIFIKAT_STANDAR']);
    }
  });
});
