// Fuzzing the whole pipeline with random and mutated report text: it never throws, every
// fact's offsets slice to its text, values are finite, and CSV output parses back to the
// same records. Also: the inline CSV writer agrees with csv-stringify byte for byte.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFormulaLike, neutralizeText } from '../src/export/cells.js';
import { csvRecord, serializeRecords } from '../src/export/writers.js';
import { FACT_FIELDS, processDocument } from '../src/pipeline.js';
import { context, fixture, reportFiles } from './helpers.js';
import { mutatedSeeds } from './mutate.js';

const seeds = reportFiles().map((f) => readFileSync(fixture('reports', f), 'utf8'));

/** A seed with random edits: cut, duplicated, spliced with noise, bytes flipped. */
const mutatedSeed = mutatedSeeds(seeds, {
  maxLength: 3000, maxEdits: 20, maxDelete: 20, maxNoise: 12,
  tokens: ['万', '余', '约', '%', '第', '其中', '分别', '、', '。', '\n', '“', '《', '年', '宗', '12', '三'],
});

function check(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  const r = processDocument('fuzz.txt', bytes, context(), { keepText: true });
  if (!r.ok) return;
  for (const f of r.facts) {
    expect(r.text!.slice(f.start, f.end)).toBe(f.text);
    expect(Number.isFinite(f.value)).toBe(true);
    if (f.value_max !== null) expect(Number.isFinite(f.value_max)).toBe(true);
  }
  const rows = r.facts as unknown as Array<Record<string, unknown>>;
  const csv = stringify([[...FACT_FIELDS]]) + serializeRecords('csv', FACT_FIELDS, rows);
  const back = parse(csv, { columns: true }) as Array<Record<string, string>>;
  expect(back).toHaveLength(r.facts.length);
  back.forEach((row, i) => {
    const f = r.facts[i]!;
    // text a spreadsheet would read as a formula comes back with OWASP's leading quote
    expect(row.text).toBe(neutralizeText(f.text));
    expect(row.sentence).toBe(neutralizeText(f.sentence));
    expect(Number(row.value)).toBe(f.value);
    expect(row.id).toBe(f.id);
  });
}

describe('fuzz', () => {
  it('mutated seed text', () => {
    fc.assert(fc.property(mutatedSeed, check), { numRuns: 300 });
  });

  it('characters outside the BMP next to cue words (Extension B names) end, as any other text', () => {
    // found by the mutated-text fuzzer: cue matching restarted inside a surrogate pair forever
    for (const text of ['全年化解矛盾纠纷23起𠦯处矛盾纠纷255起。', '共调处矛盾纠纷23起\u{DF214}\u{7F7D9}𠦯𮆎处矛盾纠纷255起。', '𠦯𠦯调解纠纷12宗𠦯。']) {
      check(text);
      expect(processDocument('astral.txt', Buffer.from(text, 'utf8'), context()).facts.length).toBeGreaterThan(0);
    }
  });

  it('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), check), { numRuns: 300 });
  });

  it('the inline CSV writer writes what csv-stringify writes (with OWASP\'s leading quote for formula-like text)', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('a,b', '"q"', 'x\ny', 'r\r\n', '', '调解,共"12"宗', '=1+2', '+86', '-12', '@SUM(A1)', '\tx', '\r', '=HYPERLINK("http://x","y")'),
      fc.double({ noNaN: true }),
      fc.integer(),
    );
    // csv-stringify with the one cast the inline writer applies (cells.ts): numbers stay as they are
    const neutralized = { cast: { string: (v: string) => (isFormulaLike(v) ? { value: `'${v}`, quoted: true } : v) } };
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 8 }), (cells) => {
        expect(csvRecord(cells)).toBe(stringify([cells], neutralized));
      }),
      { numRuns: 500 },
    );
    expect(csvRecord(['-12', -12, '=1+2'])).toBe(`"'-12",-12,"'=1+2"\n`);
  });
});
