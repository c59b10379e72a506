import 'reflect-metadata';
import { PermitType } from '@mpp/contracts';
import { validateSync } from 'class-validator';
import { OFFICES } from './offices';
import {
  DEFAULT_PERMIT_NUMBER_TEMPLATE,
  permitNumberTemplateRuleViolations,
  permitNumberTemplateViolations,
  renderPermitNumber,
} from './permit-number';
import { IsPermitNumberTemplate } from './validators';

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
    expect(permitNumberTemplateViolations('503/{seq:4}/{type}/DPMPTSP-{office}/{year}')).toEqual([]);
  });

  it('refuse a template without the office, naming the rule', () => {
    expect(permitNumberTemplateRuleViolations('503/{seq:4}/{type}/DPMPTSP/{year}')).toEqual([
      { rule: 'permitNumberTemplate.office', message: expect.stringContaining('must contain {office}') },
    ]);
  });

  it("render a different number for each seeded office at the same sequence, with the default template", () => {
    const numbers = OFFICES.map((o) => renderPermitNumber(DEFAULT_PERMIT_NUMBER_TEMPLATE, { type: PermitType.IZIN, office: o.code, year: 2026, seq: 1 }));
    expect(new Set(numbers).size).toBe(OFFICES.length);
  });

  it('back a class-validator decorator whose message names the field and the rule', () => {
    class Request {
      @IsPermitNumberTemplate()
      permitNumberTemplate: unknown;
    }
    const check = (value: unknown) => validateSync(Object.assign(new Request(), { permitNumberTemplate: value })).map((e) => e.constraints);
    expect(check(DEFAULT_PERMIT_NUMBER_TEMPLATE)).toEqual([]);
    expect(check('{type}-{year}-{seq:4}')).toEqual([
      { isPermitNumberTemplate: expect.stringMatching(/^permitNumberTemplate must be a valid permit number template \(permitNumberTemplate\.office: must contain \{office\}/) },
    ]);
    expect(check(42)).toEqual([{ isPermitNumberTemplate: expect.stringContaining('permitNumberTemplate.string') }]);
  });

  it.each([
    ['{type}-{office}-{year}', 'sequence token'],
    ['{type}-{office}-{seq:3}-{seq:3}', 'sequence token'],
    ['{type}-{office}-{seq:4}-{nib}', 'only use the tokens'],
    ['{seq:4}/{office}', 'must contain {type}'],
    ['{type}-{seq:4}', 'must contain {office}'],
    ['{type}-{office}-{seq:4}?x=1', 'may only contain'],
  ])('refuse %s', (template, reason) => {
    expect(permitNumberTemplateViolations(template).join('; ')).toContain(reason);
  });
});
