import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { canonicalPermitData } from './canonical-permit-data';
import { LocalKeySigner } from './local-key-signer';
import { PendingSigner } from './pending-signer';
import { SigningKeyStore, StoredSigningKey } from './signing-key.store';

/** The key table in memory. */
class InMemoryKeys {
  readonly rows: StoredSigningKey[] = [];
  async active(_m: EntityManager, office: string) {
    return this.rows.find((k) => k.officeCode === office && !k.retiredAt);
  }
  async addIfNone(m: EntityManager, key: StoredSigningKey) {
    if (!(await this.active(m, key.officeCode))) this.rows.push(key);
  }
  async byId(keyId: string) {
    return this.rows.find((k) => k.keyId === keyId);
  }
}

const manager = {} as EntityManager;
const config = (env: Record<string, string> = {}) => ({ get: (k: string) => env[k] }) as unknown as ConfigService;

describe('LocalKeySigner', () => {
  const data = canonicalPermitData({
    number: 'SS-3373-2026-00001',
    type: PermitType.SERTIFIKAT_STANDAR,
    holder: 'Roti Bu Siti',
    kbli: ['10710'],
    office: '3373',
    issuedAt: new Date('2026-11-27T20:00:00Z'),
    validUntil: null,
  });

  it('signs with one Ed25519 key per office and verifies the signature', async () => {
    const keys = new InMemoryKeys();
    const signer = new LocalKeySigner(keys as unknown as SigningKeyStore, config());
    const signature = await signer.sign(data, manager);
    expect(signature).toMatchObject({ status: 'SIGNED', algorithm: 'Ed25519', keyId: expect.stringMatching(/^3373-ed25519-[0-9a-f]{16}$/) });
    expect(Buffer.from(signature.signature ?? '', 'base64')).toHaveLength(64);
    expect(await signer.verify(data, signature)).toBe(true);

    // The same office reuses its key; another office gets its own.
    expect((await signer.sign({ ...data, number: 'SS-3373-2026-00002' }, manager)).keyId).toBe(signature.keyId);
    const other = await signer.sign({ ...data, office: '7371' }, manager);
    expect(other.keyId).not.toBe(signature.keyId);
    expect(keys.rows).toHaveLength(2);
    expect(keys.rows[0].privateKeyEncrypted).toBe(false);
  });

  it('refuses altered data, another office and a foreign or malformed signature', async () => {
    const signer = new LocalKeySigner(new InMemoryKeys() as unknown as SigningKeyStore, config());
    const signature = await signer.sign(data, manager);
    expect(await signer.verify({ ...data, holder: 'Roti Bu Sita' }, signature)).toBe(false);
    expect(await signer.verify({ ...data, validUntil: '2031-11-27T20:00:00.000Z' }, signature)).toBe(false);
    expect(await signer.verify({ ...data, office: '7371' }, signature)).toBe(false);
    expect(await signer.verify(data, { ...signature, keyId: '3373-ed25519-0000000000000000' })).toBe(false);
    expect(await signer.verify(data, { ...signature, signature: 'bm90IGEgc2lnbmF0dXJl' })).toBe(false);
    expect(await signer.verify(data, { status: 'PENDING', algorithm: 'TTE', keyId: null })).toBe(false);
  });

  it('keeps private keys encrypted with the passphrase, and needs it to sign', async () => {
    const keys = new InMemoryKeys();
    const passphrase = 'correct horse battery staple';
    const signer = new LocalKeySigner(keys as unknown as SigningKeyStore, config({ SIGNING_KEY_PASSPHRASE: passphrase }));
    const signature = await signer.sign(data, manager);
    expect(keys.rows[0]).toMatchObject({ privateKeyEncrypted: true, privateKey: expect.stringContaining('BEGIN ENCRYPTED PRIVATE KEY') });
    expect(await signer.verify(data, signature)).toBe(true);
    // A process without the passphrase can still verify, but not sign.
    const withoutPassphrase = new LocalKeySigner(keys as unknown as SigningKeyStore, config());
    expect(await withoutPassphrase.verify(data, signature)).toBe(true);
    await expect(withoutPassphrase.sign(data, manager)).rejects.toThrow(/SIGNING_KEY_PASSPHRASE/);
  });
});

describe('PendingSigner', () => {
  it('leaves every signature pending, and still verifies earlier local signatures', async () => {
    const keys = new InMemoryKeys() as unknown as SigningKeyStore;
    const local = new LocalKeySigner(keys, config());
    const pending = new PendingSigner(local);
    const data = canonicalPermitData({
      number: '2811260000001',
      type: PermitType.NIB,
      holder: 'Siti',
      kbli: ['47112'],
      office: '3373',
      issuedAt: new Date(),
      validUntil: null,
    });
    expect(await pending.sign()).toEqual({ status: 'PENDING', algorithm: 'TTE', keyId: null });
    expect(await pending.verify(data, await local.sign(data, manager))).toBe(true);
  });
});
