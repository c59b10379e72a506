import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PermitType } from '@mpp/contracts';
import { timeZoneOffsetMs, WorkingDayTimeZone } from '@mpp/domain';

/**
 * How long each permit type is valid, in years from its issue date (0 or absent: no end date).
 *
 * Assumption (to confirm per sector; validity belongs to each sector's permit type, docs/rules/risk.md#validity):
 * an Izin is valid 5 years unless configured otherwise (PERMIT_VALIDITY_YEARS_IZIN), a Sertifikat Standar has
 * no end date (PERMIT_VALIDITY_YEARS_SERTIFIKAT_STANDAR = 0) and an NIB is valid as long as the business
 * runs (docs/rules/nib.md), so it is not configurable.
 */
export type ValidityYears = Readonly<Record<PermitType, number>>;

export const DEFAULT_VALIDITY_YEARS: ValidityYears = { [PermitType.NIB]: 0, [PermitType.SERTIFIKAT_STANDAR]: 0, [PermitType.IZIN]: 5 };

/**
 * The same local date and time `years` later in the office's time zone; 29 February becomes 28 February
 * when the target year has none.
 */
export function addYears(at: Date, years: number, timezone: string): Date {
  // Indonesian zones keep no daylight saving time: one offset serves both instants.
  const offset = timeZoneOffsetMs(at, timezone as WorkingDayTimeZone);
  const local = new Date(at.getTime() + offset);
  const year = local.getUTCFullYear() + years;
  const month = local.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const target = Date.UTC(
    year,
    month,
    Math.min(local.getUTCDate(), lastDay),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(target - offset);
}

/** End of validity of a permit issued at `issuedAt`, or null when it has none. */
export function validUntil(type: PermitType, issuedAt: Date, timezone: string, policy: ValidityYears = DEFAULT_VALIDITY_YEARS): Date | null {
  const years = type === PermitType.NIB ? 0 : (policy[type] ?? 0);
  return years > 0 ? addYears(issuedAt, years, timezone) : null;
}

/** The validity policy configured for this deployment. */
@Injectable()
export class PermitValidityPolicy {
  private readonly years: ValidityYears;

  constructor(config: ConfigService) {
    this.years = {
      [PermitType.NIB]: 0,
      [PermitType.SERTIFIKAT_STANDAR]: config.get<number>('PERMIT_VALIDITY_YEARS_SERTIFIKAT_STANDAR', DEFAULT_VALIDITY_YEARS.SERTIFIKAT_STANDAR),
      [PermitType.IZIN]: config.get<number>('PERMIT_VALIDITY_YEARS_IZIN', DEFAULT_VALIDITY_YEARS.IZIN),
    };
  }

  validUntil(type: PermitType, issuedAt: Date, timezone: string): Date | null {
    return validUntil(type, issuedAt, timezone, this.years);
  }
}
