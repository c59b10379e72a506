import { Type } from 'class-transformer';
import { ArrayMinSize, IsEnum, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PermitType } from '../enums';
import { ApplicationRef } from './common';

export class IssuedPermit {
  @IsEnum(PermitType)
  type: PermitType;

  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  number: string;

  @IsISO8601({ strict: true })
  issuedAt: string;

  /** Absent when the permit is valid for as long as the business runs (NIB). */
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;

  /** Public page that confirms the permit (the certificate's QR code points here). */
  @IsOptional()
  @IsUrl({ require_tld: false })
  verificationUrl?: string;

  /** Where the certificate PDF of the permit can be downloaded (public). */
  @IsOptional()
  @IsUrl({ require_tld: false })
  certificateUrl?: string;

  /** SHA-256 (lower-case hex) of the certificate PDF as issued; the verification page compares against it. */
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/)
  certificateSha256?: string;

  /** Electronic signature of the permit data: SIGNED, or PENDING while the signing provider has not signed yet. */
  @IsOptional()
  @IsIn(['SIGNED', 'PENDING'])
  signatureStatus?: 'SIGNED' | 'PENDING';

  /**
   * The permit was issued by operation of law (fiktif positif) because a deadline lapsed without a decision:
   * the legal basis (e.g. PP 28/2025 Pasal 230). Absent for a permit an officer or the system decided.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  deemedBasis?: string;
}

/** `PermitIssued` v1: every permit the application's risk level yields has been issued. */
export class PermitIssuedV1 extends ApplicationRef {
  /** The business actor's NIB (13 digits), one per actor, reused across applications. */
  @Matches(/^\d{13}$/)
  nib: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => IssuedPermit)
  permits: IssuedPermit[];

  @IsISO8601({ strict: true })
  issuedAt: string;
}
