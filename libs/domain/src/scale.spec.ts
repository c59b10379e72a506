// @mpp/contracts declares class-transformer decorators, which need the Reflect metadata polyfill that a Nest
// app loads at bootstrap; load it here too.
import 'reflect-metadata';
import { BusinessScale } from '@mpp/contracts';
import { DomainRuleError } from './errors';
import {
  ANNUAL_SALES_MAX_KECIL,
  ANNUAL_SALES_MAX_MENENGAH,
  ANNUAL_SALES_MAX_MIKRO,
  businessScaleFromAnnualSales,
  businessScaleFromCapital,
  CAPITAL_MAX_KECIL,
  CAPITAL_MAX_MENENGAH,
  CAPITAL_MAX_MIKRO,
} from './scale';

describe('businessScaleFromCapital (PP 7/2021 Ps. 35(3), inclusive upper bounds)', () => {
  it.each([
    [0, BusinessScale.MIKRO],
    [1, BusinessScale.MIKRO],
    [1_000_000_000, BusinessScale.MIKRO],
    [1_000_000_001, BusinessScale.KECIL],
    [5_000_000_000, BusinessScale.KECIL],
    [5_000_000_001, BusinessScale.MENENGAH],
    [10_000_000_000, BusinessScale.MENENGAH],
    [10_000_000_001, BusinessScale.BESAR],
    [1_000_000_000_000, BusinessScale.BESAR],
  ])('capital %d → %s', (capital, expected) => {
    expect(businessScaleFromCapital(capital)).toBe(expected);
  });

  it('exports the thresholds as constants', () => {
    expect([CAPITAL_MAX_MIKRO, CAPITAL_MAX_KECIL, CAPITAL_MAX_MENENGAH]).toEqual([1e9, 5e9, 1e10]);
  });

  it.each([
    [-1, 'capital.nonNegative'],
    [-1_000_000_000, 'capital.nonNegative'],
    [1.5, 'capital.integer'],
    [Number.MAX_SAFE_INTEGER + 2, 'capital.integer'],
    [Number.NaN, 'capital.finite'],
    [Number.POSITIVE_INFINITY, 'capital.finite'],
    ['1000' as unknown as number, 'capital.finite'],
  ])('rejects %p with rule %s', (capital, rule) => {
    let caught: unknown;
    try {
      businessScaleFromCapital(capital);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainRuleError);
    expect(caught).toMatchObject({ field: 'capital', rule, name: 'DomainRuleError' });
  });
});

describe('businessScaleFromAnnualSales (PP 7/2021 Ps. 35(5))', () => {
  it.each([
    [0, BusinessScale.MIKRO],
    [2_000_000_000, BusinessScale.MIKRO],
    [2_000_000_001, BusinessScale.KECIL],
    [15_000_000_000, BusinessScale.KECIL],
    [15_000_000_001, BusinessScale.MENENGAH],
    [50_000_000_000, BusinessScale.MENENGAH],
    [50_000_000_001, BusinessScale.BESAR],
  ])('sales %d → %s', (sales, expected) => {
    expect(businessScaleFromAnnualSales(sales)).toBe(expected);
  });

  it('exports the thresholds as constants', () => {
    expect([ANNUAL_SALES_MAX_MIKRO, ANNUAL_SALES_MAX_KECIL, ANNUAL_SALES_MAX_MENENGAH]).toEqual([2e9, 15e9, 50e9]);
  });

  it('rejects negative sales with field annualSales', () => {
    expect(() => businessScaleFromAnnualSales(-5)).toThrow(
      expect.objectContaining({ field: 'annualSales', rule: 'annualSales.nonNegative' }),
    );
  });
});
