import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiOfficerAuth, CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { RevocationView, RevokePermitRequest } from './revoke-permit.dto';
import { RevokePermitService } from './revoke-permit.service';

@ApiTags('permits')
@Controller('api/v1/permits')
export class RevokePermitHttpController {
  constructor(private readonly service: RevokePermitService) {}

  @Post(':permitNumber/revoke')
  @HttpCode(200)
  @Roles(OfficerRole.HEAD_OF_OFFICE)
  @ApiOfficerAuth(OfficerRole.HEAD_OF_OFFICE)
  @ApiOperation({ summary: 'Revoke a permit of your office, with a reason (head of office); the verification page then says REVOKED' })
  @ApiOkResponse({ type: RevocationView })
  @ApiNotFoundResponse({ description: 'No permit with this number in your office' })
  @ApiConflictResponse({ description: 'Already revoked' })
  revoke(@Param('permitNumber') permitNumber: string, @Body() body: RevokePermitRequest, @CurrentOfficer() officer: Officer): Promise<RevocationView> {
    return this.service.revoke(permitNumber.slice(0, 60), officer, body.reason);
  }
}
