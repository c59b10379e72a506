import PDFDocument from 'pdfkit';

/** The parsed tables of an AFM file, as pdfkit's AFMFont keeps them. */
interface AfmTables {
  attributes: object;
  glyphWidths: object;
  boundingBoxes: object;
  kernPairs: object;
}

type AfmFontClass = { prototype: { parse(this: AfmTables, contents: string): void } };

let shared = false;

/**
 * pdfkit reads and parses a standard font's AFM metrics (about 3,000 lines of text) for every document that
 * uses the font: most of a certificate's rendering time (profiled: a fifth of permit-issuance's CPU under
 * load). The parsed tables are only read afterwards, so they are parsed once per process and shared by
 * every document. pdfkit does not export its AFMFont class; it is reached through the default font of a
 * throw-away document, and when pdfkit changes shape this does nothing (rendering stays correct, only
 * slower). The output is byte for byte the same (certificate-document.spec.ts renders a document twice).
 */
export function shareStandardFontMetrics(): void {
  if (shared) return;
  shared = true;
  const probe = new PDFDocument({ autoFirstPage: false }) as unknown as { _font?: { font?: { constructor?: unknown } } };
  const AfmFont = probe._font?.font?.constructor as AfmFontClass | undefined;
  const parse = AfmFont?.prototype?.parse;
  if (!AfmFont || typeof parse !== 'function') return;
  const parsed = new Map<string, AfmTables>();
  AfmFont.prototype.parse = function (this: AfmTables, contents: string): void {
    const known = parsed.get(contents);
    if (known) {
      Object.assign(this, known);
      return;
    }
    parse.call(this, contents);
    parsed.set(contents, { attributes: this.attributes, glyphWidths: this.glyphWidths, boundingBoxes: this.boundingBoxes, kernPairs: this.kernPairs });
  };
}
