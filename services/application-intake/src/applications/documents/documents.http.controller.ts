import { Body, Controller, Headers, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { CurrentOfficer, Officer, OptionalOfficer } from '@mpp/auth';
import { PublicRateLimit } from '@mpp/platform';
import { DOCUMENT_TYPES, DocumentsService, DocumentView } from './documents.service';

export class UploadDocumentRequest {
  @ApiProperty({ enum: DOCUMENT_TYPES, description: "A type on the application's checklist" })
  @IsString()
  @Matches(/^[A-Z_]{2,40}$/, { message: 'type must be a document type such as KTP or FOTO_TEMPAT_USAHA' })
  type: string;
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications/:applicationNumber/documents')
export class DocumentsHttpController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @PublicRateLimit()
  @OptionalOfficer()
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Upload a document of the checklist (PDF, JPEG or PNG); it replaces an earlier one of the same type' })
  @ApiHeader({ name: 'X-Tracking-Code', required: false, description: 'The entrepreneur’s code (or a front-desk officer token)' })
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
