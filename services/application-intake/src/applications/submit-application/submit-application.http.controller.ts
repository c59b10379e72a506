import { Body, Controller, Headers, HttpCode, Post, Res, HttpStatus } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentOfficer, Officer, OptionalOfficer } from '@mpp/auth';
import { ApiErrors, RequestValidationException } from '@mpp/platform';
import { ensurePermitted, officerCaller } from '../application-access';
import { ApplicationAction } from '../application-lifecycle';
import { SubmitApplicationRequest, SubmitApplicationResponse } from './submit-application.request.dto';
import { SubmitApplicationService } from './submit-application.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,100}$/;

@ApiTags('applications')
@Controller('api/v1/applications')
export class SubmitApplicationHttpController {
  constructor(private readonly service: SubmitApplicationService) {}

  @Post()
  @OptionalOfficer()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Submit a business-permit application',
    description: 'Online by the entrepreneur (no token), or at the MPP counter by a front-desk officer of that office (bearer token).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retry-safe key (8–100 characters); the same key answers with the first response for 24 hours' })
  @ApiCreatedResponse({ type: SubmitApplicationResponse })
  @ApiErrors(HttpStatus.BAD_REQUEST, { status: HttpStatus.FORBIDDEN, description: 'The officer may not submit for this office' }, HttpStatus.PAYLOAD_TOO_LARGE)
  async submit(
    @Body() body: SubmitApplicationRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentOfficer() officer?: Officer,
  ): Promise<SubmitApplicationResponse> {
    if (officer) ensurePermitted(ApplicationAction.SUBMIT, officerCaller(officer));
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new RequestValidationException([
        { field: 'Idempotency-Key', rule: 'matches', message: 'Idempotency-Key must be 8 to 100 letters, digits or . _ : -' },
      ]);
    }
    const { response, replayed } = await this.service.submit(body, idempotencyKey, officer);
    res.setHeader('Location', `/api/v1/applications/${response.applicationNumber}`);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return response;
  }
}
