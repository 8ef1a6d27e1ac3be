// Document metadata: the reporting unit (resolved against the division codes), the
// year covered, the period, the title and the document type. Pure.
import type { Diagnostic } from '../diagnostics.js';
import type { CompiledMeta } from '../rules/compile.js';
import type { DOC_TYPES, PERIODS } from '../rules/schema.js';
import type { Structure } from '../segment/structure.js';
import { chineseYear } from './years.js';
import type { Division, DivisionIndex, Level, Mention } from './divisions.js';

/** The few stretches of text the reporting unit is read from. */
interface UnitEvidence {
  head: string;
  chromeText: string[];
  opening: string;
  closing: string;
}

export interface DocMeta {
  province: string;
  city: string;
  district: string;
  street: string;
  division_code: string;
  year: number | null;
  period: (typeof PERIODS)[number];
  title: string;
  doc_type: (typeof DOC_TYPES)[number];
  meta_note: string;
}

const OPENING_CHARS = 3000;
const CLOSING_CHARS = 600;
const TITLE_SEARCH_LINES = 12;
const WEIGHT = { title: 10, publisher: 8, signature: 6, body: 1 } as const;
const LEVELS: Level[] = ['street', 'district', 'city', 'province'];
const YEAR = /((?:19|20)[0-9]{2})\s?年|([〇零一二三四五六七八九]{4})年/u;
const DATE = /((?:19|20)[0-9]{2})[-./年]([01]?[0-9])[-./月]/u;

interface Weighted extends Mention {
  weight: number;
}

function findTitle(norm: string, structure: Structure, meta: CompiledMeta): { text: string; start: number } | null {
  let seen = 0;
  for (const line of structure.lines) {
    const text = norm.slice(line.start, line.end);
    if (text.trim() === '') continue;
    if (seen++ >= TITLE_SEARCH_LINES) break;
    if (line.chrome) continue;
    if (structure.paragraphs.find((p) => p.start === line.start)?.headings.some((h) => h.start === line.start)) continue;
    if (meta.title.test(text)) return { text: text.trim(), start: line.start };
  }
  return null;
}

/** Year candidates outside 《titles》. */
function firstYear(text: string): number | null {
  let s = text.replace(/《[^》]{0,200}》/gu, (m) => ' '.repeat(m.length));
  for (;;) {
    const m = YEAR.exec(s);
    if (!m) return null;
    const y = m[1] ? Number(m[1]) : chineseYear(m[2]!);
    if (y !== null) return y;
    s = s.slice(m.index + m[0].length);
  }
}

function score(mentions: Weighted[]): Map<string, number> {
  const byCode = new Map<string, number>();
  for (const m of mentions) byCode.set(m.division.code, (byCode.get(m.division.code) ?? 0) + m.weight);
  return byCode;
}

function ancestorsOf(d: Division, index: DivisionIndex): Division[] {
  return [d.districtCode, d.cityCode, d.provinceCode]
    .filter((c) => c && c !== d.code)
    .map((c) => index.byCode(c))
    .filter((x): x is Division => x !== undefined);
}

export function extractMetadata(
  norm: string,
  structure: Structure,
  meta: CompiledMeta,
  index: DivisionIndex | null,
): { meta: DocMeta; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const title = findTitle(norm, structure, meta);
  const body = structure.paragraphs;
  const firstBody = body.find((p) => p.start !== title?.start);
  const opening = body.length ? norm.slice(body[0]!.start, Math.min(norm.length, body[0]!.start + OPENING_CHARS)) : '';
  const head = title?.text ?? '';
  const openingHead = firstBody ? norm.slice(firstBody.start, Math.min(firstBody.end, firstBody.start + 200)) : '';

  // year covered: the title's, else the opening's; else the publication date's
  let year = firstYear(head) ?? (firstBody ? firstYear(openingHead) : null) ?? firstYear(opening.slice(0, 600));

  // period and document type
  const periodOf = (s: string) => meta.periods.find((p) => p.pattern.test(s))?.period;
  const period = (head && periodOf(head)) || periodOf(openingHead) || (year !== null ? 'annual' : 'unknown');
  let docType = head ? meta.docTypes.find((d) => d.pattern.test(head))?.type : undefined;
  if (!docType) {
    if (period === 'H1') docType = 'half_year_summary';
    else if (period === 'annual' && /法治政府建设|依法行政|法治建设/u.test(opening)) docType = 'annual_report';
    else docType = 'other';
  }

  // publisher lines of the page chrome, and the signature at the end
  const chromeText: string[] = [];
  for (const line of structure.lines) {
    if (!line.chrome) continue;
    const m = meta.publisher.exec(norm.slice(line.start, line.end));
    if (m?.[2]) chromeText.push(m[2]);
  }
  if (year === null) {
    for (const line of structure.lines) {
      if (!line.chrome) continue;
      const m = DATE.exec(norm.slice(line.start, line.end));
      if (m) {
        const published = Number(m[1]);
        year = period === 'annual' && Number(m[2]) <= 4 ? published - 1 : published;
        notes.push(`year taken from the publication date ${m[0]}`);
        break;
      }
    }
  }
  const lastBody = body.length ? body[body.length - 1]! : null;
  const closing = lastBody ? norm.slice(Math.max(body[0]!.start, lastBody.end - CLOSING_CHARS), lastBody.end) : '';

  const result: DocMeta = {
    province: '', city: '', district: '', street: '', division_code: '',
    year, period, title: head, doc_type: docType, meta_note: '',
  };

  const evidence: UnitEvidence = { head, chromeText, opening, closing };
  if (index) diagnostics.push(...resolveUnit(index, evidence, result, notes));
  result.meta_note = notes.join('; ');
  return { meta: result, diagnostics };
}

