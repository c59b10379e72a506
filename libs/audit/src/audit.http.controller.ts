import { Controller, Get, NotFoundException, Query, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsNumberString, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { AuditTrail } from './audit-trail';
import { ApiErrors, LimitRequest } from '@mpp/platform';

export class AuditActorView {
  @ApiProperty() kind: string;
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
}

export class AuditSubjectView {
  @ApiProperty() type: string;
  @ApiProperty() id: string;
}

export class AuditQueryRequest extends LimitRequest {
  @ApiPropertyOptional({ description: 'Office code; only platform admins may name another office' })
  @IsOptional()
  @Matches(/^\d{4}$/)
  office?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ example: 'application.submitted' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subjectId?: string;

  @ApiPropertyOptional({ description: 'Id of the last record of the previous page' })
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  before?: string;
}

class AuditRecordView {
  @ApiProperty() id: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: String, nullable: true }) office: string | null;
  @ApiProperty({ type: AuditActorView }) actor: AuditActorView;
  @ApiProperty() action: string;
  @ApiProperty({ type: AuditSubjectView }) subject: AuditSubjectView;
  @ApiProperty({ type: String, nullable: true }) sourceIp: string | null;
  @ApiProperty({ type: String, nullable: true }) correlationId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

@ApiTags('audit')
@ApiErrors(HttpStatus.BAD_REQUEST)
@Controller('api/v1/audit')
export class AuditHttpController {
  constructor(private readonly audit: AuditTrail) {}

  @Get()
  @Roles(OfficerRole.OFFICE_ADMIN, OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: "This service's audit trail, newest first: an office admin sees their own office" })
  @ApiOkResponse({ type: [AuditRecordView] })
  list(@Query() query: AuditQueryRequest, @CurrentOfficer() officer: Officer) {
    const platformAdmin = officer.roles.includes(OfficerRole.PLATFORM_ADMIN);
    if (!platformAdmin && query.office && query.office !== officer.office) throw new NotFoundException('Office not found');
    return this.audit.find({
      office: platformAdmin ? query.office : officer.office,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      action: query.action,
      actorId: query.actorId,
      subjectId: query.subjectId,
      before: query.before,
      limit: query.limit ?? 50,
    });
  }
}
