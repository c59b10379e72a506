import { Controller, Get, Headers, Param, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplicationStatusView } from './application-status.view';
import { TrackApplicationService } from './track-application.service';
import { CurrentOfficer, Officer, OptionalOfficer } from '@mpp/auth';
import { ApiErrors, TRACKING_CODE_AUTH } from '@mpp/platform';

@ApiTags('applications')
@Controller('api/v1/applications')
export class TrackApplicationHttpController {
  constructor(private readonly service: TrackApplicationService) {}

  @Get(':applicationNumber')
  @ApiOperation({ summary: "An application's status, timeline and permits, for its entrepreneur" })
  @OptionalOfficer(TRACKING_CODE_AUTH)
  @ApiOkResponse({ type: ApplicationStatusView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'Unknown application number or wrong tracking code (indistinguishable)' })
  track(
    @Param('applicationNumber') applicationNumber: string,
    @Headers('x-tracking-code') trackingCode: string | undefined,
    @CurrentOfficer() officer?: Officer,
  ): Promise<ApplicationStatusView> {
    return this.service.track(applicationNumber.slice(0, 40), { trackingCode: trackingCode?.slice(0, 40), officer });
  }
}
