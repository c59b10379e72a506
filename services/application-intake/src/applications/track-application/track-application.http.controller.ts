import { Controller, Get, Headers, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplicationStatusView } from './application-status.view';
import { TrackApplicationService } from './track-application.service';
import { CurrentOfficer, Officer, OptionalOfficer } from '@mpp/auth';
import { PublicRateLimit } from '@mpp/platform';

@ApiTags('applications')
@Controller('api/v1/applications')
export class TrackApplicationHttpController {
  constructor(private readonly service: TrackApplicationService) {}

  @Get(':applicationNumber')
  @PublicRateLimit()
  @ApiOperation({ summary: "An application's status, timeline and permits, for its entrepreneur" })
  @OptionalOfficer()
  @ApiBearerAuth()
  @ApiHeader({ name: 'X-Tracking-Code', required: false, description: 'The code given at submission (not needed with an officer token)' })
  @ApiOkResponse({ type: ApplicationStatusView })
  @ApiNotFoundResponse({ description: 'Unknown application number or wrong tracking code (indistinguishable)' })
  track(
    @Param('applicationNumber') applicationNumber: string,
    @Headers('x-tracking-code') trackingCode: string | undefined,
    @CurrentOfficer() officer?: Officer,
  ): Promise<ApplicationStatusView> {
    return this.service.track(applicationNumber.slice(0, 40), { trackingCode: trackingCode?.slice(0, 40), officer });
  }
}
