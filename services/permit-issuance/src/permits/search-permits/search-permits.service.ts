import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import { Officer } from '@mpp/auth';
import { PermitType } from '@mpp/contracts';
import { BusinessActorEntity, PermitEntity } from '../permit.entities';
import { PermitStatus } from '../permit-lifecycle';
import { PermitSummaryView } from './search-permits.dto';
import { searchTerms } from './search-terms';

interface Row {
  number: string;
  type: PermitType;
  status: PermitStatus;
  application_number: string;
  holder_name: string;
  nib: string;
  business_name: string;
  kbli: string;
  kbli_title: string;
  issued_at: Date;
  valid_until: Date | null;
  revoked_at: Date | null;
  revocation_reason: string | null;
}

/**
 * Officers find the permits of their own office by permit number, NIB, NIK, application number or part of
 * a name (without a text: the latest), newest first. Another office's permits are never found (the office
 * comes from the token).
 */
@Injectable()
export class SearchPermitsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(officer: Pick<Officer, 'office'>, text: string | undefined, limit: number): Promise<PermitSummaryView[]> {
    if (!officer.office) return [];
    const query = this.dataSource
      .createQueryBuilder()
      .select([
        'p.number AS number',
        'p.type AS type',
        'p.status AS status',
        'p.application_number AS application_number',
        'a.name AS holder_name',
        'a.nib AS nib',
        'p.business_name AS business_name',
        'p.kbli AS kbli',
        'p.kbli_title AS kbli_title',
        'p.issued_at AS issued_at',
        'p.valid_until AS valid_until',
        'p.revoked_at AS revoked_at',
        'p.revocation_reason AS revocation_reason',
      ])
      .from(PermitEntity, 'p')
      .innerJoin(BusinessActorEntity, 'a', 'a.id = p.business_actor_id')
      .where('p.office_code = :office', { office: officer.office });
    if (text !== undefined) {
      const terms = searchTerms(text);
      query.andWhere(
        new Brackets((q) =>
          q
            .where('p.number IN (:...exact) OR a.nib IN (:...exact) OR a.nik IN (:...exact) OR p.application_number IN (:...exact)', { exact: terms.exact })
            .orWhere('a.name ILIKE :pattern OR p.business_name ILIKE :pattern', { pattern: terms.namePattern }),
        ),
      );
    }
    const rows = await query
      .orderBy('p.issued_at', 'DESC')
      .addOrderBy('p.number', 'ASC')
      .limit(limit)
      .getRawMany<Row>();
    return rows.map(view);
  }
}

function view(r: Row): PermitSummaryView {
  return {
    number: r.number,
    type: r.type,
    status: r.status,
    applicationNumber: r.application_number,
    holderName: r.holder_name,
    nib: r.nib,
    businessName: r.business_name,
    kbli: r.kbli,
    kbliTitle: r.kbli_title,
    issuedAt: r.issued_at.toISOString(),
    ...(r.valid_until ? { validUntil: r.valid_until.toISOString() } : {}),
    ...(r.revoked_at ? { revokedAt: r.revoked_at.toISOString() } : {}),
    ...(r.revocation_reason ? { revocationReason: r.revocation_reason } : {}),
  };
}
