import { NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as trackingCodes from '../tracking-code';
import { TrackApplicationService } from './track-application.service';

/** An in-memory stand-in for the lookups the service makes. */
function dataSourceWith(application: object | null): DataSource {
  return {
    manager: { findOne: async () => application },
    getRepository: () => ({ findOneBy: async () => null, find: async () => [] }),
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
});
