import { DocumentUploadedV1 } from '@mpp/contracts';
import { ApplicationDocumentEntity } from '../application-document.entity';
import { ApplicationEntity } from '../application.entities';

/** DocumentUploaded: the application and the stored document (verification fetches it by its storage key). */
export function documentUploadedPayload(
  application: Pick<ApplicationEntity, 'id' | 'applicationNumber' | 'officeCode'>,
  document: ApplicationDocumentEntity,
): DocumentUploadedV1 {
  return {
    applicationId: application.id,
    applicationNumber: application.applicationNumber,
    officeCode: application.officeCode,
    document: {
      documentId: document.id,
      type: document.type,
      contentType: document.contentType,
      sizeBytes: document.sizeBytes,
      sha256: document.sha256,
      storageKey: document.storageKey,
      uploadedAt: document.uploadedAt.toISOString(),
    },
  };
}
