import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredSigningKey {
  keyId: string;
  officeCode: string;
  algorithm: string;
  /** SPKI, PEM. */
  publicKey: string;
  /** PKCS#8, PEM; encrypted with SIGNING_KEY_PASSPHRASE when `privateKeyEncrypted`. */
  privateKey: string;
  privateKeyEncrypted: boolean;
  createdAt: Date;
  retiredAt: Date | null;
}

interface KeyRow {
  key_id: string;
  office_code: string;
  algorithm: string;
  public_key: string;
  private_key: string;
  private_key_encrypted: boolean;
  created_at: Date;
  retired_at: Date | null;
}

const fromRow = (r: KeyRow): StoredSigningKey => ({
  keyId: r.key_id,
  officeCode: r.office_code,
  algorithm: r.algorithm,
  publicKey: r.public_key,
  privateKey: r.private_key,
  privateKeyEncrypted: r.private_key_encrypted,
  createdAt: r.created_at,
  retiredAt: r.retired_at,
});

/** The offices' signing keys in `issuance.signing_keys`: one in use per office, retired ones kept for verification. */
@Injectable()
export class SigningKeyStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async active(manager: EntityManager, officeCode: string): Promise<StoredSigningKey | undefined> {
    const rows: KeyRow[] = await manager.query(
      `SELECT * FROM "issuance"."signing_keys" WHERE "office_code" = $1 AND "retired_at" IS NULL`,
      [officeCode],
    );
    return rows[0] && fromRow(rows[0]);
  }

  /** Adds the office's key unless another transaction added one first (then that one stays). */
  async addIfNone(manager: EntityManager, key: StoredSigningKey): Promise<void> {
    await manager.query(
      `INSERT INTO "issuance"."signing_keys" ("key_id", "office_code", "algorithm", "public_key", "private_key", "private_key_encrypted", "created_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ("office_code") WHERE "retired_at" IS NULL DO NOTHING`,
      [key.keyId, key.officeCode, key.algorithm, key.publicKey, key.privateKey, key.privateKeyEncrypted, key.createdAt],
    );
  }

  async byId(keyId: string, manager: EntityManager = this.dataSource.manager): Promise<StoredSigningKey | undefined> {
    const rows: KeyRow[] = await manager.query(`SELECT * FROM "issuance"."signing_keys" WHERE "key_id" = $1`, [keyId]);
    return rows[0] && fromRow(rows[0]);
  }
}
