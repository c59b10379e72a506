import { Controller, Get, HttpStatus, NotFoundException, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentOfficer, Officer, OfficerRole, Roles } from '@mpp/auth';
import { ApiErrors } from '@mpp/platform';

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'RECEIVED' }) kind: string;
  @ApiProperty({ enum: ['EMAIL', 'WHATSAPP', 'SMS'] }) channel: string;
  @ApiProperty({ enum: ['applicant', 'officer'] }) audience: string;
  @ApiProperty({ description: 'HMAC-SHA256 of the channel and address (the address itself is not kept here)' }) recipientHash: string;
  @ApiProperty({ enum: ['PENDING', 'SENT', 'FAILED', 'GAVE_UP', 'CANCELLED'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) subject: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
}

interface DeliveryRow {
  id: string;
  kind: string;
  channel: string;
  audience: string;
  recipient_hash: string;
  status: string;
  attempts: number;
  event_id: string;
  event_type: string;
  created_at: Date;
  sent_at: Date | null;
  subject: string | null;
  last_error: string | null;
  office_code: string;
}

/** The delivery records of one application, for its office's officers (what was sent, when, and what failed). */
@ApiTags('notifications')
@Controller('api/v1/notifications/applications')
export class DeliveriesHttpController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get(':applicationNumber/deliveries')
  @Roles(OfficerRole.FRONT_DESK, OfficerRole.VERIFIER, OfficerRole.HEAD_OF_OFFICE, OfficerRole.OFFICE_ADMIN, OfficerRole.PLATFORM_ADMIN)
  @ApiOperation({ summary: "An application's notifications: one record per event, channel and recipient, oldest first" })
  @ApiParam({ name: 'applicationNumber', example: 'MPP-3373-2026-000001' })
  @ApiOkResponse({ type: [DeliveryView] })
  @ApiErrors({ status: HttpStatus.NOT_FOUND, description: 'No notification for this application in the officer\'s office' })
  async list(@Param('applicationNumber') applicationNumber: string, @CurrentOfficer() officer: Officer): Promise<DeliveryView[]> {
    if (applicationNumber.length > 40) throw new NotFoundException('No notifications for this application');
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT * FROM "notification"."deliveries" WHERE "application_number" = $1 ORDER BY "created_at", "id" LIMIT 500`,
      [applicationNumber],
    );
    const platformAdmin = officer.roles.includes(OfficerRole.PLATFORM_ADMIN);
    const visible = rows.filter((r) => platformAdmin || r.office_code === officer.office);
    if (!visible.length) throw new NotFoundException('No notifications for this application');
    return visible.map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      audience: r.audience,
      recipientHash: r.recipient_hash,
      status: r.status,
      attempts: r.attempts,
      eventId: r.event_id,
      eventType: r.event_type,
      createdAt: r.created_at.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
      subject: r.subject,
      lastError: r.last_error,
    }));
  }
}
