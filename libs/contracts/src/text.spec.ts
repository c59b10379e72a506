import { NORMALISED_TEXT } from './text';

describe('NORMALISED_TEXT: text that prints as it was typed', () => {
  it.each([
    ['an ordinary name', 'Siti Rahayu'],
    ['Arabic script', 'محمد'],
    ['a Devanagari conjunct (virama inside)', 'क्ष'],
    ['an emoji at the end (a surrogate pair)', 'Warung 😀'],
    ['a zero-width joiner inside', 'a\u200db'],
    ['a zero-width space inside', 'a\u200bb'],
  ])('accepts %s', (_what, text) => expect(NORMALISED_TEXT.test(text)).toBe(true));

  it.each([
    ['only a zero-width space (prints blank)', '\u200b'],
    ['a zero-width space first', '\u200bToko'],
    ['a byte-order mark first', '\ufeffToko'],
    ['a soft hyphen first', '\u00adToko'],
    ['a space last', 'Toko '],
    ['a right-to-left override (reorders the name)', 'Toko \u202eabc'],
    ['a right-to-left isolate', 'Toko \u2067abc'],
    ['a right-to-left mark', 'Toko\u200fabc'],
    ['a C1 control (NEL)', 'Toko\u0085abc'],
    ['a noncharacter', 'Toko\uffffabc'],
  ])('refuses %s', (_what, text) => expect(NORMALISED_TEXT.test(text)).toBe(false));
});
