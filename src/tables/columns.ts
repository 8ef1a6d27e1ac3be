// The columns of the two derived tables, one source of truth for every writer (CSV, JSON,
// JSON Lines, the workbook, the store) and reader (the report).
import { UNIT_FIELDS } from './units.js';

/**
 * The long table of headline values (metrics.<ext>): one row per document and metric.
 * `text` is the figure as written, `approx` its approximation marker, `how` why it was chosen.
 */
export const HEADLINE_FIELDS = [
  'doc', 'doc_sha256', 'province', 'city', 'district', 'street', 'division_code', 'level', 'year', 'period', 'doc_type',
  'metric', 'value', 'approx', 'text', 'fact_id', 'how', 'sentence',
] as const;
export type HeadlineRow = Record<(typeof HEADLINE_FIELDS)[number], string | number | null>;

/** The unit-year table (units.<ext>): the unit, then `docs`, `sources`, one column per metric, `conflicts`. */
export function unitColumns(metrics: readonly string[]): string[] {
  return [...UNIT_FIELDS, 'docs', 'sources', ...metrics, 'conflicts'];
}
