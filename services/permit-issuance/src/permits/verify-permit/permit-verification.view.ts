import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { PermitType } from '@mpp/contracts';

export class VerifiedActivityView {
  @ApiProperty({ example: '47112' })
  kbli: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: 'Warung Bu Siti' })
  businessName: string;
}

export class OfficeView {
  @ApiProperty({ example: '3373' })
  code: string;

  @ApiProperty({ example: 'DPMPTSP Kota Salatiga' })
  name: string;
}

export class SignatureView {
  @ApiProperty({ enum: ['SIGNED', 'PENDING'], description: 'PENDING while the signing provider has not signed the permit data' })
  status: 'SIGNED' | 'PENDING';

  @ApiProperty({ example: 'Ed25519' })
  algorithm: string;

  @ApiPropertyOptional({ example: '3373-ed25519-4f1c2a9b0d3e5f67', description: 'Public key at GET /api/v1/signing-keys/{keyId}' })
  keyId?: string;

  @ApiPropertyOptional({ description: 'Base64 signature over `signedData`' })
  value?: string;

  @ApiPropertyOptional({ description: 'The canonical permit data that was signed (canonical JSON)' })
  signedData?: string;

  @ApiProperty({ description: 'True when the signature checks out against the office key' })
  verified: boolean;
}

/** What anyone holding a permit number (or its QR code) may learn. Never the NIK, tracking code or revocation reason. */
export class PermitVerificationView {
  @ApiProperty({ example: 'SS-3373-2026-00001' })
  permitNumber: string;

  @ApiProperty({ enum: PermitType })
  type: PermitType;

  @ApiProperty({ description: 'True while the permit is active (not revoked, not expired)' })
  valid: boolean;

  @ApiProperty({ enum: ['ACTIVE', 'REVOKED', 'EXPIRED'] })
  status: 'ACTIVE' | 'REVOKED' | 'EXPIRED';

  @ApiProperty({ description: "Holder's name (for an NIB) or the business name" })
  holderName: string;

  @ApiProperty({ type: [VerifiedActivityView] })
  activities: VerifiedActivityView[];

  @ApiProperty({ type: OfficeView })
  office: OfficeView;

  @ApiProperty()
  issuedAt: string;

  @ApiPropertyOptional()
  validUntil?: string;

  @ApiPropertyOptional({ description: 'When the permit was revoked (the reason is not public)' })
  revokedAt?: string;

  @ApiPropertyOptional({ description: 'SHA-256 (hex) of the current certificate PDF' })
  certificateSha256?: string;

  @ApiPropertyOptional()
  certificateUrl?: string;

  @ApiPropertyOptional({ type: SignatureView })
  signature?: SignatureView;
}

/** A certificate presented by its hash (instead of the PDF itself). */
export class CheckDocumentRequest {
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal characters' })
  sha256: string;
}

export class DocumentCheckView {
  @ApiProperty()
  permitNumber: string;

  @ApiProperty({ description: 'SHA-256 (hex) of the presented document' })
  sha256: string;

  @ApiProperty({ description: 'True when the document is a certificate issued for this permit, unaltered' })
  matches: boolean;

  @ApiProperty({ description: 'True when it is the current version of the certificate' })
  current: boolean;

  @ApiPropertyOptional({ description: 'Version of the certificate the document matches' })
  version?: number;

  @ApiPropertyOptional({ description: 'SHA-256 of the current certificate' })
  certificateSha256?: string;

  @ApiProperty({ description: 'Whether the permit itself is valid now (see the verification page)' })
  valid: boolean;

  @ApiProperty({ enum: ['ACTIVE', 'REVOKED', 'EXPIRED'] })
  status: 'ACTIVE' | 'REVOKED' | 'EXPIRED';
}
