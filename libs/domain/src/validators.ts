/**
 * class-validator decorators for request/event DTOs, backed by the domain rules of this library.
 *
 * Each default message names the field and the rule(s) that failed, e.g.
 *   `nik must be a valid NIK (nik.province: unknown province code 99)`
 * class-validator only knows the leaf property name (`ValidationArguments.property`); use
 * `flattenValidationErrors` of `@mpp/contracts` to get the full path (`applicant.nik must be a valid NIK (...)`)
 * for nested DTOs.
 *
 * This is the only module of the domain library that depends on class-validator.
 */
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { RuleViolation } from './errors';
import { KBLI_CATALOGUE_VERSION, kbliCodeViolations } from './kbli';
import { LATEST_RULE_SET } from './rule-sets';
import { validateNik } from './nik';
import { validateNpwp } from './npwp';
import { officeCodeViolations } from './offices';
import { permitNumberTemplateRuleViolations } from './permit-number';
import { validateVillageCode } from './regions';

type ViolationCheck = (value: unknown) => RuleViolation[];

/** `field must be <expectation> (rule: message; rule: message)`. */
export function formatRuleMessage(field: string, expectation: string, violations: readonly RuleViolation[]): string {
  const details = violations.map((v) => `${v.rule}: ${v.message}`).join('; ');
  return details ? `${field} must be ${expectation} (${details})` : `${field} must be ${expectation}`;
}

/** Violations of a value, or of the first failing element when the decorator is used with `{ each: true }`. */
function violationsOf(check: ViolationCheck, value: unknown, each: boolean): RuleViolation[] {
  if (each && Array.isArray(value)) {
    for (const item of value) {
      const found = check(item);
      if (found.length > 0) return found;
    }
    return [];
  }
  return check(value);
}

function ruleDecorator(name: string, expectation: string, check: ViolationCheck) {
  return (validationOptions?: ValidationOptions): PropertyDecorator =>
    (target: object, propertyKey: string | symbol) => {
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyKey as string,
        options: validationOptions,
        validator: {
          validate: (value: unknown) => check(value).length === 0,
          defaultMessage: (args?: ValidationArguments) =>
            formatRuleMessage(
              args?.property ?? String(propertyKey),
              expectation,
              violationsOf(check, args?.value, validationOptions?.each === true),
            ),
        },
      });
    };
}

/**
 * NIK: 16 digits, known province, known kab/kota (2025 list or a retired pre-pemekaran code), valid birth date
 * (women +40), serial ≠ 0000 (see `validateNik`).
 */
export const IsNik = ruleDecorator('isNik', 'a valid NIK', (value) => validateNik(value as string).violations);

/** NPWP: 15-digit legacy (Luhn), 16-digit "0"+legacy, or NIK as NPWP; dots/dashes allowed (see `validateNpwp`). */
export const IsNpwp = ruleDecorator('isNpwp', 'a valid NPWP', (value) => validateNpwp(value as string).violations);

/** A 5-digit KBLI code covered by the latest rule set (an application's own rule set is checked when it is decided). */
export const IsKnownKbli = ruleDecorator(
  'isKnownKbli',
  `a KBLI code covered by ${LATEST_RULE_SET.regulation.short} (catalogue ${KBLI_CATALOGUE_VERSION})`,
  (value) => kbliCodeViolations(value),
);

/** A 4-digit Kemendagri kab/kota code of a seeded MPP office. */
export const IsKnownOffice = ruleDecorator('isKnownOffice', 'a known MPP office code', officeCodeViolations);

/**
 * A Kemendagri desa/kelurahan code, 10 digits bare or dotted, that exists in Kepmendagri 300.2.2-2138/2025
 * (see `validateVillageCode`: `region.village` for an unknown desa/kelurahan).
 */
export const IsVillageCode = ruleDecorator(
  'isVillageCode',
  'a Kemendagri village code',
  (value) => validateVillageCode(value as string).violations,
);

/**
 * A permit number template (see `permitNumberTemplateRuleViolations`): tokens {type}, {office}, {year},
 * {seq:N}; {type}, {office} and one {seq:N} required.
 */
export const IsPermitNumberTemplate = ruleDecorator('isPermitNumberTemplate', 'a valid permit number template', (value) =>
  typeof value === 'string' ? permitNumberTemplateRuleViolations(value) : [{ rule: 'permitNumberTemplate.string', message: 'must be a string' }],
);
