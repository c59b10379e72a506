import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

/**
 * Public addresses of a permit (the number is URL-encoded: it may contain "/"): its verification page on the
 * portal (PORTAL_BASE_URL) when there is one, else this service's verification answer below PUBLIC_BASE_URL;
 * its certificate below PUBLIC_BASE_URL.
 */
@Injectable()
export class PublicLinks {
  private readonly base: string;
  private readonly portal: string | undefined;

  constructor(config: ConfigService) {
    this.base = config.getOrThrow<string>('PUBLIC_BASE_URL').replace(/\/+$/, '');
    this.portal = config.get<string>('PORTAL_BASE_URL')?.replace(/\/+$/, '') || undefined;
  }

  verificationUrl(permitNumber: string): string {
    const number = encodeURIComponent(permitNumber);
    return this.portal ? `${this.portal}/verifikasi/${number}` : `${this.base}/api/v1/permits/${number}/verification`;
  }

  certificateUrl(permitNumber: string): string {
    return `${this.base}/api/v1/permits/${encodeURIComponent(permitNumber)}/certificate.pdf`;
  }
}
