// Reading a store back: the documents present, in the order of their paths, each as the
// rows a run hands to the writers (facts, summary row, headline rows, unit-year entry) —
// rebuilt from the tables exactly as they were when the document was extracted, so that
// `lawreport export` writes what `lawreport extract -o` wrote, with the same writers.
import type { SummaryRow } from '../export/summary.js';
import { FACT_FIELDS } from '../fields.js';
import type { Labels } from '../rules/compile.js';
import { HEADLINE_FIELDS, type HeadlineRow, unitColumns } from '../tables/columns.js';
import { mergeUnits, type UnitDoc, type UnitYearFields } from '../tables/units.js';
import { openForRead, StoreError, storeFailure, type Db } from './db.js';
import type { FactRow, StoredMetric } from './run-store.js';

export interface StoreMeta {
  metrics: StoredMetric[];
  labels: Labels;
  rulesVersion: string;
}

interface DocRow extends UnitYearFields {
  doc_id: number;
  doc: string;
  doc_sha256: string;
  status: string;
  rules_version: string;
  title: string;
  doc_type: string;
  meta_note: string;
  facts: number;
  fingerprint: string;
}

/** A stored document as a run hands it to the writers. */
export interface StoredOutput {
  doc: string;
  ok: boolean;
  rulesVersion: string;
  factCount: number;
  /** its facts, read when asked for */
  facts(): FactRow[];
  summary: SummaryRow | null;
  headlines: HeadlineRow[];
  unit: UnitDoc | null;
}

const byPath = (a: { doc: string }, b: { doc: string }) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0);

export function readMeta(db: Db, file: string): StoreMeta {
  const get = (key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  const metrics = get('metrics');
  const labels = get('labels');
  if (metrics === undefined || labels === undefined) throw new StoreError('STORE_EMPTY', file);
  return { metrics: JSON.parse(metrics) as StoredMetric[], labels: JSON.parse(labels) as Labels, rulesVersion: get('rules_version') ?? '' };
}

/** The documents present (not missing), in the order of their paths (as discovery sorts them). */
function presentDocs(db: Db): DocRow[] {
  return (db.prepare('SELECT * FROM documents WHERE missing_since IS NULL').all() as DocRow[]).sort(byPath);
}

/** Each present document's headline rows, by doc_id. */
function headlinesByDoc(db: Db, docs: readonly DocRow[]): Map<number, HeadlineRow[]> {
  const byId = new Map(docs.map((d) => [d.doc_id, d]));
  const out = new Map<number, HeadlineRow[]>();
  const rows = db.prepare('SELECT doc_id, metric, value, approx, text, fact_id, how, sentence FROM doc_headlines ORDER BY doc_id, seq').all() as Array<{ doc_id: number } & Record<string, string | number | null>>;
  for (const h of rows) {
    const d = byId.get(h.doc_id);
    if (!d) continue;
    const row = {} as HeadlineRow;
    for (const k of HEADLINE_FIELDS) row[k] = k in h ? h[k]! : (d[k as keyof DocRow] as string | number | null);
    let list = out.get(h.doc_id);
    if (!list) out.set(h.doc_id, (list = []));
    list.push(row);
  }
  return out;
}

function summaryOf(d: DocRow, headlines: readonly HeadlineRow[]): SummaryRow {
  const row: SummaryRow = {
    doc: d.doc, doc_sha256: d.doc_sha256, province: d.province, city: d.city, district: d.district, street: d.street,
    division_code: d.division_code, level: d.level, year: d.year, period: d.period, title: d.title, doc_type: d.doc_type,
    meta_note: d.meta_note, facts: d.facts,
  };
  for (const h of headlines) row[String(h.metric)] = h.value;
  return row;
}

function unitOf(d: DocRow, headlines: readonly HeadlineRow[]): UnitDoc {
  return {
    doc: d.doc, doc_sha256: d.doc_sha256, fingerprint: d.fingerprint, doc_type: d.doc_type,
    province: d.province, city: d.city, district: d.district, street: d.street, division_code: d.division_code,
    level: d.level, year: d.year, period: d.period,
    headlines: headlines.map((x) => ({ metric: String(x.metric), value: Number(x.value), fact_id: String(x.fact_id) })),
  };
}

/** The present documents, in path order, as the writers take them. Read inside one transaction for one snapshot. */
export function storedOutputs(db: Db): StoredOutput[] {
  const docs = presentDocs(db);
  const headlines = headlinesByDoc(db, docs);
  const facts = db.prepare('SELECT * FROM doc_facts WHERE doc_id = ? ORDER BY seq');
  return docs.map((d) => {
    const ok = d.status === 'ok';
    const h = headlines.get(d.doc_id) ?? [];
    return {
      doc: d.doc,
      ok,
      rulesVersion: d.rules_version,
      factCount: d.facts,
      facts: () =>
        (facts.all(d.doc_id) as Array<Record<string, string | number | null>>).map((f) => {
          const row: FactRow = {};
          for (const k of FACT_FIELDS) row[k] = k in f ? f[k]! : (d[k as keyof DocRow] as string | number | null);
          row.total = f.total === 1;
          return row;
        }),
      summary: ok ? summaryOf(d, h) : null,
      headlines: ok ? h : [],
      unit: ok ? unitOf(d, h) : null,
    };
  });
}

/** What the unit-year merge takes: every present document that was read, in path order. */
export function loadUnitDocs(db: Db): UnitDoc[] {
  const docs = presentDocs(db).filter((d) => d.status === 'ok');
  const headlines = headlinesByDoc(db, docs);
  return docs.map((d) => unitOf(d, headlines.get(d.doc_id) ?? []));
}

/** A store's unit-year rows and headline values, as `lawreport report` reads them from a folder. */
export function storeReportTables(file: string): { metricIds: string[]; unitColumns: string[]; units: Array<Record<string, unknown>>; headlines: HeadlineRow[] } {
  const db = openForRead(file);
  try {
    db.exec('BEGIN');
    const meta = readMeta(db, file);
    const metricIds = meta.metrics.map((m) => m.id);
    const out = storedOutputs(db);
    const units = mergeUnits(out.flatMap((o) => (o.unit ? [o.unit] : [])), metricIds);
    db.exec('COMMIT');
    return { metricIds, unitColumns: unitColumns(metricIds), units, headlines: out.flatMap((o) => o.headlines) };
  } catch (err) {
    throw storeFailure(err, file, false);
  } finally {
    db.close();
  }
}
