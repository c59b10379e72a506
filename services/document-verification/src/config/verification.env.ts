import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { DocumentServiceEnv, toInt } from '@mpp/platform';

export class VerificationEnv extends DocumentServiceEnv {
  override PORT = 3002;

  /** How often cases are checked for a missed service level. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SLA_CHECK_INTERVAL_MS = 60_000;
}
