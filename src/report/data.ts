// What the report is built from: the unit-year rows and the headline values (the tables
// `lawreport extract -o` writes as units.<ext> and metrics.<ext>), and the metrics with
// their labels. Any source of these tables (a folder of CSV/JSON files now, a store later)
// is read into this one shape.
import type { UnitYearFields } from '../tables/units.js';

/** A metric as declared in rules/metrics/*.yaml. */
export interface MetricInfo {
  id: string;
  unit: string;
  /** the Chinese name shown on charts */
  label: string;
  description: string;
  family: string;
}

/** One unit, year and period (a row of units.<ext>). */
export interface UnitYear extends UnitYearFields {
  docs: number;
  /** the documents merged into the row, preferred first: "a.txt; b.html (= c.txt)" */
  sources: string;
  /** metric id -> value (null: not reported) */
  values: Record<string, number | null>;
  /** "metric: kept x (doc); y (doc2) | …", empty when the documents agree */
  conflicts: string;
}

/** One document's headline value of one metric (a row of metrics.<ext>). */
export interface HeadlineValue extends UnitYearFields {
  doc: string;
  doc_sha256: string;
  doc_type: string;
  metric: string;
  value: number;
  /** about | over | near | under, or empty */
  approx: string;
  /** the figure as written, without its leading approximation marker */
  text: string;
  fact_id: string;
  /** why this figure is the document's headline: total | together | passage | scope | first */
  how: string;
  sentence: string;
}

/** The two tables as read, before the metric labels are joined in. */
export interface ReportTables {
  /** the metric columns of the unit-year table, in their order */
  metricIds: string[];
  units: UnitYear[];
  headlines: HeadlineValue[];
}

export interface ReportData {
  /** the metrics of the unit-year table, with their labels (the id where the rules do not declare it) */
  metrics: MetricInfo[];
  units: UnitYear[];
  headlines: HeadlineValue[];
}

/** The metrics of the tables, labelled from the declared ones, in the tables' column order. */
export function withLabels(tables: ReportTables, declared: readonly MetricInfo[]): ReportData {
  const byId = new Map(declared.map((m) => [m.id, m]));
  const metrics = tables.metricIds.map((id) => byId.get(id) ?? { id, unit: '', label: id, description: '', family: id.split('.')[0]! });
  return { metrics, units: tables.units, headlines: tables.headlines };
}
