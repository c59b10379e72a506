import { Controller, Get, Headers, Param, UnauthorizedException } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplicationStatusView } from './application-status.view';
import { TrackApplicationService } from './track-application.service';

@ApiTags('applications')
@Controller('api/v1/applications')
export class TrackApplicationHttpController {
  constructor(private readonly service: TrackApplicationService) {}

  @Get(':applicationNumber')
  @ApiOperation({ summary: "An application's status, timeline and permits, for its entrepreneur" })
  @ApiHeader({ name: 'X-Tracking-Code', required: true, description: 'The code given at submission' })
  @ApiOkResponse({ type: ApplicationStatusView })
  @ApiNotFoundResponse({ description: 'Unknown application number or wrong tracking code (indistinguishable)' })
  track(
    @Param('applicationNumber') applicationNumber: string,
    @Headers('x-tracking-code') trackingCode: string | undefined,
  ): Promise<ApplicationStatusView> {
    if (!trackingCode) throw new UnauthorizedException('X-Tracking-Code header is required');
    return this.service.track(applicationNumber.slice(0, 40), trackingCode.slice(0, 40));
  }
}
