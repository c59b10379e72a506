import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { decidedUnder } from '@mpp/domain';
import { IssuingOffice, OfficeDirectory } from '../../offices/office-directory.service';
import { BusinessActorEntity, PermitEntity } from '../permit.entities';
import { PublicLinks } from '../public-links';
import { PermitSigner } from '../signing/permit-signer';
import { canonicalPermitData, CanonicalPermitData, signedBytes } from '../signing/canonical-permit-data';
import { CertificateContent, headOfOfficeTitle, renderCertificate } from './certificate-document';
import { CertificateEntity } from './certificate.entity';

/** The head of office who approved a high-risk application: named on the certificates of their office. */
export interface Approver {
  name: string;
  office: string;
}

/** What the issuing transaction has already read, so that the certificate does not read it again. */
export interface KnownRecords {
  /** The head of office who approved it (high risk). */
  approver?: Approver;
  /** The permit's business actor. */
  actor?: BusinessActorEntity;
  /** The office issuing now. */
  office?: IssuingOffice;
  /**
   * The permit's number was drawn in this transaction: no earlier permit carries it and it has no
   * certificate yet, so this is version 1 and the permit is the number's only row.
   */
  firstOfNumber?: boolean;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Makes the certificate of a permit in the transaction that issues it: renders the PDF, stores its bytes
 * and SHA-256, and has the permit data signed through the signing port. Rendering is CPU work of a few
 * tens of milliseconds per document, done here so that the hash is known when PermitIssued is published.
 */
@Injectable()
export class IssueCertificateService {
  constructor(
    private readonly signer: PermitSigner,
    private readonly offices: OfficeDirectory,
    private readonly links: PublicLinks,
  ) {}

  async issue(manager: EntityManager, permit: PermitEntity, known: KnownRecords = {}): Promise<CertificateEntity> {
    const version = known.firstOfNumber ? 1 : await this.nextVersion(manager, permit.number);
    const { content: unsigned, data } = await this.describe(manager, permit, version, known);
    // The signature covers the permit data, not the PDF; the PDF says whether it is signed or pending.
    const signature = await this.signer.sign(data, manager);
    const content: CertificateContent = { ...unsigned, signature: { status: signature.status, algorithm: signature.algorithm, keyId: signature.keyId } };
    const pdf = await renderCertificate(content);
    const certificate: CertificateEntity = {
      id: randomUUID(),
      permitId: permit.id,
      permitNumber: permit.number,
      permitType: permit.type,
      version: content.version,
      officeCode: data.office,
      content,
      signedData: signedBytes(data).toString('utf8'),
      pdf,
      sha256: sha256Hex(pdf),
      signatureStatus: signature.status,
      signatureAlgorithm: signature.algorithm,
      signatureKeyId: signature.keyId,
      signature: signature.signature ?? null,
      createdAt: permit.issuedAt,
    };
    await manager.insert(CertificateEntity, certificate);
    return certificate;
  }

  private async nextVersion(manager: EntityManager, permitNumber: string): Promise<number> {
    const [{ version }] = await manager.query(
      `SELECT coalesce(max("version"), 0) + 1 AS "version" FROM "issuance"."certificates" WHERE "permit_number" = $1`,
      [permitNumber],
    );
    return Number(version);
  }

  /**
   * What the certificate shows and what is signed. An NIB belongs to the business actor: its holder is the
   * actor, its date and office those of its first issue, and it lists every
   * activity licensed under it so far. The approver is named only on certificates of their own office.
   */
  private async describe(
    manager: EntityManager,
    permit: PermitEntity,
    version: number,
    { approver, actor: knownActor, office: knownOffice, firstOfNumber }: KnownRecords,
  ): Promise<{ content: Omit<CertificateContent, 'signature'>; data: CanonicalPermitData }> {
    const actor = knownActor?.id === permit.businessActorId ? knownActor : await manager.findOneByOrFail(BusinessActorEntity, { id: permit.businessActorId });
    const isNib = permit.type === PermitType.NIB;
    const rows = isNib && !firstOfNumber ? await manager.find(PermitEntity, { where: { number: permit.number, type: PermitType.NIB }, order: { issuedAt: 'ASC' } }) : [permit];
    // An NIB dates from, and belongs to the office of, its first issue (as on the verification page).
    const first = rows[0];
    const office = knownOffice?.code === first.officeCode ? knownOffice : await this.offices.find(manager, first.officeCode);
    if (!office) throw new Error(`unknown office ${first.officeCode}`);
    const issuedAt = first.issuedAt;
    const title = headOfOfficeTitle(office.name);
    const { regulation } = decidedUnder(permit.ruleSet);
    const content: Omit<CertificateContent, 'signature'> = {
      type: permit.type,
      number: permit.number,
      version,
      holderName: actor.name,
      activities: rows.map((r) => ({ kbli: r.kbli, title: r.kbliTitle, businessName: r.businessName, riskLevel: r.riskLevel })),
      issuedAt: issuedAt.toISOString(),
      validUntil: permit.validUntil ? permit.validUntil.toISOString() : null,
      office: { code: office.code, name: office.name, timezone: office.timezone },
      signatory: { name: approver && approver.office === office.code ? approver.name : null, title },
      verificationUrl: this.links.verificationUrl(permit.number),
      createdAt: permit.issuedAt.toISOString(),
      regulation: { short: regulation.short, title: regulation.title },
      ...(permit.deemedBasis ? { deemedBasis: permit.deemedBasis } : {}),
    };
    const data = canonicalPermitData({
      number: permit.number,
      type: permit.type,
      holder: isNib ? actor.name : permit.businessName,
      kbli: rows.map((r) => r.kbli),
      office: office.code,
      issuedAt,
      validUntil: permit.validUntil,
    });
    return { content, data };
  }
}
