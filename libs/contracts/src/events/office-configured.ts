import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NormalisedText, NormalisedTextOrEmpty, TEXT_LIMITS } from '../text';

/** Working days of an office: which weekdays are off, and dated holidays (national, cuti bersama, local). */
export class OfficeCalendar {
  /** Days of the week that are not working days, 0 = Sunday … 6 = Saturday. */
  @IsArray()
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(6, { each: true })
  weekendDays: number[];

  /** Non-working dates, YYYY-MM-DD. */
  @IsArray()
  @ArrayMaxSize(400)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true })
  holidays: string[];
}

/** Service-level targets of an office, in working days. */
export class OfficeServiceLevels {
  @IsInt()
  @Min(1)
  @Max(60)
  verificationDays: number;

  @IsInt()
  @Min(1)
  @Max(60)
  approvalDays: number;
}

/** `OfficeConfigured` v1: an office (tenant) was created or its configuration changed. */
export class OfficeConfiguredV1 {
  @IsUUID()
  officeId: string;

  /** Kemendagri regency/city code. */
  @Matches(/^\d{4}$/)
  code: string;

  /** The same rules as the office requests of intake (trimmed, not blank, no control characters). */
  @NormalisedText(TEXT_LIMITS.officeName)
  name: string;

  @NormalisedTextOrEmpty(TEXT_LIMITS.officeAddress)
  address: string;

  @IsIn(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'])
  timezone: string;

  /** Number template of Sertifikat Standar and Izin, e.g. `{type}-{office}-{year}-{seq:5}`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  permitNumberTemplate: string;

  @ValidateNested()
  @Type(() => OfficeServiceLevels)
  serviceLevels: OfficeServiceLevels;

  @ValidateNested()
  @Type(() => OfficeCalendar)
  calendar: OfficeCalendar;

  @IsBoolean()
  active: boolean;

  /** Increases with every change; consumers keep the highest. */
  @IsInt()
  @Min(1)
  revision: number;
}
