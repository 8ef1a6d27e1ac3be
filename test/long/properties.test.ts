// The saved-page reader's properties at length, with a new seed on each run (fast-check prints
// the seed and the shrunk page of a failure; the short runs are in test/html.test.ts).
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectParserText, expectSameHoweverCut, markup } from '../html-reference.js';

describe('saved pages to text, at length', () => {
  it('gives the text the htmlparser2 Parser gave, for any markup', () => {
    fc.assert(fc.property(markup, expectParserText), { numRuns: 200_000 });
  });

  it('gives the same text however the page is cut into pieces', () => {
    fc.assert(fc.property(markup, fc.array(fc.nat(), { maxLength: 8 }), expectSameHoweverCut), { numRuns: 50_000 });
  });
});
