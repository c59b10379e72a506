import { Body, Controller, Headers, Param, Post, UploadedFile, UseGuards, UseInterceptors, HttpStatus } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { CurrentOfficer, Officer, OptionalOfficer } from '@mpp/auth';
import { ApiErrors, MultipartErrorsInterceptor, TRACKING_CODE_AUTH } from '@mpp/platform';
import { DOCUMENT_TYPES, DocumentsService, DocumentView } from './documents.service';
import { UploadAccessGuard } from './upload-access.guard';

export class UploadDocumentRequest {
  @ApiProperty({ enum: DOCUMENT_TYPES, description: "A type on the application's checklist" })
  @IsString()
  @Matches(/^[A-Z_]{2,40}$/, { message: 'type must be a document type such as KTP or FOTO_TEMPAT_USAHA' })
  type: string;
}

@ApiTags('applications')
@Controller('api/v1/applications/:applicationNumber/documents')
export class DocumentsHttpController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @OptionalOfficer(TRACKING_CODE_AUTH)
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.PAYLOAD_TOO_LARGE, {
    status: HttpStatus.CONFLICT,
    description:
      "The application's status takes no documents, or its upload quota is spent: `details[0].rule` is `maxVersionsPerApplication` " +
      '(UPLOAD_MAX_VERSIONS_PER_APPLICATION) or `maxBytesPerApplication` (UPLOAD_MAX_BYTES_PER_APPLICATION); nothing is stored',
  })
  // The guard runs before the multipart interceptor: credentials, application, status and quota are checked
  // before the body is read, and a refusal closes the connection instead of reading it.
  @UseGuards(UploadAccessGuard)
  @UseInterceptors(MultipartErrorsInterceptor('file'), FileInterceptor('file'))
  @ApiOperation({
    summary: 'Upload a document of the checklist (PDF, JPEG or PNG); it replaces an earlier one of the same type',
    description:
      'The tracking code (or officer token), the application and its status are checked before the body is read. ' +
      'Every version counts towards the quota of the application (UPLOAD_MAX_VERSIONS_PER_APPLICATION, UPLOAD_MAX_BYTES_PER_APPLICATION).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['type', 'file'], properties: { type: { type: 'string', enum: DOCUMENT_TYPES }, file: { type: 'string', format: 'binary' } } },
  })
  @ApiCreatedResponse({ description: '{ id, type, contentType, sizeBytes, sha256, fileName, uploadedAt }' })
  upload(
    @Param('applicationNumber') applicationNumber: string,
    @Body() body: UploadDocumentRequest,
    @UploadedFile() file: { buffer: Buffer; originalname?: string } | undefined,
    @Headers('x-tracking-code') trackingCode?: string,
    @CurrentOfficer() officer?: Officer,
  ): Promise<DocumentView> {
    return this.documents.upload(applicationNumber.slice(0, 40), { trackingCode: trackingCode?.slice(0, 40), officer }, body.type, file);
  }
}
