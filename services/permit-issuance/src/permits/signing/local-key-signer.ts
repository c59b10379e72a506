import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { CanonicalPermitData, signedBytes } from './canonical-permit-data';
import { PermitSignature, PermitSigner } from './permit-signer';
import { SigningKeyStore, StoredSigningKey } from './signing-key.store';

export const LOCAL_SIGNATURE_ALGORITHM = 'Ed25519';

/**
 * Signs with an Ed25519 key per office, generated on the office's first signature and kept in the
 * issuance schema (the private key encrypted with SIGNING_KEY_PASSPHRASE when set). This is an
 * uncertified electronic signature (PP 71/2019 Ps. 60): it proves the data came from this platform and was
 * not altered, not who signed. A certified TTE provider replaces it through `PermitSigner`.
 */
@Injectable()
export class LocalKeySigner extends PermitSigner {
  private readonly logger = new Logger(LocalKeySigner.name);
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly passphrase?: string;

  constructor(
    private readonly keys: SigningKeyStore,
    config: ConfigService,
  ) {
    super();
    this.passphrase = config.get<string>('SIGNING_KEY_PASSPHRASE') || undefined;
  }

  async sign(data: CanonicalPermitData, manager: EntityManager): Promise<PermitSignature> {
    const key = await this.activeKey(manager, data.office);
    const signature = sign(null, signedBytes(data), this.privateKeyOf(key)).toString('base64');
    return { status: 'SIGNED', algorithm: LOCAL_SIGNATURE_ALGORITHM, keyId: key.keyId, signature };
  }

  async verify(data: CanonicalPermitData, signature: PermitSignature, manager?: EntityManager): Promise<boolean> {
    if (signature.status !== 'SIGNED' || signature.algorithm !== LOCAL_SIGNATURE_ALGORITHM || !signature.keyId || !signature.signature) {
      return false;
    }
    const key = await this.keys.byId(signature.keyId, manager);
    if (!key || key.officeCode !== data.office) return false;
    try {
      return verify(null, signedBytes(data), createPublicKey(key.publicKey), Buffer.from(signature.signature, 'base64'));
    } catch {
      return false;
    }
  }

  /** The office's key in use; a new one on the office's first signature. */
  private async activeKey(manager: EntityManager, officeCode: string): Promise<StoredSigningKey> {
    const existing = await this.keys.active(manager, officeCode);
    if (existing) return existing;
    await this.keys.addIfNone(manager, this.newKey(officeCode));
    const added = await this.keys.active(manager, officeCode);
    if (!added) throw new Error(`no signing key for office ${officeCode}`);
    this.logger.log(`generated signing key ${added.keyId} for office ${officeCode}`);
    return added;
  }

  private newKey(officeCode: string): StoredSigningKey {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    return {
      keyId: `${officeCode}-ed25519-${createHash('sha256').update(spki).digest('hex').slice(0, 16)}`,
      officeCode,
      algorithm: LOCAL_SIGNATURE_ALGORITHM,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey: privateKey
        .export(
          this.passphrase
            ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: this.passphrase }
            : { type: 'pkcs8', format: 'pem' },
        )
        .toString(),
      privateKeyEncrypted: this.passphrase !== undefined,
      createdAt: new Date(),
      retiredAt: null,
    };
  }

  private privateKeyOf(key: StoredSigningKey): KeyObject {
    const cached = this.privateKeys.get(key.keyId);
    if (cached) return cached;
    if (key.privateKeyEncrypted && !this.passphrase) {
      throw new Error(`signing key ${key.keyId} is encrypted and SIGNING_KEY_PASSPHRASE is not set`);
    }
    const privateKey = createPrivateKey(
      key.privateKeyEncrypted ? { key: key.privateKey, format: 'pem', passphrase: this.passphrase } : { key: key.privateKey, format: 'pem' },
    );
    this.privateKeys.set(key.keyId, privateKey);
    return privateKey;
  }
}
