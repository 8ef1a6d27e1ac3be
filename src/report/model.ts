// The data embedded in the page: the unit-year rows, each value tied to the headline row
// it came from (the sentence and the document), in one compact blob. Pure.
import type { HeadlineValue, ReportData, UnitYear } from './data.js';
import { LEVEL_NAMES, PERIOD_NAMES, UI } from './ui.js';

export interface BlobMetric {
  id: string;
  label: string;
  unit: string;
  family: string;
}

export interface BlobUnit {
  /** the name shown (深圳市南山区), unique in the report */
  name: string;
  province: string;
  city: string;
  district: string;
  street: string;
  code: string;
  level: string;
}

export interface BlobRow {
  /** index in units */
  u: number;
  y: number | null;
  p: string;
  docs: number;
  /** the documents merged into the row, preferred first (copies after "=") */
  src: string[];
  /** per metric (index in metrics): the value, or null */
  v: Array<number | null>;
  /** per metric: the headline row the value came from (index in headlines), or -1 */
  h: number[];
  /** metric index -> the headline rows of the other documents that give another value ([] when only the table says so) */
  alt?: Record<number, number[]>;
}

export interface BlobHeadline {
  /** index in docs */
  doc: number;
  doc_type: string;
  value: number;
  approx: string;
  text: string;
  /** index in sentences */
  sentence: number;
  how: string;
}

export interface ReportBlob {
  title: string;
  metrics: BlobMetric[];
  units: BlobUnit[];
  /** the years of the rows, ascending (rows of an unknown year are not among them) */
  years: number[];
  /** the periods of the rows, in the order of PERIOD_NAMES */
  periods: string[];
  rows: BlobRow[];
  headlines: BlobHeadline[];
  docs: string[];
  sentences: string[];
}

const UNIT_KEY_FIELDS = ['province', 'city', 'district', 'street', 'division_code', 'level'] as const;

function unitKey(r: Pick<UnitYear, (typeof UNIT_KEY_FIELDS)[number]>): string {
  return UNIT_KEY_FIELDS.map((f) => r[f]).join('|');
}

function rowKey(r: Pick<UnitYear, (typeof UNIT_KEY_FIELDS)[number] | 'year' | 'period'>): string {
  return `${unitKey(r)}|${r.year ?? ''}|${r.period}`;
}

/** "a.txt; b.html (= c.txt, d.txt)" -> [a.txt, b.html, c.txt, d.txt] (the copies last). */
export function parseSources(sources: string): { docs: string[]; items: string[] } {
  if (!sources) return { docs: [], items: [] };
  const items = sources.split('; ');
  const primary: string[] = [];
  const copies: string[] = [];
  for (const item of items) {
    const m = /^(.*) \(= (.*)\)$/.exec(item);
    if (m) {
      primary.push(m[1]!);
      copies.push(...m[2]!.split(', '));
    } else primary.push(item);
  }
  return { docs: [...primary, ...copies], items };
}

/** The name a unit is shown by: its place from the city down (深圳市南山区), or from the province when there is no city (天津市静海区). */
function displayName(r: UnitYear): string {
  const parts = (r.city ? [r.city, r.district, r.street] : [r.province, r.district, r.street]).filter(Boolean);
  return parts.filter((p, i) => p !== parts[i - 1]).join('');
}

