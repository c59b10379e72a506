import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { CaseView, ListCasesRequest } from './case.view';
import { OfficerReviewService } from './officer-review.service';

const CASE_READERS = [OfficerRole.VERIFIER, OfficerRole.HEAD_OF_OFFICE, OfficerRole.OFFICE_ADMIN];

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class OfficerReviewHttpController {
  constructor(private readonly review: OfficerReviewService) {}

  @Get()
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: "The officer's office queue, oldest first" })
  @ApiOkResponse({ type: [CaseView] })
  queue(@Query() query: ListCasesRequest, @CurrentOfficer() officer: Officer): Promise<CaseView[]> {
    return this.review.queue(officer, { status: query.status, riskLevel: query.riskLevel, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'One case of the officer’s office' })
  @ApiOkResponse({ type: CaseView })
  @ApiNotFoundResponse({ description: 'No such case in your office' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.get(id, officer);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(OfficerRole.VERIFIER)
  @ApiOperation({ summary: 'Verify the documents of a case (verifier of the office)' })
  @ApiOkResponse({ type: CaseView })
  approve(@Param('id', new ParseUUIDPipe()) id: string, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.approve(id, officer);
  }
}
