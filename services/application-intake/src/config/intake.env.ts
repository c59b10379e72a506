import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateIf } from 'class-validator';
import { DocumentServiceEnv, RefuseInProduction, toInt } from '@mpp/platform';

export class IntakeEnv extends DocumentServiceEnv {
  override PORT = 3001;

  /** Largest accepted document upload, in bytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;

  /** Document versions one application may upload over its life (replaced versions count: they are kept). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  UPLOAD_MAX_VERSIONS_PER_APPLICATION = 30;

  /** Bytes one application may upload over its life, every version counted. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024 * 1024)
  UPLOAD_MAX_BYTES_PER_APPLICATION = 50 * 1024 * 1024;

  /**
   * Server-side secrets keying the stored hashes of tracking codes, comma-separated: the current one first,
   * then older ones still in use (rotation). Required in production; elsewhere a fixed development pepper
   * is used when unset.
   */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @ValidateIf((env: IntakeEnv) => env.TRACKING_CODE_PEPPERS !== undefined || env.NODE_ENV === 'production')
  // Checked when set, and when missing in production: present and strong there. The refusals never repeat the value (it is a secret).
  @RefuseInProduction<IntakeEnv>(
    'required',
    (value) => value === undefined,
    'must be set: without it stored tracking-code hashes are keyed with the public development pepper',
    { secret: true },
  )
  @RefuseInProduction<IntakeEnv>(
    'pepperStrength',
    (value) => value !== undefined && !/^[^,\s]{32,}(,[^,\s]{32,})*$/.test(String(value)),
    'must be one or more comma-separated secrets of at least 32 characters',
    { secret: true },
  )
  TRACKING_CODE_PEPPERS?: string;
}
