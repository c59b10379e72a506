import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';
import { BaseServiceEnv, toInt } from '@mpp/platform';

export class IssuanceEnv extends BaseServiceEnv {
  override PORT = 3003;

  /** Public address of this service; permit QR codes and verification links point below it. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3003';

  /**
   * Who signs the permit data: `local` (an Ed25519 key per office, kept in the issuance schema) or
   * `pending` (nothing is signed; every certificate says the signature is pending, as while a certified
   * e-signature provider such as BSrE is unavailable).
   */
  @IsIn(['local', 'pending'])
  PERMIT_SIGNER: 'local' | 'pending' = 'local';

  /** Encrypts the offices' private signing keys at rest (PKCS#8, AES-256); stored unencrypted when unset or empty. */
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString()
  @MinLength(16)
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
}
