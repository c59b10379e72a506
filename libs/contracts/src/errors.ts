/**
 * Thrown by domain functions when an input breaks a business rule (negative capital, unknown KBLI code...).
 * It is an expected, client-caused error: the platform's HTTP error filter answers it with a 400 whose
 * `details` name the field and the rule. Defined beside the contracts so that the platform recognises it
 * without depending on the domain library (`@mpp/domain` re-exports it).
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
