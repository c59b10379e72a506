import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/**
 * Free text as intake accepts it and its events carry it, one rule for both: trimmed, not blank, no
 * control characters, at most `maxLength` characters (after trimming). Whatever the request classes
 * accept, the event classes accept too (a property-based test in intake holds them to it).
 *
 * What prints on a certificate must read as it was typed: no C0/C1 control characters, no bidirectional
 * overrides or isolates (U+202A-U+202E, U+2066-U+2069, the marks U+200E, U+200F, U+061C) that would reorder
 * a name, no noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF); and the first and last characters are visible
 * (not a space, a zero-width or other formatting character, a soft hyphen), so no name prints blank. Joiners
 * inside a name stay allowed (emoji sequences, Indic and Arabic scripts need them).
 *
 * The empty string passes the pattern and is refused by `isNotEmpty`, so blank text answers
 * `<field> should not be empty`; text with a control character, or not trimmed, fails `matches`.
 */
export const NORMALISED_TEXT =
  // eslint-disable-next-line no-control-regex
  /^(?:[^\s\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff](?:[^\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]*[^\s\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufdd0-\ufdef\ufeff\ufff9-\ufffb\ufffe\uffff])?)?$/;

/** What a text that fails `NORMALISED_TEXT` is told. */
export const NORMALISED_TEXT_MESSAGE =
  '$property must not contain control or text-direction characters, nor begin or end with an invisible character';

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
    Matches(NORMALISED_TEXT, { message: NORMALISED_TEXT_MESSAGE }),
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
