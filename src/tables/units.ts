// One row per reporting unit, year and period, merged from the documents that report on
// it. Pure.
//
// The same report saved twice (the same bytes, or the same figures from a text and an HTML
// copy) counts once. Among different documents, an annual report is preferred to a
// half-year summary, which is preferred to a news item or other document; then the one
// with more headline figures; then the first given. Each metric takes the preferred
// document's value; where another document gives a different one, `conflicts` says so.
import type { UnitFields } from '../meta/unit.js';

export const UNIT_FIELDS = ['province', 'city', 'district', 'street', 'division_code', 'level', 'year', 'period'] as const;

/** Where and when a row belongs (UNIT_FIELDS): the reporting unit, its level, the year and period. */
export interface UnitYearFields extends UnitFields {
  level: string;
  year: number | null;
  period: string;
}

export interface UnitDoc extends UnitYearFields {
  doc: string;
  doc_sha256: string;
  /** a digest of the document's facts: two copies of one report (text and HTML) share it */
  fingerprint: string;
  doc_type: string;
  headlines: Array<{ metric: string; value: number; fact_id: string }>;
}

export type UnitRow = Record<string, string | number | null>;

const TYPE_RANK: Record<string, number> = { annual_report: 0, half_year_summary: 1, other: 2, work_plan: 3, not_report: 4 };

/** The key that puts documents on the same row, or null when the unit is unknown (the document stays a row of its own). */
function unitKey(d: UnitDoc): string | null {
  const unit = d.division_code || [d.province, d.city, d.district, d.street].join('/');
  if (unit.replace(/\//g, '') === '') return null;
  return `${unit}|${d.year ?? ''}|${d.period}`;
}

const shown = (v: number) => String(Number(v.toPrecision(12)));

export function mergeUnits(docs: readonly UnitDoc[], metrics: readonly string[]): UnitRow[] {
  const groups = new Map<string, UnitDoc[]>();
  docs.forEach((d, i) => {
    const key = unitKey(d) ?? `\u0000${i}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  });
  const rows: UnitRow[] = [];
  for (const group of groups.values()) {
    // copies of one report count once (the first given stands for them)
    const distinct: UnitDoc[] = [];
    const copies = new Map<UnitDoc, string[]>();
    for (const d of group) {
      const same = distinct.find((x) => x.doc_sha256 === d.doc_sha256 || (x.fingerprint === d.fingerprint && x.headlines.length > 0));
      if (same) copies.get(same)!.push(d.doc);
      else {
        distinct.push(d);
        copies.set(d, []);
      }
    }
    const ranked = distinct
      .map((d, i) => ({ d, i }))
      .sort((a, b) =>
        (TYPE_RANK[a.d.doc_type] ?? 9) - (TYPE_RANK[b.d.doc_type] ?? 9) ||
        b.d.headlines.length - a.d.headlines.length ||
        a.i - b.i)
      .map((x) => x.d);
    const first = ranked[0]!;
    const row: UnitRow = {};
    for (const f of UNIT_FIELDS) row[f] = first[f];
    row.docs = distinct.length;
    row.sources = ranked.map((d) => (copies.get(d)!.length ? `${d.doc} (= ${copies.get(d)!.join(', ')})` : d.doc)).join('; ');
    const conflicts: string[] = [];
    for (const m of metrics) {
      const givers = ranked.flatMap((d) => d.headlines.filter((h) => h.metric === m).map((h) => ({ d, h })));
      if (!givers.length) {
        row[m] = null;
        continue;
      }
      const kept = givers[0]!;
      row[m] = kept.h.value;
      const others = givers.filter((g) => g.h.value !== kept.h.value);
      if (others.length) {
        conflicts.push(`${m}: kept ${shown(kept.h.value)} (${kept.d.doc}); ${others.map((g) => `${shown(g.h.value)} (${g.d.doc})`).join(', ')}`);
      }
    }
    row.conflicts = conflicts.join(' | ');
    rows.push(row);
  }
  // by unit, then year, then period, so a unit's years stand together
  const text = (r: UnitRow, k: string) => String(r[k] ?? '');
  return rows.sort((a, b) =>
    text(a, 'province').localeCompare(text(b, 'province'), 'zh') ||
    text(a, 'city').localeCompare(text(b, 'city'), 'zh') ||
    text(a, 'district').localeCompare(text(b, 'district'), 'zh') ||
    text(a, 'street').localeCompare(text(b, 'street'), 'zh') ||
    Number(a.year ?? 0) - Number(b.year ?? 0) ||
    text(a, 'period').localeCompare(text(b, 'period')));
}
