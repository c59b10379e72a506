import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsISO8601, IsUUID, ValidateNested } from 'class-validator';
import { BusinessScale, RiskLevel } from '../enums';
import { SubmittedApplicant, SubmittedBusiness } from './application-submitted';
import { ApplicationRef } from './common';

/**
 * `DocumentsVerified` v1: the application's documents were verified (automatically or by an officer).
 * Carries what issuance needs, so issuance never has to read another service's data.
 */
export class DocumentsVerifiedV1 extends ApplicationRef {
  @IsUUID()
  caseId: string;

  @IsIn(['AUTOMATIC', 'OFFICER'])
  verifiedBy: 'AUTOMATIC' | 'OFFICER';

  @IsISO8601({ strict: true })
  verifiedAt: string;

  @IsEnum(RiskLevel)
  riskLevel: RiskLevel;

  @IsEnum(BusinessScale)
  businessScale: BusinessScale;

  @ValidateNested()
  @Type(() => SubmittedApplicant)
  applicant: SubmittedApplicant;

  @ValidateNested()
  @Type(() => SubmittedBusiness)
  business: SubmittedBusiness;
}
