// Scores predicted facts against gold facts, as the contract's section 5 says: a
// prediction matches a gold fact with the same doc, metric and value (relative
// difference under 1e-9); quantity-level scoring ignores the metric. Pure.
//
// The metric level scores the contract's metrics: `other` is what is left when no metric
// claims a quantity, so a gold `other` that stays `other` is neither a hit nor a miss
// there (the quantity level counts it). Predicting `other` for a gold metric is a miss;
// predicting a metric for a gold `other` is a spurious fact.
import path from 'node:path';

export const UNCLAIMED = 'other';

export interface GoldFact {
  doc: string;
  metric: string;
  value: number;
  unit?: string;
  text?: string;
  start?: number;
  sentence_hint?: string;
}

export interface PredictedFact {
  doc: string;
  metric: string;
  value: number;
  text: string;
  start: number;
  sentence?: string;
  rule?: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Miss extends GoldFact {
  /** what the extractor made of the same quantity (same doc and offset), if anything */
  got?: PredictedFact;
}

export interface ScoreReport {
  level: 'quantity' | 'metric';
  overall: Counts;
  perMetric: Record<string, Counts>;
  /** the metric level summed by family (the part of the metric id before the dot) */
  perFamily: Record<string, Counts>;
  misses: Miss[];
  spurious: PredictedFact[];
}

const sameValue = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/** Gold docs are file names; predictions carry the path as given. Compare by base name. */
export const docKey = (doc: string) => path.basename(doc);

export const familyOf = (metric: string) => metric.split('.')[0]!;

export function counts(tp: number, fp: number, fn: number): Counts {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/**
 * One-to-one matching: each gold fact is matched by at most one prediction. Candidates
 * are grouped by doc (+ metric); within a group, a prediction at the gold offset is
 * preferred, else the first unused one with the same value. Only documents in `docs`
 * are scored (default: every document the gold names).
 */
export function score(
  gold: GoldFact[],
  predicted: PredictedFact[],
  level: 'quantity' | 'metric',
  docs: Set<string> = new Set(gold.map((g) => docKey(g.doc))),
): ScoreReport {
  const scored = (m: string) => level === 'quantity' || m !== UNCLAIMED;
  const inDocs = (d: string) => docs.has(docKey(d));
  const goldHere = gold.filter((g) => inDocs(g.doc) && scored(g.metric));
  const preds = predicted.filter((p) => inDocs(p.doc));
  const at = new Map<string, PredictedFact>();
  for (const p of preds) at.set(`${docKey(p.doc)}\u0000${p.start}`, p);
  const key = (doc: string, metric: string) => (level === 'metric' ? `${docKey(doc)}\u0000${metric}` : docKey(doc));
  const groups = new Map<string, Array<{ p: PredictedFact; used: boolean }>>();
  for (const p of preds) {
    if (!scored(p.metric)) continue;
    const k = key(p.doc, p.metric);
    const list = groups.get(k) ?? [];
    list.push({ p, used: false });
    groups.set(k, list);
  }
  const misses: Miss[] = [];
  const tpByMetric = new Map<string, number>();
  const fnByMetric = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  // gold facts with an offset first, so exact-position matches are taken before value-only ones
  const ordered = [...goldHere].sort((a, b) => (a.start === undefined ? 1 : 0) - (b.start === undefined ? 1 : 0));
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
      const got = g.start === undefined ? undefined : at.get(`${docKey(g.doc)}\u0000${g.start}`);
      misses.push(got ? { ...g, got } : g);
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
  const table = (keyOf: (m: string) => string): Record<string, Counts> => {
    const tp = new Map<string, number>();
    const fp = new Map<string, number>();
    const fn = new Map<string, number>();
    const add = (to: Map<string, number>, from: Map<string, number>) => {
      for (const [m, n] of from) to.set(keyOf(m), (to.get(keyOf(m)) ?? 0) + n);
    };
    add(tp, tpByMetric);
    add(fp, fpByMetric);
    add(fn, fnByMetric);
    const out: Record<string, Counts> = {};
    for (const k of [...new Set([...tp.keys(), ...fp.keys(), ...fn.keys()])].sort()) {
      out[k] = counts(tp.get(k) ?? 0, fp.get(k) ?? 0, fn.get(k) ?? 0);
    }
    return out;
  };
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const byPosition = (a: { doc: string; start?: number }, b: { doc: string; start?: number }) =>
    docKey(a.doc).localeCompare(docKey(b.doc)) || (a.start ?? 0) - (b.start ?? 0);
  return {
    level,
    overall: counts(sum(tpByMetric), sum(fpByMetric), sum(fnByMetric)),
    perMetric: table((m) => m),
    perFamily: level === 'metric' ? table(familyOf) : {},
    misses: misses.sort(byPosition),
    spurious: spurious.sort(byPosition),
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

/**
 * Whether a metadata value is right by a gold cell: the cell may list alternatives with
 * `|`, and a trailing `?` means an empty answer (abstaining) is also right.
 */
export function metaMatches(expected: string, actual: string): boolean {
  const abstain = expected.endsWith('?');
  const cell = abstain ? expected.slice(0, -1) : expected;
  if (abstain && actual === '') return true;
  return cell.split('|').some((alt) => alt === actual);
}

/** Field-by-field comparison of document metadata with the gold TSV rows (of the docs in `docs`, default all). */
export function scoreMeta(gold: MetaRow[], got: Map<string, Record<string, string>>, docs?: Set<string>): MetaScore {
  const fields = gold.length ? Object.keys(gold[0]!).filter((f) => f !== 'doc') : [];
  let correct = 0;
  let total = 0;
  const mismatches: MetaScore['mismatches'] = [];
  for (const row of gold) {
    if (docs && !docs.has(docKey(row.doc))) continue;
    const pred = got.get(docKey(row.doc));
    for (const f of fields) {
      total++;
      const expected = row[f] ?? '';
      const actual = pred?.[f] ?? '(no document)';
      if (metaMatches(expected, actual)) correct++;
      else mismatches.push({ doc: row.doc, field: f, expected, got: actual });
    }
  }
  return { fields, correct, total, mismatches };
}

const dataLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));

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
        sentence_hint: typeof o.sentence_hint === 'string' ? o.sentence_hint : undefined,
      };
    });
}

