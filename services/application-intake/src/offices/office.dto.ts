import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NormalisedText, NormalisedTextOrEmpty, TEXT_LIMITS, UnlessAbsent } from '@mpp/contracts';
import { IsPermitNumberTemplate } from '@mpp/domain';

export const TIMEZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;

export class CalendarDto {
  @ApiProperty({
    type: 'integer',
    isArray: true,
    minimum: 0,
    maximum: 6,
    maxItems: 7,
    example: [0, 6],
    description: 'Days of the week that are not working days (0 = Sunday)',
  })
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  weekendDays: number[];

  @ApiProperty({ type: String, format: 'date', isArray: true, maxItems: 400, example: ['2026-08-17'], description: 'Holidays and cuti bersama, YYYY-MM-DD' })
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { each: true, message: 'each holiday must be a YYYY-MM-DD date' })
  holidays: string[];
}

export class ServiceLevelsDto {
  @ApiProperty({ example: 5, description: 'Working days for document verification' })
  @IsInt()
  @Min(1)
  @Max(60)
  verificationDays: number;

  @ApiProperty({ example: 5, description: 'Working days for the head of office to approve a high-risk permit' })
  @IsInt()
  @Min(1)
  @Max(60)
  approvalDays: number;
}

/**
 * What an office admin may change. An absent property is unchanged; `null` is refused like any other wrong
 * value. Name and address follow the rules of `OfficeConfigured` (trimmed, no control characters; the name
 * not blank), so every accepted change is an event its consumers accept.
 */
export class UpdateOfficeRequest {
  @ApiPropertyOptional({ example: 'DPMPTSP Kota Salatiga', maxLength: TEXT_LIMITS.officeName })
  @UnlessAbsent()
  @NormalisedText(TEXT_LIMITS.officeName)
  name?: string;

  @ApiPropertyOptional({ example: 'Jl. Letjend Sukowati No. 51, Salatiga', maxLength: TEXT_LIMITS.officeAddress })
  @UnlessAbsent()
  @NormalisedTextOrEmpty(TEXT_LIMITS.officeAddress)
  address?: string;

  @ApiPropertyOptional({ enum: TIMEZONES })
  @UnlessAbsent()
  @IsIn(TIMEZONES)
  timezone?: string;

  @ApiPropertyOptional({
    example: '503/{seq:4}/{type}/DPMPTSP-{office}/{year}',
    description: "Tokens {type}, {office}, {year}, {seq:N}; {type}, {office} and one {seq:N} are required, so no two offices' numbers collide",
  })
  @UnlessAbsent()
  @IsString()
  @MaxLength(100)
  @IsPermitNumberTemplate()
  permitNumberTemplate?: string;

  @ApiPropertyOptional({ type: ServiceLevelsDto })
  @UnlessAbsent()
  @IsObject()
  @ValidateNested()
  @Type(() => ServiceLevelsDto)
  serviceLevels?: ServiceLevelsDto;

  @ApiPropertyOptional({ type: CalendarDto })
  @UnlessAbsent()
  @IsObject()
  @ValidateNested()
  @Type(() => CalendarDto)
  calendar?: CalendarDto;

  @ApiPropertyOptional({ description: 'An inactive office accepts no new applications' })
  @UnlessAbsent()
  @IsBoolean()
  active?: boolean;
}

/** A new office, created by a platform admin. */
export class CreateOfficeRequest extends PartialType(UpdateOfficeRequest, { skipNullProperties: false }) {
  @ApiProperty({ example: '3374', description: 'Kemendagri regency/city code (4 digits)' })
  @Matches(/^\d{4}$/, { message: 'code must be a 4-digit Kemendagri regency/city code' })
  code: string;

  @ApiProperty({ example: 'DPMPTSP Kota Semarang', maxLength: TEXT_LIMITS.officeName })
  @NormalisedText(TEXT_LIMITS.officeName)
  declare name: string;
}

export class OfficeSummaryView {
  @ApiProperty({ example: '3373' })
  code: string;

  @ApiProperty({ example: 'DPMPTSP Kota Salatiga' })
  name: string;

  @ApiProperty()
  address: string;

  @ApiProperty({ enum: TIMEZONES })
  timezone: string;
}

export class OfficeView extends OfficeSummaryView {
  @ApiProperty()
  permitNumberTemplate: string;

  @ApiProperty({ type: ServiceLevelsDto })
  serviceLevels: ServiceLevelsDto;

  @ApiProperty({ type: CalendarDto })
  calendar: CalendarDto;

  @ApiProperty()
  active: boolean;

  @ApiProperty()
  revision: number;

  @ApiProperty()
  updatedAt: string;
}
