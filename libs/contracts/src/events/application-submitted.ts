import { Type } from 'class-transformer';
import {
  IsEnum,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BusinessScale, RiskLevel } from '../enums';
import { ApplicationRef } from './common';

export class SubmittedApplicant {
  /** NIK (16 digits). Needed downstream to keep one NIB per business actor. */
  @Matches(/^\d{16}$/)
  nik: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @Matches(/^\d{15,16}$/)
  npwp?: string;
}

export class SubmittedAddress {
  /** Kemendagri village code, 10 bare digits. */
  @Matches(/^\d{10}$/)
  regionCode: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  street: string;
}

export class SubmittedBusiness {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @Matches(/^\d{5}$/)
  kbli: string;

  @IsString()
  @IsNotEmpty()
  kbliTitle: string;

  /** Modal usaha in rupiah, excluding land and buildings. */
  @IsInt()
  @Min(0)
  capital: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  annualSales?: number;

  @ValidateNested()
  @Type(() => SubmittedAddress)
  address: SubmittedAddress;
}

/**
 * What the platform knows of an application when it leaves intake: the applicant, the business and what
 * the rules derived from them. Carried by the events that later services act on, so no service reads
 * another's tables.
 */
export class ApplicationSnapshot extends ApplicationRef {
  @ValidateNested()
  @Type(() => SubmittedApplicant)
  applicant: SubmittedApplicant;

  @ValidateNested()
  @Type(() => SubmittedBusiness)
  business: SubmittedBusiness;

  @IsEnum(BusinessScale)
  businessScale: BusinessScale;

  @IsEnum(RiskLevel)
  riskLevel: RiskLevel;
}

/** `ApplicationSubmitted` v1: intake accepted and stored a new application. */
export class ApplicationSubmittedV1 extends ApplicationSnapshot {
  @IsISO8601({ strict: true })
  submittedAt: string;
}
