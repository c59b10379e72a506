import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsIn, IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { RiskLevel } from '@mpp/contracts';
import { CaseStatus, VerificationCaseEntity } from '../verification-case.entity';
import { LimitRequest } from '@mpp/platform';

export class ListCasesRequest extends LimitRequest {
  @ApiPropertyOptional({ enum: CaseStatus })
  @IsOptional()
  @IsEnum(CaseStatus)
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: RiskLevel })
  @IsOptional()
  @IsEnum(RiskLevel)
  riskLevel?: RiskLevel;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only cases past (or within) their service-level due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Only cases due before this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueBefore?: string;
}

export class ReasonsRequest {
  @ApiProperty({
    type: String,
    isArray: true,
    minItems: 1,
    maxItems: 20,
    example: ['Foto KTP tidak terbaca; unggah ulang dengan resolusi lebih tinggi'],
    description: 'Each 5 to 500 characters',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(5, { each: true })
  @MaxLength(500, { each: true })
  reasons: string[];
}

export class AutomaticCheckView {
  @ApiProperty() name: string;
  @ApiProperty() passed: boolean;
  @ApiPropertyOptional() detail?: string;
}

export class CaseEntityView {
  @ApiProperty({ example: 'CV' }) form: string;
  @ApiProperty() name: string;
  @ApiProperty() npwp: string;
}

/** The applicant as submitted: what the verifier compares the documents with. */
export class CaseApplicantView {
  @ApiProperty({ example: '3373014508900001' }) nik: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional() npwp?: string;
  @ApiProperty({ enum: ['INDIVIDUAL', 'ENTITY'] }) kind: 'INDIVIDUAL' | 'ENTITY';
  @ApiPropertyOptional({ type: CaseEntityView }) entity?: CaseEntityView;
}

export class CaseAddressView {
  @ApiProperty({ example: '3373011001', description: 'Kemendagri village code' }) regionCode: string;
  @ApiProperty() street: string;
}

/** The business as submitted. */
export class CaseBusinessView {
  @ApiProperty() name: string;
  @ApiProperty() kbli: string;
  @ApiProperty() kbliTitle: string;
  @ApiProperty({ type: 'integer', description: 'Modal usaha in rupiah' }) capital: number;
  @ApiPropertyOptional({ type: 'integer' }) annualSales?: number;
  @ApiProperty({ type: CaseAddressView }) address: CaseAddressView;
}

export class CaseView {
  @ApiProperty() id: string;
  @ApiProperty() applicationNumber: string;
  @ApiProperty() officeCode: string;
  @ApiProperty({ enum: CaseStatus }) status: CaseStatus;
  @ApiProperty({ enum: RiskLevel }) riskLevel: RiskLevel;
  @ApiProperty() businessScale: string;
  @ApiProperty() businessName: string;
  @ApiProperty() kbli: string;
  @ApiProperty({ type: [String] }) checklist: string[];
  @ApiProperty({ type: [AutomaticCheckView] }) automaticChecks: AutomaticCheckView[];
  @ApiProperty() openedAt: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional({ description: 'The verifier holding the case' }) assignedTo?: string;
  @ApiProperty() revisionRound: number;
  @ApiProperty({ type: [String], description: 'Reasons of the last revision request or of the rejection' }) reasons: string[];
  @ApiPropertyOptional({ description: 'Service-level due date while the office has the case' }) dueAt?: string;
  @ApiProperty({ description: 'Past its service-level due date' }) overdue: boolean;
  @ApiProperty({ description: 'The clock is stopped (waiting for the applicant, or decided)' }) slaPaused: boolean;
  @ApiPropertyOptional({ description: 'Working days of the service level' }) slaBudgetDays?: number;
  @ApiProperty({ type: CaseApplicantView }) applicant: CaseApplicantView;
  @ApiProperty({ type: CaseBusinessView }) business: CaseBusinessView;
}

export function caseView(c: VerificationCaseEntity): CaseView {
  return {
    id: c.id,
    applicationNumber: c.applicationNumber,
    officeCode: c.officeCode,
    status: c.status,
    riskLevel: c.riskLevel,
    businessScale: c.businessScale,
    businessName: c.business.name,
    kbli: c.business.kbli,
    checklist: c.checklist,
    automaticChecks: c.automaticChecks,
    openedAt: c.openedAt.toISOString(),
    ...(c.decidedAt ? { decidedAt: c.decidedAt.toISOString() } : {}),
    ...(c.decidedBy ? { decidedBy: c.decidedBy } : {}),
    ...(c.assignedTo ? { assignedTo: c.assignedTo } : {}),
    revisionRound: c.revisionRound,
    reasons: c.reasons,
    ...(c.dueAt ? { dueAt: c.dueAt.toISOString() } : {}),
    overdue: c.slaBreachedAt !== null || (c.dueAt !== null && c.dueAt.getTime() < Date.now()),
    slaPaused: c.slaClock ? Boolean(c.slaClock.pausedAt) : false,
    ...(c.slaClock ? { slaBudgetDays: c.slaClock.budgetDays } : {}),
    applicant: {
      nik: c.applicant.nik,
      name: c.applicant.name,
      ...(c.applicant.npwp ? { npwp: c.applicant.npwp } : {}),
      kind: c.applicant.kind ?? 'INDIVIDUAL',
      ...(c.applicant.entity ? { entity: { form: c.applicant.entity.form, name: c.applicant.entity.name, npwp: c.applicant.entity.npwp } } : {}),
    },
    business: {
      name: c.business.name,
      kbli: c.business.kbli,
      kbliTitle: c.business.kbliTitle,
      capital: c.business.capital,
      ...(c.business.annualSales !== undefined ? { annualSales: c.business.annualSales } : {}),
      address: { regionCode: c.business.address.regionCode, street: c.business.address.street },
    },
  };
}
