import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PermitVerificationView } from './permit-verification.view';
import { VerifyPermitService } from './verify-permit.service';
import { Public } from '@mpp/auth';
import { PublicRateLimit } from '@mpp/platform';

@ApiTags('permits')
@Controller('api/v1/permits')
export class VerifyPermitHttpController {
  constructor(private readonly service: VerifyPermitService) {}

  @Get(':permitNumber/verification')
  @PublicRateLimit()
  @Public()
  @ApiOperation({ summary: 'Public check of a permit: validity, type, holder, activity, office and dates' })
  @ApiOkResponse({ type: PermitVerificationView })
  @ApiNotFoundResponse({ description: 'No permit has this number' })
  verify(@Param('permitNumber') permitNumber: string): Promise<PermitVerificationView> {
    return this.service.verify(permitNumber.slice(0, 60));
  }
}
