import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DocumentServiceEnv, toInt } from '@mpp/platform';

export class IntakeEnv extends DocumentServiceEnv {
  override PORT = 3001;

  /** Largest accepted document upload, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
}
