import { BaseServiceEnv } from '@mpp/platform';

export class IntakeEnv extends BaseServiceEnv {
  override PORT = 3001;
}
