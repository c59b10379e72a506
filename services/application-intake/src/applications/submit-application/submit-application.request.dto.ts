import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsKnownKbli, IsNik, IsNpwp, IsVillageCode } from '@mpp/domain';

/** Largest amount accepted in rupiah (Rp 1 quadrillion), well inside JavaScript's exact integers. */
const MAX_RUPIAH = 1_000_000_000_000_000;

export class ApplicantDto {
  @ApiProperty({ example: '3373011708900001', description: 'NIK, 16 digits (PPKKCC DDMMYY SSSS)' })
  @IsString()
  @IsNik()
  nik: string;

  @ApiProperty({ example: 'Siti Rahayu' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'siti@example.id' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+6281234567890' })
  @IsOptional()
  @Matches(/^\+?[0-9]{8,15}$/, { message: 'phone must be 8 to 15 digits, optionally starting with +' })
  phone?: string;

  @ApiPropertyOptional({ example: '01.312.166.0-091.000', description: 'NPWP (15 or 16 digits) or NIK as NPWP' })
  @IsOptional()
  @IsString()
  @IsNpwp()
  npwp?: string;
}

export class AddressDto {
  @ApiProperty({ example: '33.73.01.1001', description: 'Kemendagri village (kelurahan/desa) code, 10 digits, dots allowed' })
  @IsString()
  @IsVillageCode()
  regionCode: string;

  @ApiProperty({ example: 'Jl. Jenderal Sudirman No. 12' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  street: string;
}

export class BusinessDto {
  @ApiProperty({ example: 'Warung Bu Siti' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '47112', description: 'KBLI 2020 code (5 digits), see GET /api/v1/reference/kbli' })
  @IsString()
  @IsKnownKbli()
  kbli: string;

  @ApiProperty({ example: 50_000_000, description: 'Modal usaha in rupiah, excluding land and buildings' })
  @IsInt()
  @Min(0)
  @Max(MAX_RUPIAH)
  capital: number;

  @ApiPropertyOptional({ example: 300_000_000, description: 'Hasil penjualan tahunan in rupiah' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_RUPIAH)
  annualSales?: number;

  @ApiProperty({ type: AddressDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

export class SubmitApplicationRequest {
  @ApiProperty({ example: '3373', description: "The office's 4-digit Kemendagri regency/city code (GET /api/v1/offices)" })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'officeCode must be a 4-digit Kemendagri regency/city code' })
  officeCode: string;

  @ApiProperty({ type: ApplicantDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiProperty({ type: BusinessDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => BusinessDto)
  business: BusinessDto;
}

export class SubmitApplicationResponse {
  @ApiProperty({ example: 'MPP-3373-2026-000001' })
  applicationNumber: string;

  @ApiProperty({ example: 'K7QD-9MXR-2HTA', description: 'Secret code to track the application; shown once' })
  trackingCode: string;

  @ApiProperty({ example: 'SUBMITTED' })
  status: string;
}
