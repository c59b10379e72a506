import 'reflect-metadata';
import { PermitType } from '@mpp/contracts';
import { DEFAULT_PERMIT_NUMBER_TEMPLATE, permitNumberTemplateViolations, renderPermitNumber } from './permit-number';

describe('permit number templates', () => {
  it('render the default and a regional template', () => {
    const values = { type: PermitType.SERTIFIKAT_STANDAR, office: '3373', year: 2026, seq: 42 } as const;
    expect(renderPermitNumber(DEFAULT_PERMIT_NUMBER_TEMPLATE, values)).toBe('SS-3373-2026-00042');
    expect(renderPermitNumber('503/{seq:4}/{type}/DPMPTSP-{office}/{year}', { ...values, type: PermitType.IZIN })).toBe(
      '503/0042/IZ/DPMPTSP-3373/2026',
    );
  });

  it('accept valid templates', () => {
    expect(permitNumberTemplateViolations(DEFAULT_PERMIT_NUMBER_TEMPLATE)).toEqual([]);
    expect(permitNumberTemplateViolations('503/{seq:4}/{type}/DPMPTSP/{year}')).toEqual([]);
  });

  it.each([
    ['{type}-{office}-{year}', 'sequence token'],
    ['{type}-{seq:3}-{seq:3}', 'sequence token'],
    ['{type}-{seq:4}-{nib}', 'only use the tokens'],
    ['{seq:4}/{office}', 'must contain {type}'],
    ['{type}-{seq:4}?x=1', 'may only contain'],
  ])('refuse %s', (template, reason) => {
    expect(permitNumberTemplateViolations(template).join('; ')).toContain(reason);
  });
});
