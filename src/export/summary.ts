// One row per document: its metadata and, per metric, its headline value (src/tables/
// headline.ts: figures chosen family by family, so a row hangs together; the long table
// metrics.<ext> says which fact each cell comes from and why). Pure.
import type { DocResult } from '../pipeline.js';

export const SUMMARY_META_FIELDS = [
  'doc', 'doc_sha256', 'province', 'city', 'district', 'street', 'division_code', 'level', 'year', 'period',
  'title', 'doc_type', 'meta_note', 'facts',
] as const;

export type SummaryRow = Record<string, string | number | null>;

export function summaryColumns(metricIds: string[]): string[] {
  return [...SUMMARY_META_FIELDS, ...metricIds];
}

export function summaryRow(r: Pick<DocResult, 'doc' | 'doc_sha256' | 'meta' | 'facts' | 'headlines'>, metricIds: string[], factCount?: number): SummaryRow {
  const m = r.meta;
  const row: SummaryRow = {
    doc: r.doc,
    doc_sha256: r.doc_sha256,
    province: m?.province ?? '',
    city: m?.city ?? '',
    district: m?.district ?? '',
    street: m?.street ?? '',
    division_code: m?.division_code ?? '',
    level: m?.level ?? '',
    year: m?.year ?? null,
    period: m?.period ?? '',
    title: m?.title ?? '',
    doc_type: m?.doc_type ?? '',
    meta_note: m?.meta_note ?? '',
    facts: factCount ?? r.facts.length,
  };
  for (const id of metricIds) row[id] = null;
  for (const h of r.headlines) row[h.metric] = r.facts[h.index]!.value;
  return row;
}
