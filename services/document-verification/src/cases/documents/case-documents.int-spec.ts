import { ApplicationSubmittedV1, DocumentUploadedV1, EventEnvelope, EVENTS, RiskLevel } from '@mpp/contracts';
import { DocumentStore } from '@mpp/persistence';
import { kafkaContext, officer, refusal, startVerificationHarness, submittedApplication, uploadedDocument, VerificationHarness } from '../../testing/verification-harness';
import { CaseDocumentEntity } from '../case-document.entity';
import { OfficerReviewService } from '../officer-review/officer-review.service';
import { CaseDocumentsService } from './case-documents.service';
import { DocumentUploadedConsumer } from './document-uploaded.consumer';

const siti = officer('siti');
const agus = officer('agus');
const makassar = officer('makassar', undefined, '7371');

/** DocumentUploaded (handed to the consumer as a record) and the verifier's view and decision per document. */
describe('case documents', () => {
  let h: VerificationHarness;
  let documents: CaseDocumentsService;

  beforeAll(async () => {
    h = await startVerificationHarness();
    documents = h.get(CaseDocumentsService);
  });
  afterAll(() => h?.close());

  const consume = (event: EventEnvelope<DocumentUploadedV1>, offset = '0') =>
    h.get(DocumentUploadedConsumer).onDocumentUploaded(kafkaContext(h.record(EVENTS.DocumentUploaded, event, offset)));
  const rowsOf = (applicationId: string) =>
    h.dataSource.getRepository(CaseDocumentEntity).find({ where: { applicationId }, order: { uploadedAt: 'ASC', current: 'ASC' } });

  /** Stores bytes as intake does and announces the upload. */
  async function upload(application: ApplicationSubmittedV1, type: string, bytes: Buffer): Promise<DocumentUploadedV1> {
    const stored = await h.app.get(DocumentStore).put(bytes, { applicationId: application.applicationId, contentType: 'application/pdf' });
    const uploaded = uploadedDocument(application, type, bytes);
    uploaded.document.storageKey = stored.storageKey;
    expect(await consume(h.envelope(EVENTS.DocumentUploaded, uploaded))).toBe('processed');
    return uploaded;
  }

  it('records uploads before the case opens; a new upload of a type replaces the current one; a redelivery has one effect', async () => {
    const application = submittedApplication({ riskLevel: RiskLevel.MENENGAH_TINGGI });
    const first = h.envelope(EVENTS.DocumentUploaded, uploadedDocument(application, 'KTP'));
    expect(await consume(first, '1')).toBe('processed');
    expect(await consume(first, '2')).toBe('duplicate');
    expect((await rowsOf(application.applicationId)).map((d) => [d.id, d.current])).toEqual([[first.payload.document.documentId, true]]);

    const found = await h.openCase(application);
    await documents.decide(found.id, first.payload.document.documentId, siti, 'REJECTED', 'Foto buram');
    const second = h.envelope(EVENTS.DocumentUploaded, uploadedDocument(application, 'KTP'));
    expect(await consume(second, '3')).toBe('processed');

    const rows = await rowsOf(application.applicationId);
    expect(rows.map((d) => [d.id, d.current, d.decision])).toEqual([
      [first.payload.document.documentId, false, 'REJECTED'],
      [second.payload.document.documentId, true, null],
    ]);
    const listed = await documents.list(found.id, siti);
    expect(listed).toEqual([
      {
        id: second.payload.document.documentId,
        type: 'KTP',
        contentType: 'application/pdf',
        sizeBytes: second.payload.document.sizeBytes,
        sha256: second.payload.document.sha256,
        uploadedAt: second.payload.document.uploadedAt,
      },
    ]);
    // Uploads are the applicant's, recorded without an audit entry of this service or an event.
    expect((await h.auditLog({ subjectId: found.id })).map((a) => a.action)).toEqual(['case.opened', 'document.rejected']);
    expect((await h.outbox({ aggregateId: application.applicationId })).map((e) => e.type)).toEqual(['VerificationStarted']);
  });

  it('serves the bytes to an officer of the office, checked against the recorded hash', async () => {
    const application = submittedApplication({ needsOfficer: true });
    const found = await h.openCase(application);
    const bytes = Buffer.from('%PDF-1.7 surat keterangan');
    const uploaded = await upload(application, 'KTP', bytes);
    const { document, bytes: served } = await documents.content(found.id, uploaded.document.documentId, siti);
    expect(served.equals(bytes)).toBe(true);
    expect(document.type).toBe('KTP');

    expect(await refusal(documents.content(found.id, uploaded.document.documentId, makassar))).toEqual([404, 'Case not found']);
    expect(await refusal(documents.list(found.id, makassar))).toEqual([404, 'Case not found']);
    expect(await refusal(documents.content(found.id, found.id, siti))).toEqual([404, 'Document not found']);

    const tampered = await upload(application, 'NPWP', Buffer.from('%PDF-1.7 asli'));
    await h.pg.query(`UPDATE verification.case_documents SET sha256 = $2 WHERE id = $1`, [tampered.document.documentId, '0'.repeat(64)]);
    expect(await refusal(documents.content(found.id, tampered.document.documentId, siti))).toEqual([409, 'Stored document does not match its recorded SHA-256']);
  });

  it('takes a decision per document from the verifier who may decide the case, with an audit entry', async () => {
    const application = submittedApplication({ riskLevel: RiskLevel.MENENGAH_TINGGI });
    const found = await h.openCase(application);
    const ktp = uploadedDocument(application, 'KTP');
    await h.handle(h.envelope(EVENTS.DocumentUploaded, ktp), (e, m) => documents.uploaded(e, m));
    const id = ktp.document.documentId;

    expect(await documents.decide(found.id, id, siti, 'ACCEPTED')).toMatchObject({ id, type: 'KTP', decision: 'ACCEPTED' });
    const [row] = await rowsOf(application.applicationId);
    expect(row).toMatchObject({ decision: 'ACCEPTED', decisionNote: null, decidedBy: 'siti-id' });
    const [entry] = await h.auditLog({ subjectId: found.id, action: 'document.accepted' });
    expect(entry).toMatchObject({ office: '3373', actor: { kind: 'officer', id: 'siti-id', role: 'verifier' }, details: { documentId: id, type: 'KTP', note: null } });

    await h.get(OfficerReviewService).claim(found.id, siti);
    expect(await refusal(documents.decide(found.id, id, agus, 'REJECTED'))).toEqual([409, 'Case is held by another verifier']);
    expect(await refusal(documents.decide(found.id, id, makassar, 'REJECTED'))).toEqual([404, 'Case not found']);
    expect(await refusal(documents.decide(found.id, found.id, siti, 'REJECTED'))).toEqual([404, 'Document not found']);
    expect(await documents.decide(found.id, id, siti, 'REJECTED', 'Foto buram')).toMatchObject({ decision: 'REJECTED', decisionNote: 'Foto buram' });

    await h.get(OfficerReviewService).reject(found.id, siti, ['Dokumen tidak lengkap']);
    expect(await refusal(documents.decide(found.id, id, siti, 'ACCEPTED'))).toEqual([409, 'Case is REJECTED, not awaiting an officer']);
    expect((await h.auditLog({ subjectId: found.id })).map((a) => a.action)).toEqual([
      'case.opened',
      'document.accepted',
      'case.claimed',
      'document.rejected',
      'case.rejected',
    ]);
    expect((await rowsOf(application.applicationId))[0]).toMatchObject({ decision: 'REJECTED', decisionNote: 'Foto buram' });
  });
});
