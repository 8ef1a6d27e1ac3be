// One row per document: its metadata and, per metric, the headline value: the total when
// the text gives one, else the first mention (parts of a total never headline). Pure.
import type { DocResult, Fact } from '../pipeline.js';

export const SUMMARY_META_FIELDS = [
  'doc', 'doc_sha256', 'province', 'city', 'district', 'street', 'division_code', 'year', 'period',
  'title', 'doc_type', 'meta_note', 'facts',
] as const;

export type SummaryRow = Record<string, string | number | null>;

/**
 * The headline value per metric, fed fact by fact: the first total that is not a part,
 * else the first fact that is not a part, else the first fact. Keeps three numbers per
 * metric, so a giant document's facts need not be kept.
 */
export class Headlines {
  private best = new Map<string, { rank: number; value: number }>();
  add(f: Pick<Fact, 'metric' | 'value' | 'total' | 'part_of'>): void {
    if (f.metric === 'other') return;
    const rank = f.part_of === null ? (f.total ? 0 : 1) : 2;
    const cur = this.best.get(f.metric);
    if (!cur || rank < cur.rank) this.best.set(f.metric, { rank, value: f.value });
  }
  get(metric: string): number | null {
    return this.best.get(metric)?.value ?? null;
  }
}

export function summaryColumns(metricIds: string[]): string[] {
  return [...SUMMARY_META_FIELDS, ...metricIds];
}

export function summaryRow(r: DocResult, metricIds: string[], headlines?: Headlines, factCount?: number): SummaryRow {
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
    facts: factCount ?? r.facts.length,
  };
  let h = headlines;
  if (!h) {
    h = new Headlines();
    for (const f of r.facts) h.add(f);
  }
  for (const id of metricIds) row[id] = h.get(id);
  return row;
}
