import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { APPLICANT_KINDS, ApplicantKind, CONTACT_LANGUAGES, ContactLanguage, ENTITY_FORMS, EntityForm, NormalisedText, OptionalNormalisedText, TEXT_LIMITS, Trimmed } from '@mpp/contracts';
import { IsKnownKbli, IsNik, IsNpwp, IsVillageCode, validateNpwp } from '@mpp/domain';

/** Largest amount accepted in rupiah (Rp 1 quadrillion), well inside JavaScript's exact integers. */
const MAX_RUPIAH = 1_000_000_000_000_000;

/**
 * Forms whose establishment is recorded in a deed: PT (notarial akta pendirian, UU 40/2007), CV and Firma
 * (notarial deed registered with Kemenkumham), Koperasi (akta pendirian koperasi, UU 25/1992) and BUM Desa
 * (established by Peraturan Desa, PP 11/2021 — its number and date go in the same fields). A PT Perorangan
 * (UU 6/2023 jo. PP 8/2021) is established by a statement of establishment (pernyataan pendirian) registered
 * online with Kemenkumham, without a notary, so its deed is optional.
 */
export const FORMS_REQUIRING_DEED: readonly EntityForm[] = ['PT', 'CV', 'FIRMA', 'KOPERASI', 'BUM_DESA'];

/** An entity's NPWP is its own 15-digit or 16-digit ("0" + 15) NPWP, never a person's NIK used as NPWP. */
function IsEntityNpwp(): PropertyDecorator {
  return ValidateBy({
    name: 'isEntityNpwp',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || validateNpwp(value).kind !== 'NIK',
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'npwp'} must be the business entity's own NPWP (15 digits, or 16 digits starting with 0), not a NIK: a badan usaha has an NPWP of its own`,
    },
  });
}

/** `entity` is given only for an applicant of kind ENTITY. */
function IsAbsentUnlessEntity(): PropertyDecorator {
  return ValidateBy({
    name: 'absentForIndividual',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        value == null || (args?.object as ApplicantDto | undefined)?.kind === 'ENTITY',
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'entity'} must be absent for an INDIVIDUAL applicant (set kind to ENTITY for a business entity)`,
    },
  });
}

export class DeedDto {
  @ApiProperty({ example: '12', description: 'Number of the deed of establishment (akta pendirian)' })
  @NormalisedText(TEXT_LIMITS.deedNumber)
  number: string;

  @ApiProperty({ example: '2021-03-15', description: 'Date of the deed, YYYY-MM-DD' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date in the form YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a valid calendar date (YYYY-MM-DD)' })
  date: string;

  @ApiPropertyOptional({ example: 'Dewi Lestari, S.H., M.Kn.', description: 'The notary who drew up the deed' })
  @OptionalNormalisedText(TEXT_LIMITS.notary)
  notary?: string;

  @ApiPropertyOptional({ example: 'AHU-0012345.AH.01.01.TAHUN 2021', description: 'SK Kemenkumham / AHU decree number' })
  @OptionalNormalisedText(TEXT_LIMITS.ministryApproval)
  ministryApproval?: string;
}

export class EntityDto {
  @ApiProperty({ enum: ENTITY_FORMS, example: 'CV', description: 'Jenis perusahaan (badan usaha)' })
  @IsIn(ENTITY_FORMS, { message: `form must be one of ${ENTITY_FORMS.join(', ')}` })
  form: EntityForm;

  @ApiProperty({ example: 'CV Roti Makmur', maxLength: TEXT_LIMITS.entityName })
  @NormalisedText(TEXT_LIMITS.entityName)
  name: string;

  @ApiProperty({ example: '02.183.241.5-000.000', description: "The entity's own NPWP, 15 digits or 16 digits starting with 0 (not a NIK)" })
  @Trimmed()
  @IsString()
  @IsNpwp()
  @IsEntityNpwp()
  npwp: string;

  @ApiPropertyOptional({
    type: DeedDto,
    description: 'Deed of establishment; required for PT, CV, FIRMA, KOPERASI and BUM_DESA, optional for PT_PERORANGAN (established by a statement)',
  })
  @ValidateIf((o: EntityDto) => FORMS_REQUIRING_DEED.includes(o.form) || o.deed != null)
  @IsDefined({ message: `deed must be given for a ${FORMS_REQUIRING_DEED.join(', ')} (the akta pendirian); only a PT_PERORANGAN may omit it` })
  @ValidateNested()
  @Type(() => DeedDto)
  deed?: DeedDto;
}

export class ApplicantDto {
  @ApiProperty({ example: '3373011708900001', description: 'NIK, 16 digits (PPKKCC DDMMYY SSSS)' })
  @Trimmed()
  @IsString()
  @IsNik()
  nik: string;

  @ApiProperty({ example: 'Siti Rahayu', maxLength: TEXT_LIMITS.personName })
  @NormalisedText(TEXT_LIMITS.personName)
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

  @ApiPropertyOptional({ enum: CONTACT_LANGUAGES, default: 'id', description: 'Language of the messages sent to email/phone: id (Bahasa Indonesia, the default) or en' })
  @IsOptional()
  @IsIn(CONTACT_LANGUAGES, { message: `language must be one of ${CONTACT_LANGUAGES.join(', ')}` })
  language?: ContactLanguage;

  @ApiPropertyOptional({ example: '01.312.166.0-091.000', description: 'NPWP (15 or 16 digits) or NIK as NPWP' })
  @Trimmed()
  @IsOptional()
  @IsString()
  @IsNpwp()
  npwp?: string;

  @ApiPropertyOptional({
    enum: APPLICANT_KINDS,
    default: 'INDIVIDUAL',
    description: 'INDIVIDUAL (perseorangan, the default) or ENTITY (badan usaha); for an ENTITY, nik and name are the person acting for it',
  })
  @IsOptional()
  @IsIn(APPLICANT_KINDS, { message: `kind must be one of ${APPLICANT_KINDS.join(', ')}` })
  kind?: ApplicantKind;

  @ApiPropertyOptional({ type: EntityDto, description: 'The business entity; required when kind is ENTITY, absent otherwise' })
  @ValidateIf((o: ApplicantDto) => o.kind === 'ENTITY' || o.entity != null)
  @IsAbsentUnlessEntity()
  @IsDefined({ message: 'entity must be given when kind is ENTITY' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => EntityDto)
  entity?: EntityDto;
}

export class AddressDto {
  @ApiProperty({ example: '33.73.01.1001', description: 'Kemendagri village (kelurahan/desa) code, 10 digits, dots allowed' })
  @Trimmed()
  @IsString()
  @IsVillageCode()
  regionCode: string;

  @ApiProperty({ example: 'Jl. Jenderal Sudirman No. 12', maxLength: TEXT_LIMITS.street })
  @NormalisedText(TEXT_LIMITS.street)
  street: string;
}

export class BusinessDto {
  @ApiProperty({ example: 'Warung Bu Siti', maxLength: TEXT_LIMITS.businessName })
  @NormalisedText(TEXT_LIMITS.businessName)
  name: string;

  @ApiProperty({ example: '47112', description: 'KBLI 2020 code (5 digits), see GET /api/v1/reference/kbli' })
  @Trimmed()
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
