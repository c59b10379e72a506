import { searchTerms } from './search-terms';

describe('permit search terms', () => {
  it('matches an identifier as typed, and an NIB or NIK typed with spaces or dots by its digits', () => {
    expect(searchTerms('2811260000001').exact).toEqual(['2811260000001']);
    expect(searchTerms('3373 0112 0385 0001').exact).toEqual(['3373 0112 0385 0001', '3373011203850001']);
    expect(searchTerms('33.73.011203850001').exact).toEqual(['33.73.011203850001', '3373011203850001']);
    expect(searchTerms('503/0001/SS/DPMPTSP-3373/2026').exact).toEqual(['503/0001/SS/DPMPTSP-3373/2026']);
  });

  it('finds a name by any part of it, taking LIKE wildcards in the text literally', () => {
    expect(searchTerms('Bu Siti').namePattern).toBe('%Bu Siti%');
    expect(searchTerms('100%_a\\b').namePattern).toBe('%100\\%\\_a\\\\b%');
  });
});
