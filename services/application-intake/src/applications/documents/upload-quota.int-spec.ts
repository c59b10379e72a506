import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ConflictException, ExecutionContext, HttpException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ApplicationStatus, EVENTS } from '@mpp/contracts';
import { frontDeskOfficer, IntakeHarness, startIntakeHarness } from '../../testing/intake-harness';
import { DocumentsService } from './documents.service';
import { UploadAccessGuard } from './upload-access.guard';

/** A PDF of `size` bytes (a PDF header, padded). */
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(Math.max(0, size - 9), 0x20)]);

describe('upload quota per application and the check before the body (service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  let documents: DocumentsService;
  let guard: UploadAccessGuard;

  beforeAll(async () => {
    h = await startIntakeHarness({ env: { UPLOAD_MAX_VERSIONS_PER_APPLICATION: '3', UPLOAD_MAX_BYTES_PER_APPLICATION: '4096' } });
    documents = h.get(DocumentsService);
    guard = h.get(UploadAccessGuard);
  });
  afterAll(() => h?.close());

  const rows = async (applicationId: string) =>
    (await h.pg.query(`SELECT "size_bytes", "storage_key" FROM "intake"."application_documents" WHERE "application_id" = $1`, [applicationId])).rows;
  /** Files the document store holds for the application (the store writes under <dir>/<application id>/). */
  const storedFiles = (applicationId: string) => {
    const dir = path.join(process.env.DOCUMENT_STORE_DIR ?? '', applicationId);
    return existsSync(dir) ? readdirSync(dir) : [];
  };
  const upload = (app: { number: string; code: string }, bytes: Buffer, type = 'KTP') =>
    documents.upload(app.number, { trackingCode: app.code }, type, { buffer: bytes }).catch((e: unknown) => e);
  const refusal = (outcome: unknown) => {
    expect(outcome).toBeInstanceOf(ConflictException);
    return (outcome as ConflictException).getResponse();
  };

  it('refuses the version past UPLOAD_MAX_VERSIONS_PER_APPLICATION with 409 naming the rule, storing nothing', async () => {
    const app = await h.submitApplication();
    for (const type of ['KTP', 'NPWP', 'KTP']) expect(await upload(app, pdf(100), type)).toMatchObject({ type });
    const refused = refusal(await upload(app, pdf(100), 'FOTO_TEMPAT_USAHA'));
    expect(refused).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: expect.stringMatching(/^Kuota unggahan habis: paling banyak 3 versi dokumen per permohonan\. .*UPLOAD_MAX_VERSIONS_PER_APPLICATION/),
      details: [{ field: 'file', rule: 'maxVersionsPerApplication', message: expect.any(String) }],
    });
    expect(await rows(app.id)).toHaveLength(3);
    expect(storedFiles(app.id)).toHaveLength(3);
    expect(await h.events(EVENTS.DocumentUploaded, app.id)).toHaveLength(3);
  });

  it('refuses an upload that would pass UPLOAD_MAX_BYTES_PER_APPLICATION, and takes one that fits', async () => {
    const app = await h.submitApplication();
    expect(await upload(app, pdf(3000))).toMatchObject({ sizeBytes: 3000 });
    expect(refusal(await upload(app, pdf(1500), 'NPWP'))).toMatchObject({
      message: expect.stringContaining('UPLOAD_MAX_BYTES_PER_APPLICATION'),
      details: [{ field: 'file', rule: 'maxBytesPerApplication', message: expect.stringContaining('tersisa 1096 byte') }],
    });
    expect(await rows(app.id)).toHaveLength(1);
    expect(storedFiles(app.id)).toHaveLength(1);
    expect(await upload(app, pdf(1096), 'NPWP')).toMatchObject({ sizeBytes: 1096 });
  });

  it('counts concurrent uploads of one application one after the other: never more than the quota', async () => {
    const app = await h.submitApplication();
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(app, pdf(200), i % 2 ? 'KTP' : 'NPWP')));
    const accepted = outcomes.filter((o) => !(o instanceof HttpException));
    const refused = outcomes.filter((o) => o instanceof ConflictException).map((o) => (o as ConflictException).getResponse());
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r).toMatchObject({ details: [{ rule: 'maxVersionsPerApplication' }] });
    expect(await rows(app.id)).toHaveLength(3);
    expect(storedFiles(app.id)).toHaveLength(3);
  });

  describe('UploadAccessGuard (before the body is read)', () => {
    const context = (applicationNumber: string, headers: Record<string, string>, officer?: unknown) =>
      ({ switchToHttp: () => ({ getRequest: () => ({ params: { applicationNumber }, headers, officer }) }) }) as unknown as ExecutionContext;
    const check = (applicationNumber: string, headers: Record<string, string>, officer?: unknown) =>
      guard.canActivate(context(applicationNumber, headers, officer)).catch((e: unknown) => e);

    it('lets the applicant with the code and a front-desk officer of the office through', async () => {
      const app = await h.submitApplication();
      expect(await check(app.number, { 'x-tracking-code': app.code })).toBe(true);
      expect(await check(app.number, {}, frontDeskOfficer())).toBe(true);
    });

    it('refuses no credentials (401), a wrong code or unknown number (404), a closed status and a spent quota (409)', async () => {
      const app = await h.submitApplication();
      expect(await check(app.number, {})).toBeInstanceOf(UnauthorizedException);
      expect(await check(app.number, { 'x-tracking-code': 'AAAA-BBBB-CCCC' })).toBeInstanceOf(NotFoundException);
      expect(await check('MPP-3373-20990101-99999', { 'x-tracking-code': app.code })).toBeInstanceOf(NotFoundException);
      expect(await check(app.number, {}, frontDeskOfficer('3273'))).toBeInstanceOf(NotFoundException);

      const approved = await h.submitApplication({ status: ApplicationStatus.ISSUED });
      expect(await check(approved.number, { 'x-tracking-code': approved.code })).toBeInstanceOf(ConflictException);

      for (const type of ['KTP', 'NPWP', 'KTP']) await upload(app, pdf(50), type);
      const spent = await check(app.number, { 'x-tracking-code': app.code });
      expect(spent).toBeInstanceOf(ConflictException);
      expect((spent as ConflictException).getResponse()).toMatchObject({ details: [{ rule: 'maxVersionsPerApplication' }] });
    });
  });
});
