import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/**
 * Free text as intake accepts it and its events carry it, one rule for both: trimmed, not blank, no
 * control characters, at most `maxLength` characters (after trimming). Whatever the request classes
 * accept, the event classes accept too (a property-based test in intake holds them to it).
 *
 * The empty string passes the pattern and is refused by `isNotEmpty`, so blank text answers
 * `<field> should not be empty`; text with a control character, or not trimmed, fails `matches`.
 */
// eslint-disable-next-line no-control-regex
export const NORMALISED_TEXT = /^(?:[^\s\u0000-\u001f\u007f](?:[^\u0000-\u001f\u007f]*[^\s\u0000-\u001f\u007f])?)?$/;

/** Longest text of each field of an application, as the request and the events accept it. */
export const TEXT_LIMITS = {
  personName: 200,
  businessName: 200,
  entityName: 200,
  street: 300,
  deedNumber: 100,
  notary: 200,
  ministryApproval: 100,
  officeName: 200,
  officeAddress: 300,
} as const;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

function textRules(maxLength: number): PropertyDecorator[] {
  return [
    IsString(),
    MaxLength(maxLength),
    Matches(NORMALISED_TEXT, { message: '$property must not contain control characters' }),
  ];
}

function combine(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** Required free text: trimmed when transformed, then not blank, no control characters, at most `maxLength`. */
export function NormalisedText(maxLength: number): PropertyDecorator {
  return combine([Transform(trim), ...textRules(maxLength), IsNotEmpty()]);
}

/** Optional free text: blank counts as absent; otherwise as `NormalisedText`. */
export function OptionalNormalisedText(maxLength: number): PropertyDecorator {
  return combine([Transform(trimToUndefined), IsOptional(), ...textRules(maxLength)]);
}

/**
 * Identifiers (NIK, NPWP, KBLI, region codes) are trimmed once, when the request is transformed, so what is
 * validated is what is stored and what the events carry (a padded NIK used to pass its check and then
 * overflow its `character(16)` column).
 */
export function Trimmed(): PropertyDecorator {
  return Transform(trim);
}

/** Free text that may be empty (an office's address), otherwise as `NormalisedText`. */
export function NormalisedTextOrEmpty(maxLength: number): PropertyDecorator {
  return combine([Transform(trim), ...textRules(maxLength)]);
}

/**
 * An optional property of a partial update: absent (`undefined`) means "no change", but `null` is validated
 * like any other value, and refused by the property's rules (class-validator's `IsOptional` lets `null`
 * through, which reached the use case as a value).
 */
export function UnlessAbsent(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
