// --labels zh: column headers, metric names and coded values (period H1, level district,
// how total …) in Chinese, from the rule files (each metric's `label`, rules/meta/labels.yaml).
// Pure.
import type { Labels } from '../rules/compile.js';

type Row = Record<string, unknown>;

export interface Labeler {
  /** the header of a column: its Chinese name, a metric's label, or the column itself */
  header(column: string): string;
  /** a value as shown: a metric id's label in a `metric` column, a coded value's name */
  value(column: string, value: string): string;
  /** a copy of the row with its metric and coded values named (columns without names untouched) */
  row(row: Row): Row;
  /** a workbook sheet's name */
  sheet(table: string): string;
}

/** No labels: every header and value as it is. */
export const PLAIN: Labeler = { header: (c) => c, value: (_c, v) => v, row: (r) => r, sheet: (t) => t };

export function labeler(labels: Labels): Labeler {
  const value = (column: string, v: string) =>
    column === 'metric' ? labels.metrics[v] ?? v : labels.values[column]?.[v] ?? v;
  const named = new Set(['metric', ...Object.keys(labels.values)]);
  return {
    header: (c) => labels.columns[c] ?? labels.metrics[c] ?? c,
    sheet: (t) => labels.sheets[t] ?? t,
    value,
    row: (r) => {
      const out: Row = { ...r };
      for (const c of named) {
        const v = out[c];
        if (typeof v === 'string' && v) out[c] = value(c, v);
      }
      return out;
    },
  };
}
