import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

/** Public addresses of a permit below PUBLIC_BASE_URL (the number is URL-encoded: it may contain "/"). */
@Injectable()
export class PublicLinks {
  private readonly base: string;

  constructor(config: ConfigService) {
    this.base = config.getOrThrow<string>('PUBLIC_BASE_URL').replace(/\/+$/, '');
  }

  verificationUrl(permitNumber: string): string {
    return `${this.base}/api/v1/permits/${encodeURIComponent(permitNumber)}/verification`;
  }

  certificateUrl(permitNumber: string): string {
    return `${this.base}/api/v1/permits/${encodeURIComponent(permitNumber)}/certificate.pdf`;
  }
}
