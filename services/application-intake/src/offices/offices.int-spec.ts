import { ConflictException, NotFoundException } from '@nestjs/common';
import { Officer, OfficerRole } from '@mpp/auth';
import { EVENTS } from '@mpp/contracts';
import { OFFICES } from '@mpp/domain';
import { RequestValidationException } from '@mpp/platform';
import { IntakeHarness, startIntakeHarness } from '../testing/intake-harness';
import { CreateOfficeRequest, UpdateOfficeRequest } from './office.dto';
import { defaultOfficeSettings, OfficesService } from './offices.service';

const platformAdmin: Officer = { id: 'platform-admin', username: 'pa', roles: [OfficerRole.PLATFORM_ADMIN] };
const admin = (office: string): Officer => ({ id: `admin-${office}`, username: `admin-${office}`, roles: [OfficerRole.OFFICE_ADMIN], office });

describe('offices (service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  let offices: OfficesService;

  beforeAll(async () => {
    h = await startIntakeHarness();
    offices = h.get(OfficesService);
  });
  afterAll(() => h?.close());

  it('seeds the reference offices at the first start, announced and audited once each; seeding again adds nothing', async () => {
    const codes = OFFICES.map((o) => o.code);
    expect((await offices.listActive()).map((o) => o.code)).toEqual([...codes].sort());
    const announced = await h.outbox({ type: 'OfficeConfigured' });
    expect(announced.map((e) => e.envelope.tenant).sort()).toEqual([...codes].sort());
    expect(announced.every((e) => e.topic === EVENTS.OfficeConfigured.topic && e.envelope.actor === undefined)).toBe(true);
    expect(announced[0].envelope.payload).toMatchObject({ revision: 1, active: true, ...defaultOfficeSettings() });
    expect((await h.auditLog({ action: 'office.seeded' })).map((a) => [a.subject.id, a.actor.kind])).toEqual(codes.map((c) => [c, 'system']));

    expect(await offices.seed(OFFICES.map(({ code, name, timezone }) => ({ code, name, timezone })))).toEqual([]);
    expect(await h.outbox({ type: 'OfficeConfigured' })).toHaveLength(codes.length);
  });

  it('creates an office for a platform admin, with defaults for what is not given; announced and audited', async () => {
    const request = { code: '3471', name: ' Kota Yogyakarta ', serviceLevels: { verificationDays: 3, approvalDays: 4 } } as CreateOfficeRequest;
    const view = await h.inContext(() => offices.create(request, platformAdmin), { correlationId: 'corr-office' });

    const defaults = defaultOfficeSettings();
    expect(view).toEqual({
      code: '3471',
      name: 'Kota Yogyakarta',
      address: '',
      timezone: 'Asia/Jakarta',
      permitNumberTemplate: defaults.permitNumberTemplate,
      serviceLevels: { verificationDays: 3, approvalDays: 4 },
      calendar: defaults.calendar,
      active: true,
      revision: 1,
      updatedAt: expect.any(String),
    });
    const { rows } = await h.pg.query(`SELECT "id", "name", "revision" FROM "intake"."offices" WHERE "code" = '3471'`);
    expect(rows).toEqual([{ id: expect.any(String), name: 'Kota Yogyakarta', revision: 1 }]);
    const [event] = await h.events(EVENTS.OfficeConfigured, rows[0].id);
    const { updatedAt: _, ...settings } = view;
    expect(event).toMatchObject({ tenant: '3471', correlationId: 'corr-office', actor: { kind: 'officer', id: 'platform-admin' } });
    expect(event.payload).toEqual({ officeId: rows[0].id, ...settings });
    expect(await h.auditLog({ subjectId: '3471' })).toEqual([
      expect.objectContaining({ action: 'office.created', office: '3471', actor: { kind: 'officer', id: 'platform-admin', role: 'platform-admin' }, subject: { type: 'office', id: '3471' } }),
    ]);
  });

  it('refuses a code that is no regency or city, a bad number template and an existing office, storing nothing', async () => {
    const before = (await h.outbox()).length;
    const invalid = (await offices.create({ code: '9900', name: 'X', permitNumberTemplate: 'SS-{office}' } as CreateOfficeRequest, platformAdmin).catch((e: unknown) => e)) as RequestValidationException;
    expect(invalid).toBeInstanceOf(RequestValidationException);
    const [code, ...template] = (invalid.getResponse() as { details: { field: string; rule: string }[] }).details.map((d) => `${d.field} ${d.rule}`);
    expect(code).toBe('code kemendagriRegency');
    expect(template.length).toBeGreaterThan(0);
    expect(new Set(template)).toEqual(new Set(['permitNumberTemplate permitNumberTemplate.seq', 'permitNumberTemplate permitNumberTemplate.type']));
    await expect(offices.create({ code: '3373', name: 'Salatiga lagi' } as CreateOfficeRequest, platformAdmin)).rejects.toThrow(ConflictException);
    expect(await h.outbox()).toHaveLength(before);
  });

  it("updates an office for its own admin: next revision, holidays without duplicates in order; announced with what changed", async () => {
    const request = { address: ' Jl. Letjen Sukowati 51 ', calendar: { weekendDays: [0, 6], holidays: ['2026-12-25', '2026-08-17', '2026-12-25'] } } as UpdateOfficeRequest;
    const view = await offices.update('3373', request, admin('3373'));

    expect(view).toMatchObject({ code: '3373', address: 'Jl. Letjen Sukowati 51', calendar: { weekendDays: [0, 6], holidays: ['2026-08-17', '2026-12-25'] }, revision: 2 });
    const announced = (await h.outbox({ type: 'OfficeConfigured' })).filter((e) => e.envelope.tenant === '3373');
    expect(announced.map((e) => e.envelope.payload.revision)).toEqual([1, 2]);
    expect(announced[1].envelope.payload).toMatchObject({ address: 'Jl. Letjen Sukowati 51', calendar: view.calendar });
    const [audit] = await h.auditLog({ action: 'office.updated', subjectId: '3373' });
    expect(audit).toMatchObject({ actor: { id: 'admin-3373', role: 'office-admin' }, details: { changed: ['address', 'calendar'] } });
    expect(await offices.get('3373', admin('3373'))).toEqual(view);
  });

  it("refuses a number template without the office, keeping the office's template and revision; accepts one with it", async () => {
    const before = await offices.get('3372', admin('3372'));
    const refused = (await offices
      .update('3372', { permitNumberTemplate: '503/{seq:4}/{type}/DPMPTSP/{year}' } as UpdateOfficeRequest, admin('3372'))
      .catch((e: unknown) => e)) as RequestValidationException;
    expect(refused).toBeInstanceOf(RequestValidationException);
    expect(refused.violations).toEqual([{ field: 'permitNumberTemplate', rule: 'permitNumberTemplate.office', message: expect.stringContaining('must contain {office}') }]);
    expect(await offices.get('3372', admin('3372'))).toEqual(before);

    const template = '503/{seq:4}/{type}/DPMPTSP-{office}/{year}';
    expect(await offices.update('3372', { permitNumberTemplate: template } as UpdateOfficeRequest, admin('3372'))).toMatchObject({ permitNumberTemplate: template, revision: before.revision + 1 });
  });

  it("hides another office from an office admin (404), and stops listing an office that is made inactive", async () => {
    await expect(offices.get('3373', admin('3273'))).rejects.toThrow(NotFoundException);
    await expect(offices.update('3373', { name: 'X' } as UpdateOfficeRequest, admin('3273'))).rejects.toThrow(NotFoundException);
    expect((await h.auditLog({ action: 'office.updated', subjectId: '3373' })).map((a) => a.actor.id)).not.toContain('admin-3273');

    await offices.update('3273', { active: false } as UpdateOfficeRequest, platformAdmin);
    expect((await offices.listActive()).map((o) => o.code)).not.toContain('3273');
    expect(await offices.findActive('3273')).toBeNull();
    expect(await offices.findActive('3373')).toMatchObject({ code: '3373' });
  });
});
