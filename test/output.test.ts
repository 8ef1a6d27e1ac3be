// What a document hands to the writer: records serialized per column list, and the packed
// form worker threads transfer to the main thread.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecord, serializeRecords } from '../src/export/writers.js';
import { packOutput, unpackOutput, type DocOutput } from '../src/run/doc-output.js';

const value = fc.oneof(fc.string({ unit: 'grapheme' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
// (not integer-like names: a JavaScript object puts those first, whatever the column order)
const columns = fc.uniqueArray(
  fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('a.b', '"q"', '__proto__', 'constructor')).filter((c) => !/^(0|[1-9][0-9]*)$/.test(c)),
  { minLength: 1, maxLength: 10 },
);
const table = columns.chain((cols) =>
  fc.record({ cols: fc.constant(cols), rows: fc.array(fc.tuple(...cols.map(() => value)).map((vs) => Object.fromEntries(cols.map((c, i) => [c, vs[i]]))), { maxLength: 6 }) }),
);

describe('serializeRecords', () => {
  it('writes every column of every row in order, whatever the column names', () => {
    fc.assert(
      fc.property(table, ({ cols, rows }) => {
        const json = serializeRecords('jsonl', cols, rows);
        const back = json ? json.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
        expect(back.map((r) => Object.keys(r))).toEqual(rows.map(() => cols));
        back.forEach((r, i) => {
          for (const c of cols) expect(r[c]).toEqual(JSON.parse(JSON.stringify(rows[i]![c] ?? null)));
        });
        const csv = rows.map((r) => csvRecord(cols.map((c) => { const v = r[c]; return v === undefined ? null : typeof v === 'boolean' ? String(v) : (v as string | number | null); }))).join('');
        expect(serializeRecords('csv', cols, rows)).toBe(csv);
        expect(serializeRecords('json', cols, rows)).toBe(rows.length ? json.trimEnd().split('\n').join(',\n') : '');
      }),
      { numRuns: 200 },
    );
  });
});

describe('packed document output', () => {
  it('unpacks to what was packed, with the facts as their UTF-8 bytes', () => {
    const output = fc.record({
      doc: fc.string({ unit: 'grapheme' }),
      ok: fc.boolean(),
      facts: fc.string({ unit: 'grapheme', maxLength: 2000 }),
      factCount: fc.nat(),
      diagnostics: fc.array(fc.record({ code: fc.constantFrom('READ_FAILED', 'NOT_TEXT'), args: fc.dictionary(fc.string(), fc.string({ unit: 'grapheme' })), doc: fc.string(), stage: fc.constantFrom('read', 'decode') }), { maxLength: 3 }),
      summary: fc.option(fc.dictionary(fc.string(), fc.oneof(fc.string({ unit: 'grapheme' }), fc.integer())), { nil: null }),
    });
    fc.assert(
      fc.property(output, (o) => {
        const back = unpackOutput(packOutput(o as unknown as DocOutput & { facts: string }));
        expect({ ...back, facts: new TextDecoder().decode(back.facts as Uint8Array) }).toEqual(o);
      }),
      { numRuns: 200 },
    );
  });
});
