import { Global, Module } from '@nestjs/common';
import { AuditHttpController } from './audit.http.controller';
import { AuditTrail } from './audit-trail';

/** The service's append-only audit trail: `AuditTrail` to write, `GET /api/v1/audit` to read. */
@Global()
@Module({
  controllers: [AuditHttpController],
  providers: [AuditTrail],
  exports: [AuditTrail],
})
export class AuditModule {}