const same = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export function buildBlob(data: ReportData, title: string = UI.title): ReportBlob {
  const metrics: BlobMetric[] = data.metrics.map((m) => ({ id: m.id, label: m.label, unit: m.unit, family: m.family }));
  const metricIndex = new Map(metrics.map((m, i) => [m.id, i]));

  // units, named uniquely
  const units: BlobUnit[] = [];
  const unitOf = new Map<string, number>();
  const unitIndexOfRow = data.units.map((r, i) => {
    const known = [r.province, r.city, r.district, r.street, r.division_code].some(Boolean);
    // a document of an unknown unit is a unit of its own
    const key = known ? unitKey(r) : `?${i}`;
    let u = unitOf.get(key);
    if (u === undefined) {
      u = units.length;
      const first = parseSources(r.sources).docs[0] ?? '';
      const name = !known ? `${UI.unknownUnit}（${first.split('/').pop() || i + 1}）`
        : r.level === 'department' ? `${displayName(r)}（${LEVEL_NAMES.department}）`
        : displayName(r);
      units.push({ name, province: r.province, city: r.city, district: r.district, street: r.street, code: r.division_code, level: r.level });
      unitOf.set(key, u);
    }
    return u;
  });
  // the same name at two levels (a district and its department) or in two places
  const byName = new Map<string, number[]>();
  units.forEach((u, i) => byName.set(u.name, [...(byName.get(u.name) ?? []), i]));
  for (const list of byName.values()) {
    if (list.length < 2) continue;
    const levels = new Set(list.map((i) => units[i]!.level));
    for (const i of list) {
      const u = units[i]!;
      if (levels.size === list.length) u.name = `${u.name}（${LEVEL_NAMES[u.level] ?? u.level}）`;
      else u.name = `${u.name}（${u.code || u.province || i + 1}）`;
    }
  }

  // headline rows by unit, year, period and metric
  const byKey = new Map<string, HeadlineValue[]>();
  for (const h of data.headlines) {
    const k = `${rowKey(h)}|${h.metric}`;
    const list = byKey.get(k);
    if (list) list.push(h);
    else byKey.set(k, [h]);
  }
  const headlines: BlobHeadline[] = [];
  const headlineIndex = new Map<HeadlineValue, number>();
  const docs: string[] = [];
  const docIndex = new Map<string, number>();
  const sentences: string[] = [];
  const sentenceIndex = new Map<string, number>();
  const intern = (list: string[], index: Map<string, number>, s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = list.length;
      list.push(s);
      index.set(s, i);
    }
    return i;
  };
  const keep = (h: HeadlineValue) => {
    let i = headlineIndex.get(h);
    if (i === undefined) {
      i = headlines.length;
      headlines.push({
        doc: intern(docs, docIndex, h.doc), doc_type: h.doc_type, value: h.value, approx: h.approx, text: h.text,
        sentence: intern(sentences, sentenceIndex, h.sentence), how: h.how,
      });
      headlineIndex.set(h, i);
    }
    return i;
  };

  const rows: BlobRow[] = data.units.map((r, ri) => {
    const { docs: srcDocs, items } = parseSources(r.sources);
    const rank = (doc: string) => {
      const i = srcDocs.indexOf(doc);
      if (i >= 0) return i;
      // a name holding "; " or " (= " is not split back exactly: find it in the text
      return r.sources.includes(doc) && /; | \(= /.test(doc) ? srcDocs.length : -1;
    };
    const v: Array<number | null> = [];
    const h: number[] = [];
    const alt: Record<number, number[]> = {};
    let anyAlt = false;
    for (const m of metrics) {
      const value = r.values[m.id] ?? null;
      v.push(value);
      const mi = metricIndex.get(m.id)!;
      const cands = (byKey.get(`${rowKey(r)}|${m.id}`) ?? [])
        .map((x) => ({ x, rank: rank(x.doc) }))
        .filter((c) => c.rank >= 0)
        .sort((a, b) => a.rank - b.rank)
        .map((c) => c.x);
      if (value === null) {
        h.push(-1);
        continue;
      }
      const kept = cands.find((x) => same(x.value, value));
      h.push(kept ? keep(kept) : -1);
      const others = cands.filter((x) => !same(x.value, value));
      // the value of a copy is the same; another document's differs
      const distinct = others.filter((x, i) => others.findIndex((y) => same(y.value, x.value) && y.doc === x.doc) === i);
      if (distinct.length || r.conflicts.split(' | ').some((c) => c.startsWith(`${m.id}: `))) {
        alt[mi] = distinct.map(keep);
        anyAlt = true;
      }
    }
    const row: BlobRow = { u: unitIndexOfRow[ri]!, y: r.year, p: r.period, docs: r.docs, src: items, v, h };
    if (anyAlt) row.alt = alt;
    return row;
  });

  const years = [...new Set(rows.map((r) => r.y).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const order = Object.keys(PERIOD_NAMES);
  const periods = [...new Set(rows.map((r) => r.p))].sort((a, b) => rankOf(order, a) - rankOf(order, b) || a.localeCompare(b));
  return { title, metrics, units, years, periods, rows, headlines, docs, sentences };
}

function rankOf(order: string[], p: string): number {
  const i = order.indexOf(p);
  return i < 0 ? order.length : i;
}

/**
 * The blob as the text of a <script type="application/json"> element: "<" is written
 * \u003c, so no sentence (`</script>`, `<!--`) can end the element or open a comment.
 */
export function blobScriptText(blob: ReportBlob): string {
  return JSON.stringify(blob).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
