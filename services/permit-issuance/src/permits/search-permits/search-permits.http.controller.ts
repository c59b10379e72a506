import { Controller, Get, Query, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { ApiErrors } from '@mpp/platform';
import { PermitSummaryView, SearchPermitsRequest } from './search-permits.dto';
import { SearchPermitsService } from './search-permits.service';

@ApiTags('permits')
@ApiErrors(HttpStatus.BAD_REQUEST)
@Controller('api/v1/permits')
export class SearchPermitsHttpController {
  constructor(private readonly service: SearchPermitsService) {}

  @Get()
  @Roles(OfficerRole.FRONT_DESK, OfficerRole.VERIFIER, OfficerRole.HEAD_OF_OFFICE, OfficerRole.OFFICE_ADMIN)
  @ApiOperation({ summary: "Find permits of the officer's office by permit number, NIB, NIK, application number or name (without q: the latest), newest first" })
  @ApiOkResponse({ type: [PermitSummaryView] })
  search(@Query() query: SearchPermitsRequest, @CurrentOfficer() officer: Officer): Promise<PermitSummaryView[]> {
    return this.service.search(officer, query.q, query.limit ?? 50);
  }
}
