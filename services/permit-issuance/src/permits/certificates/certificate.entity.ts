import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import type { SignatureStatus } from '../signing/permit-signer';
import type { CertificateContent } from './certificate-document';

/**
 * The certificate PDF of a permit as issued, with its SHA-256 and the signature of the permit data. A
 * Sertifikat Standar or Izin has one; an NIB gets a new version whenever another activity is licensed
 * under it (the newest is the current one; earlier versions still verify as genuine).
 */
@Entity({ name: 'certificates' })
export class CertificateEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The permit row whose issuance made this version. */
  @Column({ name: 'permit_id', type: 'uuid' })
  permitId: string;

  @Column({ name: 'permit_number', type: 'varchar', length: 60 })
  permitNumber: string;

  @Column({ name: 'permit_type', type: 'varchar', length: 30 })
  permitType: PermitType;

  @Column({ type: 'integer' })
  version: number;

  /** The office whose key signed. */
  @Column({ name: 'office_code', type: 'char', length: 4 })
  officeCode: string;

  /** What the PDF shows; rendering it again gives the same bytes. */
  @Column({ type: 'jsonb' })
  content: CertificateContent;

  /** The canonical permit data that was signed (canonical JSON). */
  @Column({ name: 'signed_data', type: 'text' })
  signedData: string;

  @Column({ type: 'bytea' })
  pdf: Buffer;

  /** Lower-case hex. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ name: 'signature_status', type: 'varchar', length: 10 })
  signatureStatus: SignatureStatus;

  @Column({ name: 'signature_algorithm', type: 'varchar', length: 40 })
  signatureAlgorithm: string;

  @Column({ name: 'signature_key_id', type: 'varchar', length: 100, nullable: true })
  signatureKeyId: string | null;

  /** Base64; null while the signature is pending. */
  @Column({ type: 'text', nullable: true })
  signature: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
