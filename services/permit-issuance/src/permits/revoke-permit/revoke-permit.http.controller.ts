import { Body, Controller, HttpCode, Param, Post, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { RevocationView, RevokePermitRequest } from './revoke-permit.dto';
import { RevokePermitService } from './revoke-permit.service';
import { ApiErrors } from '@mpp/platform';

@ApiTags('permits')
@ApiErrors(HttpStatus.BAD_REQUEST)
@Controller('api/v1/permits')
export class RevokePermitHttpController {
  constructor(private readonly service: RevokePermitService) {}

  @Post(':permitNumber/revoke')
  @HttpCode(200)
  @Roles(OfficerRole.HEAD_OF_OFFICE)
  @ApiOperation({ summary: 'Revoke a permit of your office, with a reason (head of office); the verification page then says REVOKED' })
  @ApiOkResponse({ type: RevocationView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No permit with this number in your office' })
  @ApiErrors({ status: HttpStatus.CONFLICT, description: 'Already revoked' })
  revoke(@Param('permitNumber') permitNumber: string, @Body() body: RevokePermitRequest, @CurrentOfficer() officer: Officer): Promise<RevocationView> {
    return this.service.revoke(permitNumber.slice(0, 60), officer, body.reason);
  }
}
