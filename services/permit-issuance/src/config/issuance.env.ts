import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { BaseServiceEnv, RefuseInProduction, toInt } from '@mpp/platform';

export class IssuanceEnv extends BaseServiceEnv {
  override PORT = 3003;

  /** Public address of this service; permit QR codes and verification links point below it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3003';

  /**
   * Public address of the portal: when set, permit QR codes and verification links open its verification
   * page (`/verifikasi/<number>`) instead of this service's JSON answer.
   */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PORTAL_BASE_URL?: string;

  /**
   * Who signs the permit data: `local` (an Ed25519 key per office, kept in the issuance schema) or
   * `pending` (nothing is signed; every certificate says the signature is pending, as while a certified
   * e-signature provider such as BSrE is unavailable).
   */
  @IsIn(['local', 'pending'])
  PERMIT_SIGNER: 'local' | 'pending' = 'local';

  /**
   * Encrypts the offices' private signing keys at rest (PKCS#8, AES-256); stored unencrypted when unset or
   * empty, which production refuses while this service signs (PERMIT_SIGNER=local).
   */
  @Transform(({ value }) => (value === '' ? undefined : value))
  // Checked when set, and when missing where it is required (production, local signer).
  @ValidateIf((env: IssuanceEnv) => env.SIGNING_KEY_PASSPHRASE !== undefined || (env.NODE_ENV === 'production' && env.PERMIT_SIGNER === 'local'))
  @MinLength(16)
  @RefuseInProduction<IssuanceEnv>(
    'required',
    (value, env) => env.PERMIT_SIGNER === 'local' && value === undefined,
    'must be set (16+ characters) while PERMIT_SIGNER=local: without it the offices\' private signing keys are stored unencrypted',
  )
  SIGNING_KEY_PASSPHRASE?: string;

  /** Validity of an Izin in years from its issue date; 0: no end date. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50)
  PERMIT_VALIDITY_YEARS_IZIN = 5;

  /** Validity of a Sertifikat Standar in years from its issue date; 0 (default): valid while the business runs. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50)
  PERMIT_VALIDITY_YEARS_SERTIFIKAT_STANDAR = 0;

  /** How often approvals waiting for the head of office are checked against their due date. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SLA_CHECK_INTERVAL_MS = 60_000;
}
