import { createHash } from 'node:crypto';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { ApplicationStatus, EVENTS } from '@mpp/contracts';
import { DocumentStore } from '@mpp/persistence';
import { RequestValidationException } from '@mpp/platform';
import { frontDeskOfficer, IntakeHarness, startIntakeHarness, verifierOfficer } from '../../testing/intake-harness';
import { ApplicationAction, transition } from '../application-lifecycle';
import { DocumentsService } from './documents.service';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const frontDesk = frontDeskOfficer();
const verifier = verifierOfficer();

describe('uploading documents (service level, real PostgreSQL)', () => {
  let h: IntakeHarness;
  let documents: DocumentsService;

  beforeAll(async () => {
    h = await startIntakeHarness();
    documents = h.get(DocumentsService);
  });
  afterAll(() => h?.close());

  /** A submitted application (KBLI 86105, micro: medium-high risk, four documents; 47112: low risk, none) in `status`. */
  const application = (status = ApplicationStatus.SUBMITTED, kbli = '86105') => h.submitApplication({ status, kbli });

  const rows = async (applicationId: string) =>
    (await h.pg.query(`SELECT * FROM "intake"."application_documents" WHERE "application_id" = $1 ORDER BY "uploaded_at"`, [applicationId])).rows;
  const uploads = async (app: { id: string; number: string }) => ({
    events: await h.events(EVENTS.DocumentUploaded, app.id),
    audit: await h.auditLog({ action: 'application.document-uploaded', subjectId: app.number }),
  });

  it('stores a checklist document by its content, announces it and audits it as the applicant', async () => {
    const app = await application();
    const view = await h.inContext(() => documents.upload(app.number, { trackingCode: app.code }, 'KTP', { buffer: PDF, originalname: '../../ktp siti?.pdf' }), {
      correlationId: 'corr-upload',
    });

    expect(view).toEqual({ id: expect.any(String), type: 'KTP', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF), fileName: 'ktp siti_.pdf', uploadedAt: expect.any(String) });
    const [row] = await rows(app.id);
    expect(row).toMatchObject({ id: view.id, type: 'KTP', content_type: 'application/pdf', size_bytes: PDF.length, sha256: sha256(PDF), uploaded_by: app.number, current: true });
    expect(await h.app.get(DocumentStore, { strict: false }).get(row.storage_key)).toEqual(PDF);

    const { events, audit } = await uploads(app);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ tenant: '3373', correlationId: 'corr-upload', actor: { kind: 'applicant', id: app.number } });
    expect(events[0].payload).toEqual({
      applicationId: app.id,
      applicationNumber: app.number,
      officeCode: '3373',
      document: { documentId: view.id, type: 'KTP', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF), storageKey: row.storage_key, uploadedAt: view.uploadedAt },
    });
    expect(audit).toEqual([
      expect.objectContaining({ office: '3373', actor: { kind: 'applicant', id: app.number, role: null }, details: { type: 'KTP', sha256: sha256(PDF), sizeBytes: PDF.length } }),
    ]);
  });

  it('replaces an earlier document of the same type at the counter, keeping the old one as no longer current', async () => {
    const app = await application(ApplicationStatus.REVISION_REQUESTED);
    const first = await documents.upload(app.number, { trackingCode: app.code }, 'FOTO_TEMPAT_USAHA', { buffer: PDF });
    const second = await documents.upload(app.number, { officer: frontDesk }, 'FOTO_TEMPAT_USAHA', { buffer: PNG, originalname: 'foto.png' });

    expect((await rows(app.id)).map((r) => [r.id, r.current, r.uploaded_by])).toEqual([
      [first.id, false, app.number],
      [second.id, true, 'fd-3373'],
    ]);
    const { events, audit } = await uploads(app);
    expect(events.map((e) => [e.payload.document.documentId, e.actor?.id])).toEqual([
      [first.id, app.number],
      [second.id, 'fd-3373'],
    ]);
    expect(audit.map((a) => a.actor.id)).toEqual([app.number, 'fd-3373']);
  });

  it('refuses a file that is missing, empty or not a PDF, JPEG or PNG by its content, and stores nothing', async () => {
    const app = await application();
    const field = async (file: { buffer: Buffer; originalname?: string } | undefined) => {
      const error = await documents.upload(app.number, { trackingCode: app.code }, 'KTP', file).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationException);
      return (error as RequestValidationException).getResponse();
    };
    expect(await field(undefined)).toMatchObject({ details: [{ field: 'file', rule: 'required' }] });
    expect(await field({ buffer: Buffer.alloc(0) })).toMatchObject({ details: [{ field: 'file', rule: 'required' }] });
    expect(await field({ buffer: ELF, originalname: 'ktp.pdf' })).toMatchObject({ details: [{ field: 'file', rule: 'allowedContent' }] });
    expect(await rows(app.id)).toEqual([]);
    expect(await uploads(app)).toEqual({ events: [], audit: [] });
  });

  it("refuses a type that is not on the application's checklist", async () => {
    const medium = await application();
    const low = await application(ApplicationStatus.SUBMITTED, '47112');
    const refusal = async (app: { number: string; code: string }, type: string) =>
      ((await documents.upload(app.number, { trackingCode: app.code }, type, { buffer: PDF }).catch((e: unknown) => e)) as RequestValidationException).getResponse();

    expect(await refusal(medium, 'AKTA_PENDIRIAN')).toMatchObject({
      details: [{ field: 'type', rule: 'onChecklist', message: "type AKTA_PENDIRIAN is not on this application's checklist: KTP, NPWP, FOTO_TEMPAT_USAHA, BUKTI_PEMENUHAN_STANDAR" }],
    });
    expect(await refusal(low, 'KTP')).toMatchObject({
      details: [{ message: "type KTP is not on this application's checklist: none (this risk level needs no documents)" }],
    });
    expect([...(await rows(medium.id)), ...(await rows(low.id))]).toEqual([]);
  });

  it('accepts documents exactly in the statuses the lifecycle allows, and otherwise answers 409 and stores nothing', async () => {
    for (const status of Object.values(ApplicationStatus)) {
      const app = await application(status);
      const outcome = await documents.upload(app.number, { trackingCode: app.code }, 'NPWP', { buffer: PDF }).catch((e: unknown) => e);
      const rule = transition(ApplicationAction.UPLOAD_DOCUMENT, status);
      if (rule.allowed) {
        expect({ status, outcome }).toEqual({ status, outcome: expect.objectContaining({ type: 'NPWP' }) });
        expect((await uploads(app)).events).toHaveLength(1);
      } else {
        expect(outcome).toBeInstanceOf(ConflictException);
        expect((outcome as ConflictException).message).toBe(rule.refusal);
        expect(await rows(app.id)).toEqual([]);
        expect(await uploads(app)).toEqual({ events: [], audit: [] });
      }
    }
  });

  it('lets only the applicant with the code or a front-desk officer of the office upload', async () => {
    const app = await application();
    await expect(documents.upload(app.number, { trackingCode: 'AAAA-BBBB-CCCC' }, 'KTP', { buffer: PDF })).rejects.toThrow(NotFoundException);
    await expect(documents.upload(app.number, { officer: { ...frontDesk, office: '3273' } }, 'KTP', { buffer: PDF })).rejects.toThrow(NotFoundException);
    await expect(documents.upload(app.number, { officer: verifier }, 'KTP', { buffer: PDF })).rejects.toThrow(ForbiddenException);
    expect(await rows(app.id)).toEqual([]);
    expect(await uploads(app)).toEqual({ events: [], audit: [] });
  });
});
