import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EventActor, EVENTS } from '@mpp/contracts';
import { detectDocumentContentType, documentChecklist, DocumentContentType, DocumentType } from '@mpp/domain';
import { ChangeRecorder } from '@mpp/messaging';
import { DocumentStore, StoredDocument } from '@mpp/persistence';
import { RequestValidationException } from '@mpp/platform';
import { actorOn, ApplicantCredentials, applicationForCaller, ensureTransition } from '../application-access';
import { TrackingCodeSecrets } from '../tracking-code';
import { ApplicationDocumentEntity } from '../application-document.entity';
import { ApplicationEntity } from '../application.entities';
import { ApplicationAction } from '../application-lifecycle';
import { documentUploadedPayload } from './document-uploaded.payload';
import { ensureWithinQuota, UPLOAD_QUOTA, UploadQuota, uploadUsage } from './upload-quota';

export interface DocumentView {
  id: string;
  type: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  fileName: string;
  uploadedAt: string;
}

/** An uploaded file as multer hands it over. */
export interface IncomingFile {
  buffer: Buffer;
  originalname?: string;
}

@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DocumentStore,
    private readonly changes: ChangeRecorder,
    private readonly codes: TrackingCodeSecrets,
    @Inject(UPLOAD_QUOTA) private readonly quota: UploadQuota,
  ) {}

  /**
   * Stores an uploaded document of a checklist type. The content type comes from the bytes (PDF, JPEG or
   * PNG only); the client's name and declared type are not trusted. Under the application's row lock the
   * caller, the status and the quota of the application (`UploadQuota`: versions and bytes, every version
   * counted) are checked, then the bytes written and the row inserted: concurrent uploads of one
   * application are counted one after the other. Nothing is stored when a rule fails; a transaction that
   * fails after the bytes were written leaves only an unreferenced file.
   */
  async upload(applicationNumber: string, who: ApplicantCredentials, type: string, file: IncomingFile | undefined): Promise<DocumentView> {
    const { buffer, originalname, contentType } = checkedFile(file);
    return this.dataSource.transaction(async (manager) => {
      const application = await applicationForCaller(manager, applicationNumber, who, ApplicationAction.UPLOAD_DOCUMENT, { lock: true, codes: this.codes });
      ensureOnChecklist(application, type);
      ensureTransition(ApplicationAction.UPLOAD_DOCUMENT, application.status);
      ensureWithinQuota(this.quota, await uploadUsage(manager, application.id), buffer.length);
      const stored = await this.store.put(buffer, { applicationId: application.id, contentType });
      const actor = actorOn(application, who);
      const document = await this.replace(manager, application, { type, contentType, stored, fileName: sanitiseFileName(originalname), actor });
      await this.changes.record(
        manager,
        { event: EVENTS.DocumentUploaded, aggregateId: application.id, tenant: application.officeCode, payload: documentUploadedPayload(application, document), actor },
        {
          action: 'application.document-uploaded',
          subjectType: 'application',
          subjectId: application.applicationNumber,
          details: { type, sha256: stored.sha256, sizeBytes: stored.sizeBytes },
        },
      );
      return view(document);
    });
  }

  /** The new current document of its type; the one it replaces is kept, no longer current. */
  private async replace(
    manager: EntityManager,
    application: ApplicationEntity,
    upload: { type: string; contentType: DocumentContentType; stored: StoredDocument; fileName: string; actor: EventActor },
  ): Promise<ApplicationDocumentEntity> {
    await manager.update(ApplicationDocumentEntity, { applicationId: application.id, type: upload.type, current: true }, { current: false });
    const document = manager.create(ApplicationDocumentEntity, {
      id: randomUUID(),
      applicationId: application.id,
      type: upload.type,
      contentType: upload.contentType,
      ...upload.stored,
      fileName: upload.fileName,
      uploadedAt: new Date(),
      uploadedBy: upload.actor.id,
      current: true,
    });
    await manager.insert(ApplicationDocumentEntity, document);
    return document;
  }
}

export const DOCUMENT_TYPES = Object.values(DocumentType);

/** The file with its content type, recognised from its bytes; 400 for no file, an empty one or one that is not PDF, JPEG or PNG. */
function checkedFile(file: IncomingFile | undefined): IncomingFile & { contentType: DocumentContentType } {
  if (!file || file.buffer.length === 0) {
    throw new RequestValidationException([{ field: 'file', rule: 'required', message: 'file must be a non-empty PDF, JPEG or PNG file' }]);
  }
  const contentType = detectDocumentContentType(file.buffer);
  if (!contentType) {
    throw new RequestValidationException([
      { field: 'file', rule: 'allowedContent', message: 'file must be a PDF, JPEG or PNG document (recognised by its content, not its name)' },
    ]);
  }
  return { ...file, contentType };
}

/** 400 unless the type is on the application's checklist (which depends on its risk level and applicant kind). */
function ensureOnChecklist(application: ApplicationEntity, type: string): void {
  const checklist: string[] = documentChecklist(application.riskLevel, application.applicantKind);
  if (!checklist.includes(type)) {
    const allowed = checklist.length ? checklist.join(', ') : 'none (this risk level needs no documents)';
    throw new RequestValidationException([{ field: 'type', rule: 'onChecklist', message: `type ${type} is not on this application's checklist: ${allowed}` }]);
  }
}

function view(d: ApplicationDocumentEntity): DocumentView {
  return { id: d.id, type: d.type, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256, fileName: d.fileName, uploadedAt: d.uploadedAt.toISOString() };
}

function sanitiseFileName(name?: string): string {
  const base = (name ?? 'document').split(/[\\/]/).pop() ?? 'document';
  return base.replace(/[^A-Za-z0-9._ -]/g, '_').slice(0, 120) || 'document';
}
