import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { BusinessScale, PermitType, RiskLevel } from '@mpp/contracts';
import { PermitEntity } from '../permit.entities';
import { ApprovalStatus } from './approval-lifecycle';
import { ApprovalEntity } from './approval.entity';
import { LimitRequest } from '@mpp/platform';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ListApprovalsRequest extends LimitRequest {
  @ApiPropertyOptional({ enum: ApprovalStatus })
  @IsOptional()
  @IsEnum(ApprovalStatus)
  status?: ApprovalStatus;
}

/** Why the head of office denies the permit; the applicant reads it. */
export class DenyApprovalRequest {
  @ApiProperty({ minLength: 10, maxLength: 1000, example: 'Lokasi apotek tidak sesuai dengan rencana tata ruang.' })
  @Transform(trim)
  @IsString()
  @Length(10, 1000)
  reason: string;
}

export class ApprovalBusinessView {
  @ApiProperty() name: string;
  @ApiProperty({ example: '47721' }) kbli: string;
  @ApiProperty() kbliTitle: string;
}

export class ApprovalPermitView {
  @ApiProperty({ enum: PermitType }) type: PermitType;
  @ApiProperty() number: string;
  @ApiProperty() issuedAt: string;
  @ApiPropertyOptional() validUntil?: string;
}

export class ApprovalView {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiProperty() applicationNumber: string;
  @ApiProperty() officeCode: string;
  @ApiProperty({ enum: ApprovalStatus }) status: ApprovalStatus;
  @ApiProperty({ enum: RiskLevel }) riskLevel: RiskLevel;
  @ApiProperty({ enum: BusinessScale }) businessScale: BusinessScale;
  @ApiProperty() applicantName: string;
  @ApiProperty({ type: ApprovalBusinessView }) business: ApprovalBusinessView;
  @ApiProperty() requestedAt: string;
  @ApiPropertyOptional() dueAt?: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional({ description: 'Officer id of the head of office who decided; DEEMED when the due date passed and the Izin was issued by operation of law' })
  decidedBy?: string;
  @ApiPropertyOptional() decidedByName?: string;
  @ApiPropertyOptional({ description: 'Legal basis of an approval deemed given by operation of law (fiktif positif), e.g. PP 28/2025 Pasal 230' })
  deemedBasis?: string;
  @ApiPropertyOptional({ description: 'When the due date was found missed' }) overdueSince?: string;
  @ApiPropertyOptional({ description: 'Reason of a denial' }) reason?: string;
  @ApiProperty({ type: [ApprovalPermitView], description: 'Permits issued on approval' }) permits: ApprovalPermitView[];
}

export function approvalView(a: ApprovalEntity, permits: PermitEntity[] = []): ApprovalView {
  return {
    id: a.id,
    applicationId: a.applicationId,
    applicationNumber: a.applicationNumber,
    officeCode: a.officeCode,
    status: a.status,
    riskLevel: a.application.riskLevel,
    businessScale: a.application.businessScale,
    applicantName: a.application.applicant.name,
    business: { name: a.application.business.name, kbli: a.application.business.kbli, kbliTitle: a.application.business.kbliTitle },
    requestedAt: a.requestedAt.toISOString(),
    ...(a.dueAt ? { dueAt: a.dueAt.toISOString() } : {}),
    ...(a.decidedAt ? { decidedAt: a.decidedAt.toISOString() } : {}),
    ...(a.decidedBy ? { decidedBy: a.decidedBy } : {}),
    ...(a.decidedByName ? { decidedByName: a.decidedByName } : {}),
    ...(a.deemedBasis ? { deemedBasis: a.deemedBasis } : {}),
    ...(a.slaBreachedAt ? { overdueSince: a.slaBreachedAt.toISOString() } : {}),
    ...(a.reason ? { reason: a.reason } : {}),
    permits: permits.map((p) => ({
      type: p.type,
      number: p.number,
      issuedAt: p.issuedAt.toISOString(),
      ...(p.validUntil ? { validUntil: p.validUntil.toISOString() } : {}),
    })),
  };
}
