import type { EntityManager } from 'typeorm';
import type { CanonicalPermitData } from './canonical-permit-data';

export type SignatureStatus = 'SIGNED' | 'PENDING';

/** The outcome of signing one certificate's permit data. */
export interface PermitSignature {
  /** PENDING: the signing provider has not signed (yet); the certificate says so. */
  status: SignatureStatus;
  /** e.g. `Ed25519`; for a pending signature, the kind of signature awaited. */
  algorithm: string;
  /** The key that signed; null while pending. */
  keyId: string | null;
  /** Base64 signature over the canonical permit data; absent while pending. */
  signature?: string;
}

/**
 * Signing port: signs the canonical data of a permit (canonical JSON of number, type, holder, KBLI,
 * office, issue date and end of validity) with the key of the issuing office.
 *
 * Implementations: `LocalKeySigner` (an Ed25519 key per office in the issuance schema) and
 * `PendingSigner` (never signs). Production plugs in a certified e-signature provider (BSrE/BSSN TTE,
 * docs/rules/signatures.md) here; such an adapter answers PENDING while the provider is unavailable and the
 * signature is completed later.
 */
export abstract class PermitSigner {
  /**
   * Signs inside the issuing transaction (`manager`), so that a signer keeping state in the issuance
   * schema (keys) commits or rolls back with the permit.
   */
  abstract sign(data: CanonicalPermitData, manager: EntityManager): Promise<PermitSignature>;

  /** True when `signature` is a valid signature of `data` by a key this platform knows. */
  abstract verify(data: CanonicalPermitData, signature: PermitSignature, manager?: EntityManager): Promise<boolean>;
}
