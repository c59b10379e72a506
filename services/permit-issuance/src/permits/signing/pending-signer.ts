import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CanonicalPermitData } from './canonical-permit-data';
import { LocalKeySigner } from './local-key-signer';
import { PermitSignature, PermitSigner } from './permit-signer';

/** Kind of signature a pending certificate waits for: a certified electronic signature (TTE). */
export const PENDING_SIGNATURE_ALGORITHM = 'TTE';

/**
 * Signs nothing: every certificate's signature stays PENDING, as while a certified e-signature provider
 * (BSrE) is unavailable ("menunggu TTE", docs/rules/signatures.md). Selected with PERMIT_SIGNER=pending.
 * Signatures made earlier by the local keys still verify.
 */
@Injectable()
export class PendingSigner extends PermitSigner {
  constructor(private readonly local: LocalKeySigner) {
    super();
  }

  async sign(): Promise<PermitSignature> {
    return { status: 'PENDING', algorithm: PENDING_SIGNATURE_ALGORITHM, keyId: null };
  }

  verify(data: CanonicalPermitData, signature: PermitSignature, manager?: EntityManager): Promise<boolean> {
    return this.local.verify(data, signature, manager);
  }
}
