/**
 * Errors and violation shapes shared by the domain rules.
 *
 * Every rule has a stable, dotted identifier (e.g. `nik.province`, `capital.nonNegative`) so that the HTTP
 * layer can answer "bad input is a 4xx naming the field and the rule" (docs/architecture.md#errors) without
 * parsing prose.
 */

/** One failed rule, as returned by the non-throwing validators (`validateNik`, `validateNpwp`, ...). */
export interface RuleViolation {
  /** Stable rule identifier, e.g. `nik.birthDate`. */
  rule: string;
  /** Human-readable explanation (English), e.g. `unknown province code 99`. */
  message: string;
}

/**
 * `DomainRuleError` (thrown when an input breaks a business rule; answered with a 400) is defined in
 * `@mpp/contracts`, so that the platform's HTTP error filter recognises it without depending on this library.
 */
export { DomainRuleError, isDomainRuleError } from '@mpp/contracts';
