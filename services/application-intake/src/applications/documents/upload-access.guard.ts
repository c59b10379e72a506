import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { Officer } from '@mpp/auth';
import { applicationForCaller, ensureTransition } from '../application-access';
import { ApplicationAction } from '../application-lifecycle';
import { TrackingCodeSecrets } from '../tracking-code';
import { ensureWithinQuota, UPLOAD_QUOTA, UploadQuota, uploadUsage } from './upload-quota';

/**
 * Checks an upload's credentials and the application before its body is read (a guard runs before the
 * multipart interceptor): without a tracking code or token 401, a wrong code or an unknown number 404, a
 * status that takes no documents 409, a spent quota 409. The refusal is answered at once and, the body
 * being unread, the connection is closed (ApiExceptionFilter) instead of reading the rest of it. The
 * upload itself checks all of it again under the application's row lock.
 */
@Injectable()
export class UploadAccessGuard implements CanActivate {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codes: TrackingCodeSecrets,
    @Inject(UPLOAD_QUOTA) private readonly quota: UploadQuota,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { officer?: Officer }>();
    const applicationNumber = String(request.params.applicationNumber ?? '').slice(0, 40);
    const header = request.headers['x-tracking-code'];
    const trackingCode = typeof header === 'string' ? header.slice(0, 40) : undefined;
    const application = await applicationForCaller(
      this.dataSource.manager,
      applicationNumber,
      { trackingCode, officer: request.officer },
      ApplicationAction.UPLOAD_DOCUMENT,
      { lock: false, codes: this.codes },
    );
    ensureTransition(ApplicationAction.UPLOAD_DOCUMENT, application.status);
    ensureWithinQuota(this.quota, await uploadUsage(this.dataSource.manager, application.id), 0);
    return true;
  }
}
