import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ApplicationRef } from './common';

export class AutomaticCheckResult {
  @IsString()
  @IsNotEmpty()
  name: string;

  @IsBoolean()
  passed: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  detail?: string;
}

/** `VerificationStarted` v1: verification opened a case for the application. */
export class VerificationStartedV1 extends ApplicationRef {
  @IsUUID()
  caseId: string;

  /** Document types the applicant has to provide for this permit type and risk level. */
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  checklist: string[];

  @ValidateNested({ each: true })
  @Type(() => AutomaticCheckResult)
  automaticChecks: AutomaticCheckResult[];

  @IsISO8601({ strict: true })
  startedAt: string;
}
