import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentOfficer, Officer, Roles } from '@mpp/auth';
import { CASE_DECIDERS, CASE_READERS } from '../case-lifecycle';
import { CaseDocumentsService, CaseDocumentView } from './case-documents.service';
import type { DocumentDecision } from '../case-document.entity';
import { ApiErrors, ParseUuidPipe } from '@mpp/platform';

export class DocumentDecisionRequest {
  @ApiProperty({ enum: ['ACCEPTED', 'REJECTED'] })
  @IsIn(['ACCEPTED', 'REJECTED'])
  decision: DocumentDecision;

  @ApiPropertyOptional({ example: 'Foto buram' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** OpenAPI shape of `CaseDocumentView`. */
class CaseDocumentResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'KTP' }) type: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) contentType: string;
  @ApiProperty({ type: 'integer' }) sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty() uploadedAt: string;
  @ApiPropertyOptional({ enum: ['ACCEPTED', 'REJECTED'] }) decision?: string;
  @ApiPropertyOptional() decisionNote?: string;
}

const BINARY = { schema: { type: 'string', format: 'binary' } };

@ApiTags('cases')
@ApiErrors(HttpStatus.BAD_REQUEST)
@Controller('api/v1/cases/:id/documents')
export class CaseDocumentsHttpController {
  constructor(private readonly documents: CaseDocumentsService) {}

  @Get()
  @Roles(...CASE_READERS)
  @ApiErrors(HttpStatus.NOT_FOUND)
  @ApiOperation({ summary: 'The current documents of a case, with the verifier’s decision on each' })
  @ApiOkResponse({ type: [CaseDocumentResponse] })
  list(@Param('id', ParseUuidPipe) id: string, @CurrentOfficer() officer: Officer): Promise<CaseDocumentView[]> {
    return this.documents.list(id, officer);
  }

  @Get(':documentId/content')
  @Roles(...CASE_READERS)
  @ApiErrors(HttpStatus.NOT_FOUND)
  @ApiOperation({ summary: 'View a document (served as a download, never rendered inline)' })
  @ApiOkResponse({ description: 'The file, as an attachment', content: { 'application/pdf': BINARY, 'image/jpeg': BINARY, 'image/png': BINARY } })
  async content(
    @Param('id', ParseUuidPipe) id: string,
    @Param('documentId', ParseUuidPipe) documentId: string,
    @CurrentOfficer() officer: Officer,
  ): Promise<StreamableFile> {
    const { document, bytes } = await this.documents.content(id, documentId, officer);
    const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[document.contentType] ?? 'bin';
    return new StreamableFile(bytes, {
      type: document.contentType,
      disposition: `attachment; filename="${document.type.toLowerCase()}.${extension}"`,
      length: bytes.length,
    });
  }

  @Post(':documentId/decision')
  @HttpCode(200)
  @Roles(...CASE_DECIDERS)
  @ApiErrors(HttpStatus.NOT_FOUND, HttpStatus.CONFLICT)
  @ApiOperation({ summary: 'Accept or reject one document; approval needs every checklist document accepted' })
  @ApiOkResponse({ type: CaseDocumentResponse, description: 'The document with its decision' })
  decide(
    @Param('id', ParseUuidPipe) id: string,
    @Param('documentId', ParseUuidPipe) documentId: string,
    @Body() body: DocumentDecisionRequest,
    @CurrentOfficer() officer: Officer,
  ): Promise<CaseDocumentView> {
    return this.documents.decide(id, documentId, officer, body.decision, body.note);
  }
}
