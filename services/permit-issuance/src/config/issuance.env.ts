import { IsUrl } from 'class-validator';
import { BaseServiceEnv } from '@mpp/platform';

export class IssuanceEnv extends BaseServiceEnv {
  override PORT = 3003;

  /** Public address of this service; permit QR codes and verification links point below it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3003';
}
