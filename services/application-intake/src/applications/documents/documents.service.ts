import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { actorOf } from '@mpp/auth';
import { ApplicationStatus, DocumentUploadedV1, EventActor, EVENTS } from '@mpp/contracts';
import { detectDocumentContentType, documentChecklist, DocumentType } from '@mpp/domain';
import { OutboxWriter } from '@mpp/messaging';
import { DocumentStore } from '@mpp/persistence';
import { RequestValidationException } from '@mpp/platform';
import { ApplicantActionsService, ApplicantCredentials } from '../applicant-actions/applicant-actions.service';
import { ApplicationEntity } from '../application.entities';
import { ApplicationDocumentEntity } from './application-document.entity';

/** Statuses in which documents may still be (re)uploaded. */
const OPEN = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_VERIFICATION, ApplicationStatus.REVISION_REQUESTED];

export interface DocumentView {
  id: string;
  type: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  fileName: string;
  uploadedAt: string;
}

@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DocumentStore,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditTrail,
    private readonly applicant: ApplicantActionsService,
  ) {}

  /**
   * Stores an uploaded document of a checklist type. The content type comes from the bytes (PDF, JPEG or
   * PNG only); the client's name and declared type are not trusted. Nothing is stored when a rule fails;
   * the bytes are written before the transaction, and a failed transaction leaves only an unreferenced file.
   */
  async upload(
    applicationNumber: string,
    who: ApplicantCredentials,
    type: string,
    file: { buffer: Buffer; originalname?: string } | undefined,
  ): Promise<DocumentView> {
    if (!file || file.buffer.length === 0) {
      throw new RequestValidationException([{ field: 'file', rule: 'required', message: 'file must be a non-empty PDF, JPEG or PNG file' }]);
    }
    const contentType = detectDocumentContentType(file.buffer);
    if (!contentType) {
      throw new RequestValidationException([
        { field: 'file', rule: 'allowedContent', message: 'file must be a PDF, JPEG or PNG document (recognised by its content, not its name)' },
      ]);
    }
    // Checked before anything is stored; the application is locked (and its status checked again) below.
    const application = await this.applicant.authorised(this.dataSource.manager, applicationNumber, who, false);
    const checklist: string[] = documentChecklist(application.riskLevel, application.applicantKind);
    if (!checklist.includes(type)) {
      const allowed = checklist.length ? checklist.join(', ') : 'none (this risk level needs no documents)';
      throw new RequestValidationException([
        { field: 'type', rule: 'onChecklist', message: `type ${type} is not on this application's checklist: ${allowed}` },
      ]);
    }
    if (!OPEN.includes(application.status)) throw new ConflictException(`The application is ${application.status}; documents can no longer change`);
    const stored = await this.store.put(file.buffer, { applicationId: application.id, contentType });
    const actor: EventActor = who.officer ? actorOf(who.officer) : { kind: 'applicant', id: application.applicationNumber };

    return this.dataSource.transaction(async (manager) => {
      const locked = await manager.findOneOrFail(ApplicationEntity, { where: { id: application.id }, lock: { mode: 'pessimistic_write' } });
      if (!OPEN.includes(locked.status)) throw new ConflictException(`The application is ${locked.status}; documents can no longer change`);
      await manager.update(ApplicationDocumentEntity, { applicationId: application.id, type, current: true }, { current: false });
      const document = manager.create(ApplicationDocumentEntity, {
        id: randomUUID(),
        applicationId: application.id,
        type,
        contentType,
        ...stored,
        fileName: sanitiseFileName(file.originalname),
        uploadedAt: new Date(),
        uploadedBy: actor.id,
        current: true,
      });
      await manager.insert(ApplicationDocumentEntity, document);
      const payload: DocumentUploadedV1 = {
        applicationId: application.id,
        applicationNumber: application.applicationNumber,
        officeCode: application.officeCode,
        document: {
          documentId: document.id,
          type,
          contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          storageKey: stored.storageKey,
          uploadedAt: document.uploadedAt.toISOString(),
        },
      };
      await this.outbox.append(manager, { event: EVENTS.DocumentUploaded, aggregateId: application.id, tenant: application.officeCode, payload, actor });
      await this.audit.record(manager, {
        action: 'application.document-uploaded',
        subjectType: 'application',
        subjectId: application.applicationNumber,
        office: application.officeCode,
        actor,
        details: { type, sha256: stored.sha256, sizeBytes: stored.sizeBytes },
      });
      return view(document);
    });
  }

  async currentDocuments(applicationId: string): Promise<DocumentView[]> {
    const documents = await this.dataSource.getRepository(ApplicationDocumentEntity).find({ where: { applicationId, current: true }, order: { uploadedAt: 'ASC' } });
    return documents.map(view);
  }
}

export const DOCUMENT_TYPES = Object.values(DocumentType);

function view(d: ApplicationDocumentEntity): DocumentView {
  return { id: d.id, type: d.type, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256, fileName: d.fileName, uploadedAt: d.uploadedAt.toISOString() };
}

function sanitiseFileName(name?: string): string {
  const base = (name ?? 'document').split(/[\\/]/).pop() ?? 'document';
  return base.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 120) || 'document';
}
