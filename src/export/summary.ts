// One row per document: its metadata and, per metric, the headline value: the total when
// the text gives one, else the first mention (parts of a total never headline). Pure.
import type { DocResult, Fact } from '../pipeline.js';

export const SUMMARY_META_FIELDS = [
  'doc', 'doc_sha256', 'province', 'city', 'district', 'street', 'division_code', 'year', 'period',
  'title', 'doc_type', 'meta_note', 'facts',
] as const;

export type SummaryRow = Record<string, string | number | null>;

export function headline(facts: Fact[]): Fact | undefined {
  const whole = facts.filter((f) => f.part_of === null);
  return whole.find((f) => f.total) ?? whole[0] ?? facts[0];
}

export function summaryColumns(metricIds: string[]): string[] {
  return [...SUMMARY_META_FIELDS, ...metricIds];
}

export function summaryRow(r: DocResult, metricIds: string[]): SummaryRow {
  const m = r.meta;
  const row: SummaryRow = {
    doc: r.doc,
    doc_sha256: r.doc_sha256,
    province: m?.province ?? '',
    city: m?.city ?? '',
    district: m?.district ?? '',
    street: m?.street ?? '',
    division_code: m?.division_code ?? '',
    year: m?.year ?? null,
    period: m?.period ?? '',
    title: m?.title ?? '',
    doc_type: m?.doc_type ?? '',
    meta_note: m?.meta_note ?? '',
    facts: r.facts.length,
  };
  const byMetric = new Map<string, Fact[]>();
  for (const f of r.facts) {
    if (f.metric === 'other') continue;
    const list = byMetric.get(f.metric) ?? [];
    list.push(f);
    byMetric.set(f.metric, list);
  }
  for (const id of metricIds) row[id] = headline(byMetric.get(id) ?? [])?.value ?? null;
  return row;
}
