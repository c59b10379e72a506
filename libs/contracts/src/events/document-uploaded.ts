import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { ApplicationRef } from './common';

/** A stored document, by reference: the bytes stay in the document store. */
export class DocumentRef {
  @IsUUID()
  documentId: string;

  /** Checklist type, e.g. KTP, NPWP, FOTO_TEMPAT_USAHA. */
  @Matches(/^[A-Z_]{2,40}$/)
  type: string;

  @IsIn(['application/pdf', 'image/jpeg', 'image/png'])
  contentType: string;

  @IsInt()
  @Min(1)
  sizeBytes: number;

  @Matches(/^[0-9a-f]{64}$/)
  sha256: string;

  @IsString()
  @MaxLength(200)
  storageKey: string;

  @IsISO8601({ strict: true })
  uploadedAt: string;
}

/** `DocumentUploaded` v1 (intake): the applicant (or the counter) uploaded a document; it replaces one of the same type. */
export class DocumentUploadedV1 extends ApplicationRef {
  @ValidateNested()
  @Type(() => DocumentRef)
  document: DocumentRef;
}
