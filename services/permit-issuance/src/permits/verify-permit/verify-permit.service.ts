import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { OfficeDirectory } from '../../offices/office-directory.service';
import { CanonicalPermitData } from '../signing/canonical-permit-data';
import { CertificateEntity } from '../certificates/certificate.entity';
import { BusinessActorEntity, PermitEntity } from '../permit.entities';
import { permitStatusOf, PermitStatus } from '../permit-lifecycle';
import { PublicLinks } from '../public-links';
import { PermitSigner } from '../signing/permit-signer';
import { DocumentCheckView, PermitVerificationView, SignatureView } from './permit-verification.view';

type PublicStatus = PermitVerificationView['status'];

/** Certificate columns without the PDF bytes. */
const CERTIFICATE_META = {
  id: true,
  permitNumber: true,
  version: true,
  sha256: true,
  signedData: true,
  signatureStatus: true,
  signatureAlgorithm: true,
  signatureKeyId: true,
  signature: true,
} as const;

@Injectable()
export class VerifyPermitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offices: OfficeDirectory,
    private readonly signer: PermitSigner,
    private readonly links: PublicLinks,
  ) {}

  async verify(permitNumber: string): Promise<PermitVerificationView> {
    const permits = await this.permits(permitNumber);
    const first = permits[0];
    const office = await this.offices.find(this.dataSource.manager, first.officeCode);
    const { status, revokedAt } = publicStatus(permits);

    // An NIB belongs to the business actor and covers every activity licensed under it; it dates from its first issue.
    let holderName = first.businessName;
    if (first.type === PermitType.NIB) {
      holderName = (await this.dataSource.getRepository(BusinessActorEntity).findOneByOrFail({ id: first.businessActorId })).name;
    }
    const [certificate] = await this.certificates(permitNumber, 1);
    return {
      permitNumber,
      type: first.type,
      valid: status === 'ACTIVE',
      status,
      holderName,
      activities: permits.map((p) => ({ kbli: p.kbli, title: p.kbliTitle, businessName: p.businessName })),
      office: { code: first.officeCode, name: office?.name ?? first.officeCode },
      issuedAt: first.issuedAt.toISOString(),
      ...(first.validUntil ? { validUntil: first.validUntil.toISOString() } : {}),
      ...(revokedAt ? { revokedAt: revokedAt.toISOString() } : {}),
      ...(certificate
        ? {
            certificateSha256: certificate.sha256,
            certificateUrl: this.links.certificateUrl(permitNumber),
            signature: await this.signatureView(certificate),
          }
        : {}),
    };
  }

  /** Whether a presented document (by its SHA-256) is a certificate issued for this permit. */
  async checkDocument(permitNumber: string, sha256: string): Promise<DocumentCheckView> {
    const permits = await this.permits(permitNumber);
    const { status } = publicStatus(permits);
    const certificates = await this.certificates(permitNumber);
    const presented = sha256.toLowerCase();
    const match = certificates.find((c) => c.sha256 === presented);
    return {
      permitNumber,
      sha256: presented,
      matches: match !== undefined,
      current: match !== undefined && match.id === certificates[0].id,
      ...(match ? { version: match.version } : {}),
      ...(certificates[0] ? { certificateSha256: certificates[0].sha256 } : {}),
      valid: status === 'ACTIVE',
      status,
    };
  }

  private async permits(permitNumber: string): Promise<PermitEntity[]> {
    const permits = await this.dataSource.getRepository(PermitEntity).find({ where: { number: permitNumber }, order: { issuedAt: 'ASC' } });
    if (permits.length === 0) throw new NotFoundException('Permit not found');
    return permits;
  }

  /** Newest version first (at most `take`), without the PDF bytes. */
  private certificates(permitNumber: string, take?: number): Promise<CertificateEntity[]> {
    return this.dataSource.getRepository(CertificateEntity).find({
      select: CERTIFICATE_META,
      where: { permitNumber },
      order: { version: 'DESC' },
      take,
    });
  }

  private async signatureView(c: CertificateEntity): Promise<SignatureView> {
    const signature = { status: c.signatureStatus, algorithm: c.signatureAlgorithm, keyId: c.signatureKeyId, signature: c.signature ?? undefined };
    const verified = c.signatureStatus === 'SIGNED' && (await this.signer.verify(JSON.parse(c.signedData) as CanonicalPermitData, signature));
    return {
      status: c.signatureStatus,
      algorithm: c.signatureAlgorithm,
      ...(c.signatureKeyId ? { keyId: c.signatureKeyId } : {}),
      ...(c.signature ? { value: c.signature, signedData: c.signedData } : {}),
      verified,
    };
  }
}

/** REVOKED once every row of the number is revoked; EXPIRED after the end of validity; ACTIVE otherwise. */
export function publicStatus(permits: PermitEntity[], now = Date.now()): { status: PublicStatus; revokedAt?: Date } {
  const first = permits[0];
  if (permitStatusOf(permits) === PermitStatus.REVOKED) {
    const revokedAt = permits.reduce<Date | undefined>((latest, p) => (p.revokedAt && (!latest || p.revokedAt > latest) ? p.revokedAt : latest), undefined);
    return { status: 'REVOKED', revokedAt };
  }
  if (first.validUntil !== null && first.validUntil.getTime() < now) return { status: 'EXPIRED' };
  return { status: 'ACTIVE' };
}