/**
 * Fills the unit fields of `out` from the evidence; adds to `notes` why a field stays
 * empty. Returns the diagnostics it raises.
 */
function resolveUnit(index: DivisionIndex, src: UnitEvidence, out: DocMeta, notes: string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const mentions: Weighted[] = [];
  const take = (text: string, weight: number) => {
    for (const m of index.findMentions(text)) mentions.push({ ...m, weight });
  };
  take(src.head, WEIGHT.title);
  for (const c of src.chromeText) take(c, WEIGHT.publisher);
  // the signature: short lines at the very end naming an office (松岗街道办事处)
  const sigLines = src.closing.split('\n').map((l) => l.trim()).filter((l) => l && l.length <= 30).slice(-4);
  for (const l of sigLines) if (/(办事处|人民政府|司法局|街道|镇|管委会)/u.test(l) && !/[。,，]/u.test(l)) take(l, WEIGHT.signature);
  take(src.opening, WEIGHT.body);
  if (mentions.length === 0) {
    notes.push('no place name found in the title, page or body');
    diagnostics.push({ code: 'UNRESOLVED_DIVISION', args: { reason: 'no place name' }, stage: 'metadata' });
    return diagnostics;
  }
  const byCode = score(mentions);
  // weight of a name = the weight of its strongest reading; ambiguous names share it
  const nameWeight = new Map<string, number>();
  for (const m of mentions) {
    const key = `${m.division.level}:${m.division.name}`;
    nameWeight.set(key, Math.max(nameWeight.get(key) ?? 0, byCode.get(m.division.code) ?? 0));
  }
  // the reporting unit's level: the most specific level named with authority (title,
  // publisher, signature), else the most specific one the body names at least twice
  let chosenLevel: Level | null = null;
  let chosenName = '';
  for (const level of LEVELS) {
    let best = '';
    let bestW = 0;
    for (const [key, w] of nameWeight) {
      const [lv, name] = key.split(':') as [Level, string];
      if (lv === level && w > bestW) {
        best = name;
        bestW = w;
      }
    }
    if (!best) continue;
    const authoritative = mentions.some((m) => m.division.level === level && m.division.name === best && m.weight > WEIGHT.body);
    if (authoritative || bestW >= 2) {
      chosenLevel = level;
      chosenName = best;
      break;
    }
  }
  if (!chosenLevel) {
    notes.push('no place is named often enough to be the reporting unit');
    diagnostics.push({ code: 'UNRESOLVED_DIVISION', args: { reason: 'weak evidence' }, stage: 'metadata' });
    return diagnostics;
  }
  // the readings of that name, each scored by how much the text names its ancestors
  const readings = index.byName(chosenName).filter((d) => d.level === chosenLevel);
  const ancestorScore = (d: Division) => ancestorsOf(d, index).reduce((s, a) => s + (byCode.get(a.code) ?? 0), 0);
  const scored = readings.map((d) => ({ d, s: ancestorScore(d) })).sort((a, b) => b.s - a.s);
  const top = scored.filter((x) => x.s === scored[0]!.s);
  if (top.length > 1) {
    // fill only what all remaining readings agree on
    const agree = (f: (d: Division) => string) => (new Set(top.map((x) => f(x.d))).size === 1 ? f(top[0]!.d) : '');
    const name = (code: string) => index.byCode(code)?.name ?? '';
    out.province = agree((d) => name(d.provinceCode));
    out.city = agree((d) => name(d.cityCode));
    out.district = chosenLevel === 'street' ? agree((d) => name(d.districtCode)) : '';
    notes.push(`${chosenName} names ${top.length} units (${top.slice(0, 4).map((x) => x.d.code).join(', ')}${top.length > 4 ? ', …' : ''}) and the text does not say which`);
    diagnostics.push({ code: 'AMBIGUOUS_DIVISION', args: { name: chosenName, count: top.length }, stage: 'metadata' });
    return diagnostics;
  }
  const d = top[0]!.d;
  const name = (code: string) => index.byCode(code)?.name ?? '';
  out.province = name(d.provinceCode);
  out.city = d.level === 'province' ? '' : name(d.cityCode);
  out.district = d.level === 'street' || d.level === 'district' ? name(d.districtCode) : '';
  out.street = d.level === 'street' ? d.name : '';
  out.division_code = d.code.length >= 6 ? d.code : d.code.padEnd(6, '0');
  return diagnostics;
}
