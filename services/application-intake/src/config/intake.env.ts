import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DocumentServiceEnv, toInt } from '@mpp/platform';

export class IntakeEnv extends DocumentServiceEnv {
  override PORT = 3001;

  /** Largest accepted document upload, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

  /**
   * Server-side secrets keying the stored hashes of tracking codes, comma-separated: the current one first,
   * then older ones still in use (rotation). Required in production; elsewhere a fixed development pepper
   * is used when unset.
   */
  @ValidateIf((env: IntakeEnv) => env.NODE_ENV === 'production' || env.TRACKING_CODE_PEPPERS !== undefined)
  @Matches(/^[^,\s]{32,}(,[^,\s]{32,})*$/, {
    message: 'TRACKING_CODE_PEPPERS must be one or more comma-separated secrets of at least 32 characters (required in production)',
  })
  TRACKING_CODE_PEPPERS?: string;
}
