import { Controller, Get, Header, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { Public } from '@mpp/auth';
import { ApiErrors } from '@mpp/platform';
import { isUnsubscribeToken } from '../notify/recipients';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function page(lang: 'id', title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main>${body}</main></body></html>`;
}

/**
 * The unsubscribe link of every email to an applicant: GET shows a page with one button (a link scanner
 * that follows links unsubscribes no one), POST stops the messages about that application (also the
 * one-click POST of RFC 8058 that mail clients send from the List-Unsubscribe header).
 */
@ApiTags('notifications')
@Controller('api/v1/notifications/unsubscribe')
export class UnsubscribeHttpController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly audit: AuditTrail,
  ) {}

  private check(applicationId: string, token: string): void {
    if (!UUID.test(applicationId) || !TOKEN.test(token) || !isUnsubscribeToken(this.config.getOrThrow('RECIPIENT_HASH_KEY'), applicationId, token)) {
      throw new NotFoundException('No such unsubscribe link');
    }
  }

  @Get(':applicationId/:token')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The unsubscribe page of an application (a button that confirms), in Bahasa Indonesia and English' })
  @ApiParam({ name: 'applicationId', format: 'uuid' })
  @ApiParam({ name: 'token', description: 'From the email' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML page', schema: { type: 'string' } })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'Unknown application or wrong token' })
  confirm(@Param('applicationId') applicationId: string, @Param('token') token: string): string {
    this.check(applicationId, token);
    return page(
      'id',
      'Berhenti menerima pesan',
      `<h1>Berhenti menerima pesan tentang permohonan ini?</h1>
<p lang="en">Stop messages about this application?</p>
<form method="post"><button type="submit">Ya, berhenti / Yes, stop</button></form>`,
    );
  }

  @Post(':applicationId/:token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Stops every message about the application to the applicant (pending ones are cancelled)' })
  @ApiParam({ name: 'applicationId', format: 'uuid' })
  @ApiParam({ name: 'token', description: 'From the email' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'HTML page', schema: { type: 'string' } })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'Unknown application or wrong token' })
  async unsubscribe(@Param('applicationId') applicationId: string, @Param('token') token: string): Promise<string> {
    this.check(applicationId, token);
    await this.dataSource.transaction(async (m) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
      const [rows]: [{ application_number: string; office_code: string }[], number] = await m.query(
        `UPDATE "notification"."contacts" SET "unsubscribed_at" = now() WHERE "application_id" = $1 AND "unsubscribed_at" IS NULL RETURNING "application_number", "office_code"`,
        [applicationId],
      );
      if (!rows.length) return;
      await m.query(
        `UPDATE "notification"."deliveries" SET "status" = 'CANCELLED', "last_error" = 'unsubscribed', "updated_at" = now()
         WHERE "application_id" = $1 AND "audience" = 'applicant' AND "status" = 'PENDING'`,
        [applicationId],
      );
      await this.audit.record(m, { action: 'contact.unsubscribed', subjectType: 'application', subjectId: rows[0].application_number, office: rows[0].office_code, actor: { kind: 'applicant', id: rows[0].application_number } });
    });
    return page('id', 'Tidak akan menerima pesan lagi', `<h1>Anda tidak akan menerima pesan lagi tentang permohonan ini.</h1><p lang="en">You will get no more messages about this application.</p>`);
  }
}