/** A TSV with a header line; lines starting with # are comments. */
export function parseMetaTsv(text: string): MetaRow[] {
  const lines = dataLines(text);
  const header = lines[0]?.split('\t') ?? [];
  return lines.slice(1).map((l) => {
    const cells = l.split('\t');
    const row: MetaRow = { doc: '' };
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}

export interface HeadlineGold {
  doc: string;
  metric: string;
  /** the values an analyst would report (alternatives when two readings are equally defensible) */
  values: number[];
  why: string;
}

export interface HeadlineScore {
  correct: number;
  total: number;
  mismatches: Array<{ doc: string; metric: string; expected: string; got: string; why: string }>;
}

/** A TSV of doc, metric, value (| between alternatives) and why; # comments. */
export function parseHeadlineGold(text: string): HeadlineGold[] {
  return parseMetaTsv(text).map((r, i) => {
    const values = (r.value ?? '').split('|').map(Number);
    if (!r.doc || !r.metric || !values.length || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`headline gold row ${i + 1}: needs doc, metric and a numeric value`);
    }
    return { doc: r.doc, metric: r.metric, values, why: r.why ?? '' };
  });
}

/** Whether each document's headline value of a metric is one the gold accepts. */
export function scoreHeadlines(gold: HeadlineGold[], got: Map<string, number>, docs?: Set<string>): HeadlineScore {
  let correct = 0;
  let total = 0;
  const mismatches: HeadlineScore['mismatches'] = [];
  for (const g of gold) {
    if (docs && !docs.has(docKey(g.doc))) continue;
    total++;
    const v = got.get(`${docKey(g.doc)}\u0000${g.metric}`);
    if (v !== undefined && g.values.some((x) => sameValue(x, v))) correct++;
    else mismatches.push({ doc: g.doc, metric: g.metric, expected: g.values.join(' or '), got: v === undefined ? '(none)' : String(v), why: g.why });
  }
  return { correct, total, mismatches };
}

/** A split of the gold documents into named sets (a TSV of doc and set, # comments). */
export function parseSplit(text: string): Map<string, string> {
  const rows = parseMetaTsv(text);
  const out = new Map<string, string>();
  for (const r of rows) if (r.doc && r.set) out.set(docKey(r.doc), r.set);
  return out;
}
