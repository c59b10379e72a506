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
 * Thrown by domain functions when an input breaks a business rule (negative capital, unknown KBLI code...).
 * It is an expected, client-caused error: map it to a 4xx (400/422), never to a 500.
 */
export class DomainRuleError extends Error {
  override readonly name = 'DomainRuleError';

  /**
   * @param field the input field that broke the rule, e.g. `capital` or `business.kbli`
   * @param rule  stable rule identifier, e.g. `capital.nonNegative`
   * @param message human-readable explanation
   */
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
    // Keep `instanceof` working even if the code is ever down-levelled below ES2015.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Type guard usable in exception filters / message handlers. */
export function isDomainRuleError(error: unknown): error is DomainRuleError {
  return error instanceof DomainRuleError;
}
