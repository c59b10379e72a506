import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';
import { PermitType } from '@mpp/contracts';

export class RevokePermitRequest {
  @ApiProperty({ minLength: 10, maxLength: 1000, example: 'Kegiatan usaha tidak sesuai dengan Sertifikat Standar (hasil pengawasan).' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(10, 1000)
  reason: string;
}

export class RevocationView {
  @ApiProperty() permitNumber: string;
  @ApiProperty({ enum: PermitType }) type: PermitType;
  @ApiProperty({ enum: ['REVOKED'] }) status: 'REVOKED';
  @ApiProperty() revokedAt: string;
  @ApiProperty({ description: 'Officer id of the head of office' }) revokedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String], description: 'Applications whose permit this was' }) applicationNumbers: string[];
}
