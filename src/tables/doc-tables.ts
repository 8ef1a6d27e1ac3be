// What one processed document gives the derived tables: its headline rows (the long
// table, metrics.<ext>) and its entry for the unit-year merge. Pure.
import { createHash } from 'node:crypto';
import type { DocResult, Fact } from '../pipeline.js';
import type { HeadlineRow } from './columns.js';
import type { UnitDoc } from './units.js';

/** One row per metric the document states: the headline figure, where it came from and why it was chosen. */
export function headlineRows(r: Pick<DocResult, 'doc' | 'doc_sha256' | 'meta' | 'facts' | 'headlines'>): HeadlineRow[] {
  const m = r.meta;
  if (!m) return [];
  return r.headlines.map((h) => {
    const f = r.facts[h.index]!;
    return {
      doc: r.doc, doc_sha256: r.doc_sha256, province: m.province, city: m.city, district: m.district, street: m.street,
      division_code: m.division_code, level: m.level, year: m.year, period: m.period, doc_type: m.doc_type,
      metric: h.metric, value: f.value, approx: f.approx, text: f.text, fact_id: f.id, how: h.how, sentence: f.sentence,
    };
  });
}

/**
 * A digest of a document's figures (metric, value and text of every attributed fact): two
 * copies of one report — a text and a saved page — share it though their bytes differ.
 */
export function fingerprint(facts: readonly Pick<Fact, 'metric' | 'value' | 'text'>[]): string {
  const h = createHash('sha256');
  for (const f of facts) if (f.metric !== 'other') h.update(`${f.metric}\u0000${f.value}\u0000${f.text}\u0001`);
  return h.digest('hex').slice(0, 32);
}

/** The document as the unit-year merge sees it, or null when it could not be read. */
export function unitDoc(r: Pick<DocResult, 'doc' | 'doc_sha256' | 'meta' | 'facts'>, rows: readonly HeadlineRow[]): UnitDoc | null {
  const m = r.meta;
  if (!m) return null;
  return {
    doc: r.doc, doc_sha256: r.doc_sha256, fingerprint: fingerprint(r.facts), doc_type: m.doc_type,
    province: m.province, city: m.city, district: m.district, street: m.street, division_code: m.division_code,
    level: m.level, year: m.year, period: m.period,
    headlines: rows.map((x) => ({ metric: String(x.metric), value: Number(x.value), fact_id: String(x.fact_id) })),
  };
}
