// The two views with one column per metric, summary and units: their columns are the
// metrics of the rules in use, so they are made from that list (and made again when it
// changes) rather than written once in schema.sql. Plain SQL all the same: a document's
// headline values (doc_headlines) and a unit-year row's values (unit_values) turned into
// columns. Pure.
import { SUMMARY_META_FIELDS } from '../export/summary.js';
import { UNIT_FIELDS } from '../tables/units.js';

/** An SQL identifier ("mediation.cases"). */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
/** An SQL string literal. */
export const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** DROP and CREATE of the summary and units views for these metrics (in this order). */
export function wideViewsSql(metrics: readonly string[]): string {
  const summaryMetric = (m: string) => `(SELECT h.value FROM doc_headlines h WHERE h.doc_id = d.doc_id AND h.metric = ${literal(m)}) AS ${ident(m)}`;
  const unitMetric = (m: string) => `(SELECT v.value FROM unit_values v WHERE v.unit_seq = u.seq AND v.metric = ${literal(m)}) AS ${ident(m)}`;
  const summary = [...SUMMARY_META_FIELDS.map((c) => `d.${ident(c)}`), ...metrics.map(summaryMetric)];
  const units = [...UNIT_FIELDS.map((c) => `u.${ident(c)}`), 'u.docs', 'u.sources', ...metrics.map(unitMetric), 'u.conflicts'];
  return [
    'DROP VIEW IF EXISTS summary;',
    'DROP VIEW IF EXISTS units;',
    `CREATE VIEW summary AS\n  SELECT ${summary.join(',\n         ')}\n  FROM documents d\n  WHERE d.status = 'ok' AND d.missing_since IS NULL\n  ORDER BY d.doc;`,
    `CREATE VIEW units AS\n  SELECT ${units.join(',\n         ')}\n  FROM unit_rows u\n  ORDER BY u.seq;`,
  ].join('\n');
}
