import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length } from 'class-validator';
import { PermitType } from '@mpp/contracts';
import { LimitRequest } from '@mpp/platform';
import { PermitStatus } from '../permit-lifecycle';

export class SearchPermitsRequest extends LimitRequest {
  @ApiPropertyOptional({
    minLength: 2,
    maxLength: 100,
    example: 'Warung Bu Siti',
    description:
      'A permit number, an NIB (13 digits), a NIK (16 digits) or an application number, exactly; or part of the holder’s or business’s name. Without it: the office’s latest permits',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(2, 100)
  q?: string;
}

/** One permit of the office as officers see it (the NIK is searched by, never shown). */
export class PermitSummaryView {
  @ApiProperty() number: string;
  @ApiProperty({ enum: PermitType }) type: PermitType;
  @ApiProperty({ enum: PermitStatus }) status: PermitStatus;
  @ApiProperty() applicationNumber: string;
  @ApiProperty({ description: 'The NIB holder: the individual, or the business entity' }) holderName: string;
  @ApiProperty({ example: '2811260000001' }) nib: string;
  @ApiProperty() businessName: string;
  @ApiProperty({ example: '47721' }) kbli: string;
  @ApiProperty() kbliTitle: string;
  @ApiProperty() issuedAt: string;
  @ApiPropertyOptional() validUntil?: string;
  @ApiPropertyOptional() revokedAt?: string;
  @ApiPropertyOptional() revocationReason?: string;
}
