import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@mpp/audit';
import { PeriodicTask } from '@mpp/platform';

/**
 * Deletes applicants' contact data CONTACT_RETENTION_DAYS after their application closed (issued, rejected,
 * denied, withdrawn). Pending deliveries of those applications are cancelled by the sender (no address).
 * The delivery records stay: they hold a keyed hash of the recipient, never the address.
 */
@Injectable()
export class ContactRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContactRetention.name);
  private readonly task = new PeriodicTask('contact retention pass', () => this.deleteExpired(), this.logger);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly audit: AuditTrail,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.config.get<number>('CONTACT_RETENTION_CHECK_MS', 3_600_000));
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Deletes the contacts past their time; returns how many. */
  async deleteExpired(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // TypeORM answers a DELETE … RETURNING with [rows, affected count].
      const [deleted]: [{ application_number: string; office_code: string }[], number] = await m.query(
        `DELETE FROM "notification"."contacts" WHERE "delete_after" IS NOT NULL AND "delete_after" <= $1 RETURNING "application_number", "office_code"`,
        [now],
      );
      for (const row of deleted) {
        await this.audit.record(m, { action: 'contact.deleted', subjectType: 'application', subjectId: row.application_number, office: row.office_code, details: { reason: 'retention' } }, 'notification');
      }
      if (deleted.length) this.logger.log(`deleted the contact data of ${deleted.length} closed application(s)`);
      return deleted.length;
    });
  }
}
