import { Body, Controller, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Public } from '@mpp/auth';
import { ApiErrors } from '@mpp/platform';
import { checkNik, NikCheck } from './nik-check';

export class NikCheckRequest {
  @ApiProperty({ example: '3373011708900001', description: 'The NIK as typed so far (in the body: it is personal data, never in a URL)' })
  @IsString()
  @MaxLength(32)
  nik: string;
}

export class NikProblemView {
  @ApiProperty({ example: 'nik.birthDate', description: 'nik.digits, nik.length, nik.province, nik.regency, nik.birthDate or nik.serial' })
  rule: string;

  @ApiProperty({ example: 'month 13 must be 01–12' })
  message: string;
}

export class NikCheckView implements NikCheck {
  @ApiProperty({ description: 'True when the NIK passes every structural rule (whether the person exists needs Dukcapil)' })
  valid: boolean;

  @ApiProperty({ type: [NikProblemView] })
  problems: NikProblemView[];

  @ApiProperty({ type: [String], description: 'Non-blocking observations' })
  warnings: string[];

  @ApiPropertyOptional({ example: 'Kota Salatiga', description: 'The kab/kota of first registration the NIK names' })
  regencyName?: string;
}

@ApiTags('reference')
@Controller('api/v1/reference')
export class NikCheckHttpController {
  @Post('nik-check')
  @HttpCode(200)
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Check a NIK as it is typed: which rule it breaks (length, region, birth date, serial), with the rules the submission applies',
    description: 'Answers 200 with `valid: false` and the problems for a NIK that breaks a rule; 400 only for a body that is not `{ nik: string }`.',
  })
  @ApiOkResponse({ type: NikCheckView })
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.PAYLOAD_TOO_LARGE)
  check(@Body() body: NikCheckRequest): NikCheckView {
    return checkNik(body.nik);
  }
}
