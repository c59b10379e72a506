import { EVENTS, OfficeConfiguredV1, PermitType, RiskLevel } from '@mpp/contracts';
import { DEFAULT_PERMIT_NUMBER_TEMPLATE } from '@mpp/domain';
import { PermitEntity } from '../permits/permit.entities';
import { documentsVerified, IssuanceHarness, officeConfigured, startIssuanceHarness } from '../testing/issuance-fixtures';
import { IssuanceOfficeEntity } from './issuance-office.entity';
import { OfficeConfiguredConsumer } from './office-configured.consumer';
import { OfficeDirectory } from './office-directory.service';

/** The OfficeConfigured consumer on the real database, a record handed to it directly. */
describe('OfficeConfigured consumer', () => {
  let h: IssuanceHarness;

  beforeAll(async () => {
    h = await startIssuanceHarness();
  });
  afterAll(() => h?.close());

  const envelope = (office: OfficeConfiguredV1) => h.envelope(EVENTS.OfficeConfigured, office, { tenant: office.code, aggregateId: office.officeId });
  const deliver = (e: ReturnType<typeof envelope>) => h.get(OfficeConfiguredConsumer).handle(h.record(EVENTS.OfficeConfigured, e));
  const find = (code: string) => h.get(OfficeDirectory).find(h.dataSource.manager, code);

  it('keeps the newest revision of an office; a late older revision and a redelivery change nothing', async () => {
    const first = officeConfigured({ code: '3372', name: 'DPMPTSP Kota Surakarta', revision: 1 });
    const second = { ...first, name: 'DPMPTSP Kota Surakarta (baru)', serviceLevels: { verificationDays: 4, approvalDays: 2 }, calendar: { weekendDays: [0], holidays: ['2026-12-25'] }, revision: 2 };
    const e1 = envelope(first);
    expect(await deliver(e1)).toBe('processed');
    expect(await deliver(envelope(second))).toBe('processed');
    expect(await deliver(e1)).toBe('duplicate');
    expect(await deliver(envelope({ ...first, name: 'stale' }))).toBe('processed'); // revision 1 again, as a new event

    expect(await h.dataSource.getRepository(IssuanceOfficeEntity).findOneByOrFail({ code: '3372' })).toEqual({
      code: '3372',
      officeId: first.officeId,
      name: 'DPMPTSP Kota Surakarta (baru)',
      timezone: 'Asia/Jakarta',
      permitNumberTemplate: first.permitNumberTemplate,
      serviceLevels: { verificationDays: 4, approvalDays: 2 },
      calendar: { weekendDays: [0], holidays: ['2026-12-25'] },
      active: true,
      revision: 2,
    });
    // Issuance neither announces nor audits what another service configured.
    expect(await h.outbox()).toEqual([]);
  });

  it('numbers permits with the configured template; an office not configured yet falls back to the reference data', async () => {
    expect(await find('3314')).toEqual({ code: '3314', name: expect.stringContaining('Sragen'), timezone: 'Asia/Jakarta', permitNumberTemplate: DEFAULT_PERMIT_NUMBER_TEMPLATE });

    await deliver(envelope(officeConfigured({ code: '3314', name: 'DPMPTSP Kabupaten Sragen', permitNumberTemplate: '503/{seq:4}/{type}/SRG/{year}' })));
    expect(await find('3314')).toMatchObject({ permitNumberTemplate: '503/{seq:4}/{type}/SRG/{year}', serviceLevels: { approvalDays: 3 } });

    const payload = documentsVerified({ risk: RiskLevel.MENENGAH_RENDAH, office: '3314' });
    await h.deliverDocumentsVerified(payload);
    const ss = await h.dataSource.getRepository(PermitEntity).findOneByOrFail({ applicationId: payload.applicationId, type: PermitType.SERTIFIKAT_STANDAR });
    expect(ss.number).toMatch(/^503\/0001\/SS\/SRG\/\d{4}$/);
  });

  it('dead-letters a configuration that breaks the contract, storing nothing', async () => {
    const broken = officeConfigured({ code: '3510', timezone: 'Europe/Amsterdam' });
    expect(await deliver(envelope(broken))).toBe('dead-lettered');
    expect(await h.dataSource.getRepository(IssuanceOfficeEntity).countBy({ code: '3510' })).toBe(0);
  });
});
