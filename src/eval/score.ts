// Scores predicted facts against gold facts, as the contract's section 5 says: a
// prediction matches a gold fact with the same doc, metric and value (relative
// difference under 1e-9); quantity-level scoring ignores the metric. Pure.
import path from 'node:path';

export interface GoldFact {
  doc: string;
  metric: string;
  value: number;
  unit?: string;
  text?: string;
  start?: number;
}

export interface PredictedFact {
  doc: string;
  metric: string;
  value: number;
  text: string;
  start: number;
  sentence?: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ScoreReport {
  level: 'quantity' | 'metric';
  overall: Counts;
  perMetric: Record<string, Counts>;
  misses: GoldFact[];
  spurious: PredictedFact[];
}

const sameValue = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** Gold docs are file names; predictions carry the path as given. Compare by base name. */
export const docKey = (doc: string) => path.basename(doc);

export function counts(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * One-to-one matching: each gold fact is matched by at most one prediction. Candidates
 * are grouped by doc (+ metric); within a group, a prediction at the gold offset is
 * preferred, else the first unused one with the same value.
 */
export function score(gold: GoldFact[], predicted: PredictedFact[], level: 'quantity' | 'metric'): ScoreReport {
  const docs = new Set(gold.map((g) => docKey(g.doc)));
  const preds = predicted.filter((p) => docs.has(docKey(p.doc)));
  const key = (doc: string, metric: string) => (level === 'metric' ? `${docKey(doc)}\u0000${metric}` : docKey(doc));
  const groups = new Map<string, Array<{ p: PredictedFact; used: boolean }>>();
  for (const p of preds) {
    const k = key(p.doc, p.metric);
    const list = groups.get(k) ?? [];
    list.push({ p, used: false });
    groups.set(k, list);
  }
  const misses: GoldFact[] = [];
  const tpByMetric = new Map<string, number>();
  const fnByMetric = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  // gold facts with an offset first, so exact-position matches are taken before value-only ones
  const ordered = [...gold].sort((a, b) => (a.start === undefined ? 1 : 0) - (b.start === undefined ? 1 : 0));
  for (const g of ordered) {
    const list = groups.get(key(g.doc, g.metric)) ?? [];
    const hit =
      list.find((x) => !x.used && sameValue(x.p.value, g.value) && g.start !== undefined && x.p.start === g.start) ??
      list.find((x) => !x.used && sameValue(x.p.value, g.value));
    const metricKey = level === 'metric' ? g.metric : 'quantity';
    if (hit) {
      hit.used = true;
      bump(tpByMetric, metricKey);
    } else {
      misses.push(g);
      bump(fnByMetric, metricKey);
    }
  }
  const spurious: PredictedFact[] = [];
  const fpByMetric = new Map<string, number>();
  for (const list of groups.values()) {
    for (const x of list) {
      if (x.used) continue;
      spurious.push(x.p);
      bump(fpByMetric, level === 'metric' ? x.p.metric : 'quantity');
    }
  }
  const metrics = new Set([...tpByMetric.keys(), ...fnByMetric.keys(), ...fpByMetric.keys()]);
  const perMetric: Record<string, Counts> = {};
  for (const m of [...metrics].sort()) {
    perMetric[m] = counts(tpByMetric.get(m) ?? 0, fpByMetric.get(m) ?? 0, fnByMetric.get(m) ?? 0);
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    level,
    overall: counts(sum(tpByMetric), sum(fpByMetric), sum(fnByMetric)),
    perMetric,
    misses,
    spurious: spurious.sort((a, b) => a.doc.localeCompare(b.doc) || a.start - b.start),
  };
}

export interface MetaRow {
  doc: string;
  [field: string]: string;
}

export interface MetaScore {
  fields: string[];
  correct: number;
  total: number;
  mismatches: Array<{ doc: string; field: string; expected: string; got: string }>;
}

/** Field-by-field comparison of document metadata with the gold TSV rows. */
export function scoreMeta(gold: MetaRow[], got: Map<string, Record<string, string>>): MetaScore {
  const fields = gold.length ? Object.keys(gold[0]!).filter((f) => f !== 'doc') : [];
  let correct = 0;
  let total = 0;
  const mismatches: MetaScore['mismatches'] = [];
  for (const row of gold) {
    const pred = got.get(docKey(row.doc));
    for (const f of fields) {
      total++;
      const expected = row[f] ?? '';
      const actual = pred?.[f] ?? '(no document)';
      if (expected === actual) correct++;
      else mismatches.push({ doc: row.doc, field: f, expected, got: actual });
    }
  }
  return { fields, correct, total, mismatches };
}

export function parseGoldJsonl(text: string): GoldFact[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l, i) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      if (typeof o.doc !== 'string' || typeof o.metric !== 'string' || typeof o.value !== 'number') {
        throw new Error(`gold line ${i + 1}: needs doc, metric and a numeric value`);
      }
      return {
        doc: o.doc,
        metric: o.metric,
        value: o.value,
        unit: typeof o.unit === 'string' ? o.unit : undefined,
        text: typeof o.text === 'string' ? o.text : undefined,
        start: typeof o.start === 'number' ? o.start : undefined,
      };
    });
}

export function parseMetaTsv(text: string): MetaRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0]?.split('\t') ?? [];
  return lines.slice(1).map((l) => {
    const cells = l.split('\t');
    const row: MetaRow = { doc: '' };
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}
