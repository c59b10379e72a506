/**
 * Business scale (skala usaha) from PP 7/2021 (implementing UU 11/2020 Cipta Kerja), Ps. 35.
 *
 * - Ps. 35(1): UMKM are grouped by *modal usaha* (business capital) or *hasil penjualan tahunan* (annual sales).
 * - Ps. 35(2): the capital criterion is used when the business is established/registered — this is the one the
 *   intake service uses for a new application.
 * - Ps. 35(3): modal usaha, EXCLUDING land and buildings of the business site:
 *   Mikro ≤ Rp1 M; Kecil > Rp1 M – ≤ Rp5 M; Menengah > Rp5 M – ≤ Rp10 M.
 * - Ps. 35(5): hasil penjualan tahunan: Mikro ≤ Rp2 M; Kecil > Rp2 M – ≤ Rp15 M; Menengah > Rp15 M – ≤ Rp50 M.
 * - Anything above the Menengah ceiling is Usaha Besar (OSS "Skala Usaha" code 04).
 *
 * Upper bounds are INCLUSIVE ("sampai dengan paling banyak"), lower bounds exclusive ("lebih dari").
 * Pitfall (docs/rules/business-scale.md): several secondary sources misquote the table; these numbers follow the
 * PP text.
 * The obsolete UU 20/2008 thresholds (Rp50 jt net worth / Rp300 jt sales) must not be used.
 */
import { BusinessScale } from '@mpp/contracts';
import { DomainRuleError } from './errors';

/** PP 7/2021 Ps. 35(3) — inclusive upper bounds of modal usaha (rupiah, excluding land & buildings). */
export const CAPITAL_MAX_MIKRO = 1_000_000_000;
export const CAPITAL_MAX_KECIL = 5_000_000_000;
export const CAPITAL_MAX_MENENGAH = 10_000_000_000;

/** PP 7/2021 Ps. 35(5) — inclusive upper bounds of hasil penjualan tahunan (rupiah per year). */
export const ANNUAL_SALES_MAX_MIKRO = 2_000_000_000;
export const ANNUAL_SALES_MAX_KECIL = 15_000_000_000;
export const ANNUAL_SALES_MAX_MENENGAH = 50_000_000_000;

/** Checks that an amount is a whole, non-negative number of rupiah; throws DomainRuleError otherwise. */
function assertRupiahAmount(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainRuleError(field, `${field}.finite`, `${field} must be a finite number of rupiah`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new DomainRuleError(field, `${field}.integer`, `${field} must be a whole number of rupiah`);
  }
  if (value < 0) {
    throw new DomainRuleError(field, `${field}.nonNegative`, `${field} must not be negative`);
  }
}

/**
 * Scale from modal usaha (capital, rupiah, excluding land & buildings) — PP 7/2021 Ps. 35(2)-(3).
 * @throws DomainRuleError (field `capital`) for negative, fractional or non-finite input
 */
export function businessScaleFromCapital(capital: number): BusinessScale {
  assertRupiahAmount(capital, 'capital');
  if (capital <= CAPITAL_MAX_MIKRO) return BusinessScale.MIKRO;
  if (capital <= CAPITAL_MAX_KECIL) return BusinessScale.KECIL;
  if (capital <= CAPITAL_MAX_MENENGAH) return BusinessScale.MENENGAH;
  return BusinessScale.BESAR;
}

/**
 * Scale from hasil penjualan tahunan (annual sales, rupiah) — PP 7/2021 Ps. 35(5).
 * @throws DomainRuleError (field `annualSales`) for negative, fractional or non-finite input
 */
export function businessScaleFromAnnualSales(sales: number): BusinessScale {
  assertRupiahAmount(sales, 'annualSales');
  if (sales <= ANNUAL_SALES_MAX_MIKRO) return BusinessScale.MIKRO;
  if (sales <= ANNUAL_SALES_MAX_KECIL) return BusinessScale.KECIL;
  if (sales <= ANNUAL_SALES_MAX_MENENGAH) return BusinessScale.MENENGAH;
  return BusinessScale.BESAR;
}
