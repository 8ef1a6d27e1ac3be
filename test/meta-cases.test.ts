// Openings of real government work reports (fixtures/meta-cases/, from ../shared/corpus) under
// file names that carry no place: district reports name their district, city and province;
// the State Council's and a province's are placed in no city; the year is the year reviewed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, run } from './helpers.js';

const rows = readFileSync(fixture('meta-cases', 'expected.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .slice(1)
  .map((l) => {
    const [doc, province, city, district, street, year, period, note, kind] = l.split('\t') as string[];
    return { doc: doc!, province, city, district, street, year: Number(year), period, note: note ?? '', kind: kind ?? '' };
  });

describe('reporting unit and year of report openings, file names carrying no place', () => {
  it.each(rows)('$doc: $kind', (row) => {
    const r = run(readFileSync(fixture('meta-cases', row.doc), 'utf8'), row.doc);
    const m = r.meta!;
    expect({ province: m.province, city: m.city, district: m.district, street: m.street, year: m.year, period: m.period }, m.meta_note).toEqual({
      province: row.province, city: row.city, district: row.district, street: row.street, year: row.year, period: row.period,
    });
    if (row.note) expect(m.meta_note).toMatch(new RegExp(row.note, 'u'));
    expect(m.doc_type).not.toBe('not_report');
  });
});
