import { createHash } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf, Officer } from '@mpp/auth';
import { DocumentUploadedV1, EventEnvelope } from '@mpp/contracts';
import { DocumentStore } from '@mpp/persistence';
import { CaseDocumentEntity, DocumentDecision } from '../case-document.entity';
import { CASE_SUBJECT } from '../case-events';
import { actOnOfficeCase, officeCaseOrNotFound } from '../office-case';

export interface CaseDocumentView {
  id: string;
  type: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
  decision?: DocumentDecision;
  decisionNote?: string;
}

@Injectable()
export class CaseDocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DocumentStore,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A new upload replaces the current document of its type (and its decision). Recorded whatever the
   * case's state, also before the case opens (the lifecycle's `upload-document`), so the case is not read.
   */
  async uploaded(event: EventEnvelope<DocumentUploadedV1>, manager: EntityManager): Promise<void> {
    const { applicationId, document } = event.payload;
    await manager.update(CaseDocumentEntity, { applicationId, type: document.type, current: true }, { current: false });
    await manager
      .createQueryBuilder()
      .insert()
      .into(CaseDocumentEntity)
      .values({
        id: document.documentId,
        applicationId,
        type: document.type,
        contentType: document.contentType,
        sizeBytes: document.sizeBytes,
        sha256: document.sha256,
        storageKey: document.storageKey,
        uploadedAt: new Date(document.uploadedAt),
        current: true,
      })
      .orIgnore()
      .execute();
  }

  async list(caseId: string, officer: Officer): Promise<CaseDocumentView[]> {
    const found = await officeCaseOrNotFound(this.dataSource.manager, caseId, officer);
    const documents = await this.dataSource.getRepository(CaseDocumentEntity).find({
      where: { applicationId: found.applicationId, current: true },
      order: { uploadedAt: 'ASC' },
    });
    return documents.map(view);
  }

  /** The document's bytes for an officer of the case's office, checked against the hash recorded at upload. */
  async content(caseId: string, documentId: string, officer: Officer): Promise<{ document: CaseDocumentEntity; bytes: Buffer }> {
    const found = await officeCaseOrNotFound(this.dataSource.manager, caseId, officer);
    const document = await this.dataSource.getRepository(CaseDocumentEntity).findOneBy({ id: documentId, applicationId: found.applicationId });
    if (!document) throw new NotFoundException('Document not found');
    const bytes = await this.store.get(document.storageKey);
    if (createHash('sha256').update(bytes).digest('hex') !== document.sha256) throw new ConflictException('Stored document does not match its recorded SHA-256');
    return { document, bytes };
  }

  async decide(caseId: string, documentId: string, officer: Officer, decision: DocumentDecision, note?: string): Promise<CaseDocumentView> {
    return this.dataSource.transaction(async (manager) => {
      const { found } = await actOnOfficeCase(manager, caseId, officer, 'decide-document');
      const document = await manager.findOneBy(CaseDocumentEntity, { id: documentId, applicationId: found.applicationId, current: true });
      if (!document) throw new NotFoundException('Document not found');
      Object.assign(document, { decision, decisionNote: note ?? null, decidedBy: officer.id, decidedAt: new Date() });
      await manager.save(CaseDocumentEntity, document);
      await this.audit.record(manager, {
        action: `document.${decision.toLowerCase()}`,
        subjectType: CASE_SUBJECT,
        subjectId: found.id,
        office: found.officeCode,
        actor: actorOf(officer),
        details: { documentId, type: document.type, note: note ?? null },
      });
      return view(document);
    });
  }
}

function view(d: CaseDocumentEntity): CaseDocumentView {
  return {
    id: d.id,
    type: d.type,
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    uploadedAt: d.uploadedAt.toISOString(),
    ...(d.decision ? { decision: d.decision } : {}),
    ...(d.decisionNote ? { decisionNote: d.decisionNote } : {}),
  };
}
