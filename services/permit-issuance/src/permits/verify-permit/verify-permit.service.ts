import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PermitType } from '@mpp/contracts';
import { OfficeDirectory } from '../../offices/office-directory.service';
import { BusinessActorEntity, PermitEntity, PermitStatus } from '../permit.entities';
import { PermitVerificationView } from './permit-verification.view';

@Injectable()
export class VerifyPermitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly offices: OfficeDirectory,
  ) {}

  async verify(permitNumber: string): Promise<PermitVerificationView> {
    const permits = await this.dataSource.getRepository(PermitEntity).find({
      where: { number: permitNumber },
      order: { issuedAt: 'ASC' },
    });
    if (permits.length === 0) throw new NotFoundException('Permit not found');
    const first = permits[0];
    const office = await this.offices.find(this.dataSource.manager, first.officeCode);
    const now = Date.now();
    const revoked = permits.every((p) => p.status === PermitStatus.REVOKED);
    const expired = !revoked && first.validUntil !== null && first.validUntil.getTime() < now;
    const status = revoked ? 'REVOKED' : expired ? 'EXPIRED' : 'ACTIVE';

    // An NIB belongs to the business actor and covers every activity licensed under it.
    let holderName = first.businessName;
    let issuedAt = first.issuedAt;
    if (first.type === PermitType.NIB) {
      const actor = await this.dataSource.getRepository(BusinessActorEntity).findOneByOrFail({ id: first.businessActorId });
      holderName = actor.name;
      issuedAt = actor.registeredAt;
    }
    return {
      permitNumber,
      type: first.type,
      valid: status === 'ACTIVE',
      status,
      holderName,
      activities: permits.map((p) => ({ kbli: p.kbli, title: p.kbliTitle, businessName: p.businessName })),
      office: { code: first.officeCode, name: office?.name ?? first.officeCode },
      issuedAt: issuedAt.toISOString(),
      ...(first.validUntil ? { validUntil: first.validUntil.toISOString() } : {}),
    };
  }
}
