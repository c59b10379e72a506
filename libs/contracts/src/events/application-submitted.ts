import { Type } from 'class-transformer';
import {
  IsEmail,
  IsEnum,
  IsIn,
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
import { NormalisedText, OptionalNormalisedText, TEXT_LIMITS } from '../text';
import { ApplicationRef } from './common';

export const APPLICANT_KINDS = ['INDIVIDUAL', 'ENTITY'] as const;
/** Jenis pelaku usaha (OSS PIA Lampiran 18): 02 Perseorangan → INDIVIDUAL, 01 Badan Usaha → ENTITY. */
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Forms of business entity (jenis perusahaan, OSS PIA Lampiran 2: 01, 26, 02, 05, 07, 28). */
export const ENTITY_FORMS = ['PT', 'PT_PERORANGAN', 'CV', 'FIRMA', 'KOPERASI', 'BUM_DESA'] as const;
export type EntityForm = (typeof ENTITY_FORMS)[number];

/** The deed of establishment (akta pendirian) of a business entity. */
export class SubmittedDeed {
  @NormalisedText(TEXT_LIMITS.deedNumber)
  number: string;

  /** Date of the deed, a calendar date YYYY-MM-DD. */
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date: string;

  @OptionalNormalisedText(TEXT_LIMITS.notary)
  notary?: string;

  /** Ministry of Law approval or registration (SK Kemenkumham, AHU decree number). */
  @OptionalNormalisedText(TEXT_LIMITS.ministryApproval)
  ministryApproval?: string;
}

/** A business entity (badan usaha) applying; one NIB per entity, identified by its own NPWP. */
export class SubmittedEntity {
  @IsIn(ENTITY_FORMS)
  form: EntityForm;

  @NormalisedText(TEXT_LIMITS.entityName)
  name: string;

  /** The entity's NPWP, digits only (15-digit legacy or 16-digit "0" + legacy). */
  @Matches(/^\d{15,16}$/)
  npwp: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => SubmittedDeed)
  deed?: SubmittedDeed;
}

export class SubmittedApplicant {
  /** NIK (16 digits). Needed downstream to keep one NIB per business actor. */
  @Matches(/^\d{16}$/)
  nik: string;

  @NormalisedText(TEXT_LIMITS.personName)
  name: string;

  @IsOptional()
  @Matches(/^\d{15,16}$/)
  npwp?: string;

  /**
   * Jenis pelaku usaha: an individual (perseorangan) or a business entity (badan usaha). Absent means
   * INDIVIDUAL, as before the field existed. For an ENTITY, `nik` and `name` are the person acting for it.
   */
  @IsOptional()
  @IsIn(APPLICANT_KINDS)
  kind?: ApplicantKind;

  /** The business entity applying; present exactly when `kind` is ENTITY. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SubmittedEntity)
  entity?: SubmittedEntity;
}

export class SubmittedAddress {
  /** Kemendagri village code, 10 bare digits. */
  @Matches(/^\d{10}$/)
  regionCode: string;

  @NormalisedText(TEXT_LIMITS.street)
  street: string;
}

export class SubmittedBusiness {
  @NormalisedText(TEXT_LIMITS.businessName)
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

  /**
   * The rule set the risk level and permits were decided under (e.g. `PP-28-2025`, the regulation in
   * force for the office on the day of submission); absent in events from before rule sets were recorded,
   * which were decided under PP 5/2021 (`PP-5-2021`).
   */
  @IsOptional()
  @Matches(/^[A-Z0-9-]{3,40}$/)
  ruleSet?: string;
}

/** Languages the platform writes to applicants in: Bahasa Indonesia (the default) and English. */
export const CONTACT_LANGUAGES = ['id', 'en'] as const;
export type ContactLanguage = (typeof CONTACT_LANGUAGES)[number];

/**
 * How the applicant wants to be told what happens to the application (the notification service reads it;
 * it keeps the address only until a configurable number of days after the application closes).
 */
export class ApplicantContact {
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /** Mobile number for WhatsApp/SMS, 8 to 15 digits, optionally with a leading +. */
  @IsOptional()
  @Matches(/^\+?[0-9]{8,15}$/)
  phone?: string;

  /** Language of the messages; absent means Bahasa Indonesia. */
  @IsOptional()
  @IsIn(CONTACT_LANGUAGES)
  language?: ContactLanguage;
}

/** `ApplicationSubmitted` v1: intake accepted and stored a new application. */
export class ApplicationSubmittedV1 extends ApplicationSnapshot {
  @IsISO8601({ strict: true })
  submittedAt: string;

  /** Present when the applicant gave an email address or a phone number. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ApplicantContact)
  contact?: ApplicantContact;
}
