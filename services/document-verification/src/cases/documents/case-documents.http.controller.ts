import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentOfficer, Officer, Roles } from '@mpp/auth';
import { CASE_DECIDERS, CASE_READERS } from '../case-lifecycle';
import { CaseDocumentsService, CaseDocumentView } from './case-documents.service';
import type { DocumentDecision } from '../case-document.entity';

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

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases/:id/documents')
export class CaseDocumentsHttpController {
  constructor(private readonly documents: CaseDocumentsService) {}

  @Get()
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'The current documents of a case, with the verifier’s decision on each' })
  list(@Param('id', new ParseUUIDPipe()) id: string, @CurrentOfficer() officer: Officer): Promise<CaseDocumentView[]> {
    return this.documents.list(id, officer);
  }

  @Get(':documentId/content')
  @Roles(...CASE_READERS)
  @ApiOperation({ summary: 'View a document (served as a download, never rendered inline)' })
  async content(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
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
  @ApiOperation({ summary: 'Accept or reject one document; approval needs every checklist document accepted' })
  @ApiOkResponse({ description: 'The document with its decision' })
  decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Body() body: DocumentDecisionRequest,
    @CurrentOfficer() officer: Officer,
  ): Promise<CaseDocumentView> {
    return this.documents.decide(id, documentId, officer, body.decision, body.note);
  }
}
