import type { ValidationError } from 'class-validator';

/** One violated rule of one field, e.g. `{ field: 'applicant.nik', rule: 'isNik', message: 'applicant.nik must be …' }`. */
export interface FieldViolation {
  /** Dotted path of the field, e.g. `applicant.nik` or `items.0.kbli`. */
  field: string;
  /** class-validator constraint name, e.g. `isNik` or `isNotEmpty`. */
  rule: string;
  /** The constraint's message with the full path as its subject. */
  message: string;
}

/**
 * Flattens nested class-validator errors into one violation per failed constraint, in order. The one
 * implementation for HTTP bodies (the platform's 400 details), events (the consumer's dead-letter reason),
 * configuration and the domain validators' tests; each formats the result its own way.
 *
 * class-validator names only the leaf property in its messages (`nik must be …`); the message is rewritten
 * to name the full path (`applicant.nik must be …`), and a message that does not start with the property
 * (a custom one) is prefixed with it (`applicant.nik: NIK tidak valid`).
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      message: message.startsWith(`${error.property} `) ? `${field}${message.slice(error.property.length)}` : `${field}: ${message}`,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
