import { Controller, Get, HttpCode, Param, Post, Query, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { ApplicationStatus } from '@mpp/contracts';
import { CounterService } from './counter.service';
import { ApiErrors, LimitRequest } from '@mpp/platform';

export class ListApplicationsRequest extends LimitRequest {
  @ApiPropertyOptional({ enum: ApplicationStatus })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus;
}

export class ApplicationSummaryView {
  @ApiProperty() applicationNumber: string;
  @ApiProperty({ enum: ApplicationStatus }) status: ApplicationStatus;
  @ApiProperty() riskLevel: string;
  @ApiProperty() businessName: string;
  @ApiProperty() kbli: string;
  @ApiProperty() channel: string;
  @ApiProperty() submittedAt: string;
}

export class TrackingCodeView {
  @ApiProperty({ example: 'K7QD-9MXR-2HTA' }) trackingCode: string;
}

/** What officers of an office do with its applications (always their own office's). */
@ApiTags('applications')
@Controller('api/v1/applications')
export class CounterHttpController {
  constructor(private readonly counter: CounterService) {}

  @Get()
  @Roles(OfficerRole.FRONT_DESK, OfficerRole.VERIFIER, OfficerRole.HEAD_OF_OFFICE, OfficerRole.OFFICE_ADMIN)
  @ApiOperation({ summary: "The officer's office's applications, newest first" })
  @ApiOkResponse({ type: [ApplicationSummaryView] })
  @ApiErrors(HttpStatus.BAD_REQUEST)
  list(@Query() query: ListApplicationsRequest, @CurrentOfficer() officer: Officer): Promise<ApplicationSummaryView[]> {
    return this.counter.list(officer, query.status, query.limit ?? 50);
  }

  @Post(':applicationNumber/tracking-code')
  @HttpCode(200)
  @Roles(OfficerRole.FRONT_DESK)
  @ApiOperation({ summary: 'Issue a new tracking code (the entrepreneur lost theirs); the old one stops working' })
  @ApiOkResponse({ type: TrackingCodeView })
  @ApiErrors(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  reissue(@Param('applicationNumber') applicationNumber: string, @CurrentOfficer() officer: Officer): Promise<TrackingCodeView> {
    return this.counter.reissueTrackingCode(applicationNumber.slice(0, 40), officer);
  }
}
