import { Body, Controller, Get, HttpCode, Param, Post, Query, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { ApprovalView, DenyApprovalRequest, ListApprovalsRequest } from './approval.dto';
import { DecideApprovalService } from './decide-approval.service';
import { ApiErrors, ParseUuidPipe } from '@mpp/platform';

/** High-risk applications waiting for the head of office of the officer's office. */
@ApiTags('approvals')
@ApiErrors(HttpStatus.BAD_REQUEST)
@Controller('api/v1/approvals')
export class ApprovalsHttpController {
  constructor(private readonly approvals: DecideApprovalService) {}

  @Get()
  @Roles(OfficerRole.HEAD_OF_OFFICE)
  @ApiOperation({ summary: "The office's approvals, oldest first (e.g. ?status=PENDING)" })
  @ApiOkResponse({ type: [ApprovalView] })
  list(@Query() query: ListApprovalsRequest, @CurrentOfficer() officer: Officer): Promise<ApprovalView[]> {
    return this.approvals.list(officer, { status: query.status, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @Roles(OfficerRole.HEAD_OF_OFFICE)
  @ApiOperation({ summary: "One approval of the officer's office" })
  @ApiOkResponse({ type: ApprovalView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No such approval in your office' })
  get(@Param('id', ParseUuidPipe) id: string, @CurrentOfficer() officer: Officer): Promise<ApprovalView> {
    return this.approvals.get(id, officer);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(OfficerRole.HEAD_OF_OFFICE)
  @ApiOperation({ summary: 'Approve: issues the NIB and the Izin (head of office of the application’s office)' })
  @ApiOkResponse({ type: ApprovalView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No such approval in your office' })
  @ApiErrors({ status: HttpStatus.CONFLICT, description: 'Already decided (not PENDING)' })
  approve(@Param('id', ParseUuidPipe) id: string, @CurrentOfficer() officer: Officer): Promise<ApprovalView> {
    return this.approvals.approve(id, officer);
  }

  @Post(':id/deny')
  @HttpCode(200)
  @Roles(OfficerRole.HEAD_OF_OFFICE)
  @ApiOperation({ summary: 'Deny with a reason the applicant will read (head of office of the application’s office)' })
  @ApiOkResponse({ type: ApprovalView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No such approval in your office' })
  @ApiErrors({ status: HttpStatus.CONFLICT, description: 'Already decided (not PENDING)' })
  deny(@Param('id', ParseUuidPipe) id: string, @Body() body: DenyApprovalRequest, @CurrentOfficer() officer: Officer): Promise<ApprovalView> {
    return this.approvals.deny(id, officer, body.reason);
  }
}
