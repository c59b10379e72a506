import { PermitType } from '@mpp/contracts';
import { RuleViolation } from './errors';

/**
 * Permit number templates. Each office numbers its Sertifikat Standar and Izin its own way (regional
 * practice, e.g. `503/0112/SIPD/DPM-PTSP/2024`), so the format is a per-office template with tokens:
 *   {type}    SS for Sertifikat Standar, IZ for Izin; required
 *   {office}  the office's 4-digit code; required, so one office's numbers never collide with another's
 *   {year}    the issuance year in the office's time zone
 *   {seq:N}   the sequence number, zero-padded to N digits (1–8); required, once
 * Numbers are unique across the installation (issuance has a unique index on them) while each office counts
 * its own sequence: without `{office}` two offices would render the same number.
 */
export const DEFAULT_PERMIT_NUMBER_TEMPLATE = '{type}-{office}-{year}-{seq:5}';

const TOKEN = /\{(type|office|year|seq:[1-8])\}/g;
const TYPE_CODE: Record<Exclude<PermitType, PermitType.NIB>, string> = {
  [PermitType.SERTIFIKAT_STANDAR]: 'SS',
  [PermitType.IZIN]: 'IZ',
};

/**
 * Rules a template breaks (empty when valid), each named `permitNumberTemplate.<rule>`:
 * `seq`, `tokens`, `characters`, `type`, `office`, `length`.
 */
export function permitNumberTemplateRuleViolations(template: string): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const add = (rule: string, message: string) => violations.push({ rule: `permitNumberTemplate.${rule}`, message });
  const seqTokens = template.match(/\{seq:[1-8]\}/g) ?? [];
  if (seqTokens.length !== 1) add('seq', 'must contain the sequence token {seq:N} (N = 1–8 digits) exactly once');
  const rest = template.replace(TOKEN, '');
  if (/[{}]/.test(rest)) add('tokens', 'may only use the tokens {type}, {office}, {year} and {seq:N}');
  if (!/^[A-Za-z0-9/.\-_ ]*$/.test(rest)) add('characters', 'may only contain letters, digits, spaces and / . - _ besides tokens');
  if (!template.includes('{type}')) add('type', 'must contain {type}, so Sertifikat Standar and Izin numbers differ');
  if (!template.includes('{office}')) add('office', "must contain {office}, so one office's numbers never collide with another's");
  if (template.length > 100) add('length', 'must be at most 100 characters');
  return violations;
}

/** Rules a template breaks, as messages (empty when valid). */
export function permitNumberTemplateViolations(template: string): string[] {
  return permitNumberTemplateRuleViolations(template).map((v) => v.message);
}

export function renderPermitNumber(
  template: string,
  values: { type: Exclude<PermitType, PermitType.NIB>; office: string; year: number; seq: number },
): string {
  return template.replace(TOKEN, (_m, token: string) => {
    if (token === 'type') return TYPE_CODE[values.type];
    if (token === 'office') return values.office;
    if (token === 'year') return String(values.year);
    return String(values.seq).padStart(Number(token.slice(4)), '0');
  });
}
