import { Body, Controller, Get, HttpCode, Param, Post, Query, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, Officer, Roles } from '@mpp/auth';
import { CASE_DECIDERS, CASE_READERS } from '../case-lifecycle';
import { CaseView, ListCasesRequest, ReasonsRequest } from './case.view';
import { OfficerReviewService } from './officer-review.service';
import { ApiErrors, ParseUuidPipe } from '@mpp/platform';

@ApiTags('cases')
@ApiErrors(HttpStatus.BAD_REQUEST)
@Controller('api/v1/cases')
export class OfficerReviewHttpController {
  constructor(private readonly review: OfficerReviewService) {}

  @Get()
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: "The officer's office queue: oldest due first, overdue cases flagged" })
  @ApiOkResponse({ type: [CaseView] })
  queue(@Query() query: ListCasesRequest, @CurrentOfficer() officer: Officer): Promise<CaseView[]> {
    return this.review.queue(officer, {
      status: query.status,
      riskLevel: query.riskLevel,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      dueBefore: query.dueBefore ? new Date(query.dueBefore) : undefined,
      limit: query.limit ?? 50,
    });
  }

  @Get(':id')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'One case of the officer’s office' })
  @ApiOkResponse({ type: CaseView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No such case in your office' })
  get(@Param('id', ParseUuidPipe) id: string, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.get(id, officer);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles(...CASE_DECIDERS)
  @ApiErrors(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  @ApiOperation({ summary: 'Take the case: only you can decide it until you release it' })
  @ApiOkResponse({ type: CaseView })
  claim(@Param('id', ParseUuidPipe) id: string, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.claim(id, officer);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles(...CASE_DECIDERS)
  @ApiErrors(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  @ApiOperation({ summary: 'Put a case you hold back in the queue' })
  @ApiOkResponse({ type: CaseView })
  release(@Param('id', ParseUuidPipe) id: string, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.release(id, officer);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...CASE_DECIDERS)
  @ApiErrors(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  @ApiOperation({ summary: 'Verify the documents of a case (verifier of the office)' })
  @ApiOkResponse({ type: CaseView })
  approve(@Param('id', ParseUuidPipe) id: string, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.approve(id, officer);
  }

  @Post(':id/request-revision')
  @HttpCode(200)
  @Roles(...CASE_DECIDERS)
  @ApiErrors(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  @ApiOperation({ summary: 'Ask the applicant to correct or complete documents (stops the SLA clock)' })
  @ApiOkResponse({ type: CaseView })
  requestRevision(@Param('id', ParseUuidPipe) id: string, @Body() body: ReasonsRequest, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.requestRevision(id, officer, body.reasons);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...CASE_DECIDERS)
  @ApiErrors(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  @ApiOperation({ summary: 'Reject the application, with reasons' })
  @ApiOkResponse({ type: CaseView })
  reject(@Param('id', ParseUuidPipe) id: string, @Body() body: ReasonsRequest, @CurrentOfficer() officer: Officer): Promise<CaseView> {
    return this.review.reject(id, officer, body.reasons);
  }
}
