/** How a search text is matched: exactly against the identifiers, and as part of a name. */
export interface SearchTerms {
  /** Compared for equality with the permit number, the NIB, the NIK and the application number. */
  exact: string[];
  /** An ILIKE pattern for the holder's and the business's name (wildcards in the text taken literally). */
  namePattern: string;
}

/**
 * The terms of a search text (already trimmed): the text itself, and for an NIB or NIK typed with spaces
 * or dots, its digits; the text as part of a name.
 */
export function searchTerms(text: string): SearchTerms {
  const digits = text.replace(/[\s.]/g, '');
  const exact = /^\d+$/.test(digits) && digits !== text ? [text, digits] : [text];
  return { exact, namePattern: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
}
