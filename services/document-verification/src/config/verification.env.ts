import { BaseServiceEnv } from '@mpp/platform';

export class VerificationEnv extends BaseServiceEnv {
  override PORT = 3002;
}
