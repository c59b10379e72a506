import { Body, Controller, Headers, HttpCode, Param, Post, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentOfficer, Officer, OptionalOfficer } from '@mpp/auth';
import { ApplicationStatus } from '@mpp/contracts';
import { ApiErrors, TRACKING_CODE_AUTH } from '@mpp/platform';
import { ApplicantActionsService } from './applicant-actions.service';

export class ResubmitRequest {
  @ApiPropertyOptional({ example: 'Foto KTP sudah diunggah ulang' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class WithdrawRequest {
  @ApiPropertyOptional({ example: 'Usaha tidak jadi dibuka' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

@ApiTags('applications')
@Controller('api/v1/applications/:applicationNumber')
export class ApplicantActionsHttpController {
  constructor(private readonly actions: ApplicantActionsService) {}

  @Post('resubmit')
  @HttpCode(200)
  @OptionalOfficer(TRACKING_CODE_AUTH)
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT, HttpStatus.PAYLOAD_TOO_LARGE)
  @ApiOperation({ summary: 'Answer a revision request: the case returns to the verifier who asked' })
  @ApiOkResponse({ description: '{ status: UNDER_VERIFICATION }' })
  resubmit(
    @Param('applicationNumber') applicationNumber: string,
    @Body() body: ResubmitRequest,
    @Headers('x-tracking-code') trackingCode?: string,
    @CurrentOfficer() officer?: Officer,
  ): Promise<{ status: ApplicationStatus }> {
    return this.actions.resubmit(applicationNumber.slice(0, 40), { trackingCode: trackingCode?.slice(0, 40), officer }, body.note);
  }

  @Post('withdraw')
  @HttpCode(200)
  @OptionalOfficer(TRACKING_CODE_AUTH)
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.CONFLICT, HttpStatus.PAYLOAD_TOO_LARGE)
  @ApiOperation({ summary: 'Withdraw the application before a decision' })
  @ApiOkResponse({ description: '{ status: WITHDRAWN }' })
  withdraw(
    @Param('applicationNumber') applicationNumber: string,
    @Body() body: WithdrawRequest,
    @Headers('x-tracking-code') trackingCode?: string,
    @CurrentOfficer() officer?: Officer,
  ): Promise<{ status: ApplicationStatus }> {
    return this.actions.withdraw(applicationNumber.slice(0, 40), { trackingCode: trackingCode?.slice(0, 40), officer }, body.reason);
  }
}
