import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

/** What anyone holding a permit number (or its QR code) may learn. Never the NIK or tracking code. */
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
}
