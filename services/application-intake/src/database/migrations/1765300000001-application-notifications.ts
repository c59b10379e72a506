import { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'intake';

/** The messages the notification service sent about an application (NotificationSent): kind, channel, when. */
export class ApplicationNotifications1765300000001 implements MigrationInterface {
  name = 'ApplicationNotifications1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "${S}"."application_notifications" (
        "delivery_id" uuid PRIMARY KEY,
        "application_id" uuid NOT NULL REFERENCES "${S}"."applications" ("id"),
        "kind" varchar(40) NOT NULL,
        "channel" varchar(20) NOT NULL,
        "sent_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "application_notifications_application_idx" ON "${S}"."application_notifications" ("application_id", "sent_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${S}"."application_notifications"`);
  }
}
