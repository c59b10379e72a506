import { Body, Controller, Get, Headers, HttpCode, Param, Post, UnsupportedMediaTypeException, HttpStatus } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Public } from '@mpp/auth';
import { ApiErrors, RequestValidationException, flattenValidationErrors } from '@mpp/platform';
import { sha256Hex } from '../certificates/issue-certificate.service';
import { CheckDocumentRequest, DocumentCheckView, PermitVerificationView } from './permit-verification.view';
import { VerifyPermitService } from './verify-permit.service';

@ApiTags('permits')
@ApiExtraModels(CheckDocumentRequest)
@Controller('api/v1/permits')
export class VerifyPermitHttpController {
  constructor(private readonly service: VerifyPermitService) {}

  @Get(':permitNumber/verification')
  @Public()
  @ApiOperation({ summary: 'Public check of a permit: validity, type, holder, activity, office, dates, certificate hash and signature' })
  @ApiOkResponse({ type: PermitVerificationView })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No permit has this number' })
  verify(@Param('permitNumber') permitNumber: string): Promise<PermitVerificationView> {
    return this.service.verify(permitNumber.slice(0, 60));
  }

  @Post(':permitNumber/verification')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Check a certificate: is this PDF (application/pdf body, at most 5 MB) or this SHA-256 ({ sha256 }) a certificate issued for the permit?',
  })
  @ApiConsumes('application/pdf', 'application/json')
  @ApiBody({
    schema: { oneOf: [{ type: 'string', format: 'binary', description: 'The certificate PDF' }, { $ref: getSchemaPath(CheckDocumentRequest) }] },
  })
  @ApiOkResponse({ type: DocumentCheckView })
  @ApiErrors({ status: HttpStatus.BAD_REQUEST, description: 'Empty PDF or malformed sha256' }, HttpStatus.PAYLOAD_TOO_LARGE, HttpStatus.UNSUPPORTED_MEDIA_TYPE)
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No permit has this number' })
  async checkDocument(
    @Param('permitNumber') permitNumber: string,
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<DocumentCheckView> {
    return this.service.checkDocument(permitNumber.slice(0, 60), await presentedSha256(body, contentType));
  }
}

/** The SHA-256 of the presented PDF, or the one given as JSON. */
async function presentedSha256(body: unknown, contentType = ''): Promise<string> {
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) throw new RequestValidationException([{ field: 'body', rule: 'notEmpty', message: 'body: the PDF is empty' }]);
    return sha256Hex(body);
  }
  if (/^application\/json\b/i.test(contentType) && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const request = plainToInstance(CheckDocumentRequest, body);
    const errors = await validate(request, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new RequestValidationException(flattenValidationErrors(errors));
    return request.sha256;
  }
  throw new UnsupportedMediaTypeException('Send the certificate as application/pdf, or its SHA-256 as application/json { "sha256": "…" }');
}
