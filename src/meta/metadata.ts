// Document metadata: the reporting unit (resolved against the division codes, see unit.ts),
// the year covered, the period, the title and the document type. Pure.
import type { Diagnostic } from '../diagnostics.js';
import type { CompiledMeta } from '../rules/compile.js';
import type { DOC_TYPES, PERIODS } from '../rules/schema.js';
import type { Structure } from '../segment/structure.js';
import type { DivisionIndex } from './divisions.js';
import { UnitResolver, type UnitEvidence } from './unit.js';
import { chineseYear } from './years.js';

export const LEVELS = ['national', 'province', 'city', 'district', 'street', 'department'] as const;

export interface DocMeta {
  province: string;
  city: string;
  district: string;
  street: string;
  division_code: string;
  /** the reporting unit's level: the most specific field filled, `department` for a department's report, `national` for the State Council's, empty when unknown */
  level: (typeof LEVELS)[number] | '';
  year: number | null;
  period: (typeof PERIODS)[number];
  title: string;
  doc_type: (typeof DOC_TYPES)[number];
  meta_note: string;
}

const OPENING_CHARS = 3000;
/** where the report names itself: 我代表…, 现将…报告如下, and the subjects of its first sentences */
const DECLARATION_CHARS = 1500;
const LEAD_SENTENCES = 8;
const TOP_LINES = 6;
const CLOSING_CHARS = 600;
const TITLE_SEARCH_LINES = 12;
/** a heading line (the year a part reviews or plans) is short and has no full stop */
const HEADING_MAX = 60;
const RELEVANCE_CHARS = 2000;
const YEAR = /((?:19|20)[0-9]{2})\s?年|([〇零一二三四五六七八九]{4})年/u;
/** the end of a year range (2021-2025年, 2021至2025年): no year of its own */
const RANGE_BEFORE = /(?:19|20)[0-9]{2}\s?年?\s?[-—–~～至到]\s?$/u;
/** a day or month date (2009年6月30日): an event, not the period covered */
const DATE_AFTER = /^\s?[0-9]{1,2}\s?月/u;
const DATE = /((?:19|20)[0-9]{2})[-./年]([01]?[0-9])[-./月]/u;
const TITLE_IN_BRACKETS = /《[^》]{0,200}》/gu;
/** a year something is planned for, opening a clause: 到2025年, 至2035年 (not 增至2020年) */
const TARGET_WORD = /^[到至]$/u;
const CLAUSE_START = /^[，,。、；;：:\s]$/u;
/** (一), 1. — headings below the top level */
const SUB_HEADING = /^(?:[(（]|[0-9]{1,2}[.、．](?![0-9]))/u;
const SHORT_NAME_CHARS = 10_000;
/** how far a delivery date (——2023年3月5日在…人民代表大会…) is looked for: it stands under the title or at the end */
const DELIVERED_DATE_CHARS = 60_000;
/** a year in a file name, written with or without 年 (…工作报告_2016.txt) */
const FILE_YEAR = /(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])/u;

/** The years stated in `text`, in order, outside 《titles》 (or inside them too, with `inTitles`), year ranges and dates. */
function* yearsIn(text: string, inTitles = false): Generator<{ year: number; at: number }> {
  const s = inTitles ? text : text.replace(TITLE_IN_BRACKETS, (m) => ' '.repeat(m.length));
  const re = new RegExp(YEAR.source, 'gu');
  for (const m of s.matchAll(re)) {
    const at = m.index;
    const after = text.slice(at + m[0].length, at + m[0].length + 4);
    const before = text.slice(Math.max(0, at - 8), at);
    const y = m[1] ? Number(m[1]) : chineseYear(m[2]!);
    if (y !== null && !DATE_AFTER.test(after) && !RANGE_BEFORE.test(before)) yield { year: y, at };
  }
}

function firstYear(text: string, inTitles = false): number | null {
  for (const y of yearsIn(text, inTitles)) return y.year;
  return null;
}

/** The latest year a review states, not a target (到2025年): where a five-year review ends. */
function lastReviewedYear(text: string): number | null {
  let last: number | null = null;
  for (const { year, at } of yearsIn(text)) {
    // 到2025年 or 至2035年 opening a clause is a target (增至2020年 is not)
    const target = at > 0 && TARGET_WORD.test(text[at - 1]!) && (at === 1 || CLAUSE_START.test(text[at - 2]!));
    if (!target && (last === null || year > last)) last = year;
  }
  return last;
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

/** A page field naming the title (标题: …, 名称: …), anywhere on a short line. */
function titleField(norm: string, structure: Structure, meta: CompiledMeta): string {
  for (const line of structure.lines) {
    if (line.end - line.start > 100) continue;
    let i = line.start;
    while (i < line.end && (norm.charCodeAt(i) === 0x20 || norm.charCodeAt(i) === 0x09)) i++;
    const c = norm[i];
    if (c !== '标' && c !== '名' && c !== '文') continue;
    const m = meta.titleField.exec(norm.slice(line.start, line.end));
    if (m?.groups?.title) return m.groups.title.trim();
  }
  return '';
}

/**
 * The year a heading line names: the first heading reviewing a year (一、2016年工作回顾), and
 * the first planning one (二、2017年工作安排). Sub-headings ((一), 1.) are not read.
 */
function headingYears(norm: string, structure: Structure, meta: CompiledMeta): { review: number | null; plan: number | null } {
  let review: number | null = null;
  let plan: number | null = null;
  for (const line of structure.lines) {
    if (line.chrome || line.end - line.start > HEADING_MAX || line.end === line.start) continue;
    const text = norm.slice(line.start, line.end).trim();
    if (!text || text.includes('。') || SUB_HEADING.test(text) || !text.includes('年')) continue;
    const yearOf = (re: RegExp) => {
      const m = re.exec(text);
      const y = m?.groups?.year;
      return y && !RANGE_BEFORE.test(text.slice(Math.max(0, m.index - 8), m.index + (m[0].indexOf(y)))) ? Number(y) : null;
    };
    review ??= yearOf(meta.years.reviewHeading);
    // the last year planned: 主要工作 may head a review (2020年主要工作) before the plan (2021年工作安排)
    const p = yearOf(meta.years.planHeading);
    if (p !== null && (plan === null || p > plan)) plan = p;
  }
  return { review, plan };
}

/** Whether the opening reads as a government report at all (official prose, mostly Han characters). */
function looksLikeReport(opening: string, meta: CompiledMeta): boolean {
  const text = opening.slice(0, RELEVANCE_CHARS);
  let han = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3000) continue;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
    else other++;
  }
  if (han === 0 || han / (han + other) < meta.relevance.minHanShare) return false;
  let cues = 0;
  for (const _ of text.matchAll(meta.relevance.cues)) if (++cues >= meta.relevance.minCues) return true;
  return (cues * 100) / han >= meta.relevance.minDensity;
}

const baseName = (doc: string) => doc.replace(/^.*[\\/]/u, '').replace(/\.[A-Za-z0-9]{1,5}$/u, '');

export function extractMetadata(
  norm: string,
  structure: Structure,
  meta: CompiledMeta,
  index: DivisionIndex | null,
  doc = '',
): { meta: DocMeta; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const titleLine = findTitle(norm, structure, meta);
  const body = structure.paragraphs;
  const firstBody = body.find((p) => p.start !== titleLine?.start);
  const openingStart = body.length ? body[0]!.start : 0;
  const opening = body.length ? norm.slice(openingStart, Math.min(norm.length, openingStart + OPENING_CHARS)) : '';
  const head = titleLine?.text ?? titleField(norm, structure, meta);
  const openingHead = firstBody ? norm.slice(firstBody.start, Math.min(firstBody.end, firstBody.start + 200)) : '';
  const fileName = baseName(doc);

  // the first sentences, before the first heading: where a report names itself
  const leadSentences: UnitEvidence['leadSentences'] = [];
  const leadText: string[] = [];
  for (const p of body) {
    if (p.headings.length || p.start - openingStart >= DECLARATION_CHARS || leadSentences.length >= LEAD_SENTENCES) break;
    if (p.start === titleLine?.start) continue;
    for (const s of structure.sentences) {
      if (s.end <= p.start) continue;
      if (s.start >= p.end || leadSentences.length >= LEAD_SENTENCES) break;
      let start = s.start;
      while (start < s.end && /\s/u.test(norm[start]!)) start++;
      if (start < s.end) {
        leadSentences.push({ start: start - openingStart, end: Math.min(s.end, openingStart + OPENING_CHARS) - openingStart });
        leadText.push(norm.slice(start, s.end));
      }
    }
  }
  const topLines: string[] = [];
  for (const line of structure.lines) {
    if (topLines.length >= TOP_LINES || line.start - openingStart > DECLARATION_CHARS) break;
    if (line.chrome || line.start < openingStart) continue;
    const t = norm.slice(line.start, line.end).trim();
    if (t && t.length <= 40) topLines.push(t);
  }

  // year covered
  const delivered = meta.years.delivered.test(head) || meta.years.delivered.test(opening.slice(0, DECLARATION_CHARS));
  const headings = headingYears(norm, structure, meta);
  let year: number | null = null;
  const yearFrom = (y: number | null, note?: string) => {
    if (year === null && y !== null) {
      year = y;
      if (note) notes.push(note);
    }
  };
  if (head && !meta.years.delivered.test(head)) yearFrom(firstYear(head));
  yearFrom(headings.review);
  if (delivered) {
    const titleYear = head ? firstYear(head) : null;
    if (titleYear !== null) yearFrom(titleYear - 1);
    const date = meta.years.deliveredDate.exec(norm.slice(0, Math.min(norm.length, DELIVERED_DATE_CHARS)))?.groups?.year;
    if (date) yearFrom(Number(date) - 1);
    if (headings.plan !== null) yearFrom(headings.plan - 1);
  }
  // the first year of a delivered report's opening often starts a five-year review: read after the file name
  if (!delivered) {
    if (firstBody) yearFrom(firstYear(openingHead));
    yearFrom(firstYear(opening.slice(0, 600)));
    if (headings.plan !== null) yearFrom(headings.plan - 1);
  }

  // period and document type
  const periodOf = (s: string) => meta.periods.find((p) => p.pattern.test(s))?.period;
  const progressOnly =
    !delivered && headings.review === null && leadText.some((s) => meta.periodUnknown.progress.test(s)) &&
    !meta.periods.some((p) => p.period === 'annual' && p.pattern.test(head)) && !meta.periodUnknown.unless.test(leadText.join(''));
  const fromHead = head ? periodOf(head) : undefined;
  const fromOpening = periodOf(openingHead);
  const period: DocMeta['period'] =
    fromHead ?? (fromOpening && fromOpening !== 'annual' ? fromOpening : undefined) ?? (progressOnly ? 'unknown' : undefined) ??
    fromOpening ?? (delivered || year !== null ? 'annual' : 'unknown');
  let docType = head ? meta.docTypes.find((d) => d.pattern.test(head))?.type : undefined;
  if (!docType) {
    if (period === 'H1') docType = 'half_year_summary';
    else if (period === 'annual' && (delivered || /法治政府建设|依法行政|法治建设/u.test(opening))) docType = 'annual_report';
    else docType = 'other';
  }
  if (opening.trim() && !looksLikeReport(opening, meta)) {
    docType = 'not_report';
    diagnostics.push({ code: 'NOT_A_REPORT', args: {}, stage: 'metadata' });
  }

  // publisher lines of the page chrome; the publication date
  const chromeText: string[] = [];
  for (const line of structure.lines) {
    if (!line.chrome) continue;
    const m = meta.publisher.exec(norm.slice(line.start, line.end));
    if (m?.[2]) chromeText.push(m[2]);
  }
  if (year === null) {
    // a date line of the page chrome, or near the top (a news item's 2022年05月31日08:42)
    let seen = 0;
    for (const line of structure.lines) {
      const near = seen++ < TITLE_SEARCH_LINES && line.end - line.start <= HEADING_MAX;
      if (!line.chrome && !near) continue;
      const m = DATE.exec(norm.slice(line.start, line.end));
      if (m) {
        const published = Number(m[1]);
        year = period === 'annual' && Number(m[2]) <= 4 ? published - 1 : published;
        notes.push(`year taken from the publication date ${m[0]}`);
        break;
      }
    }
  }
  // weak, last: a year in a 《title》 of the opening, the file name (a delivered report: its name first)
  const fromFileName = () => {
    const y = fileName ? FILE_YEAR.exec(fileName)?.[1] : undefined;
    if (y) yearFrom(delivered || meta.years.delivered.test(fileName) ? Number(y) - 1 : Number(y), 'year taken from the file name');
  };
  if (delivered) {
    fromFileName();
    yearFrom(lastReviewedYear(opening.slice(0, DECLARATION_CHARS)));
  }
  yearFrom(firstYear(opening.slice(0, 600), true), 'year taken from a document title the opening cites');
  fromFileName();

  const lastBody = body.length ? body[body.length - 1]! : null;
  const closing = lastBody ? norm.slice(Math.max(openingStart, lastBody.end - CLOSING_CHARS), lastBody.end) : '';

  const result: DocMeta = {
    province: '', city: '', district: '', street: '', division_code: '', level: '',
    year, period, title: head, doc_type: docType, meta_note: '',
  };
  if (index) {
    const unit = new UnitResolver(index, meta.unit).resolve({
      head, chromeText, opening, leadSentences, declarationChars: DECLARATION_CHARS, topLines, closing, fileName,
      shortNameText: norm.slice(openingStart, Math.min(norm.length, openingStart + SHORT_NAME_CHARS)),
    });
    Object.assign(result, unit.fields);
    notes.unshift(...unit.notes);
    diagnostics.push(...unit.diagnostics);
  }
  result.meta_note = notes.join('; ');
  result.level = levelOf(result, head, leadText[0] ?? '', meta);
  return { meta: result, diagnostics };
}

/** The reporting unit's level: a department's report (its title or first subject names 司法局, 局, 办公室), else the most specific field filled. */
function levelOf(m: DocMeta, head: string, lead: string, meta: CompiledMeta): DocMeta['level'] {
  const subject = lead.split(/[，,]/u)[0] ?? '';
  if (meta.unit.department.test(head) || meta.unit.department.test(subject)) return 'department';
  if (m.street) return 'street';
  if (m.district) return 'district';
  if (m.city) return 'city';
  if (m.province) return 'province';
  return meta.unit.national.test(head) || /national report/u.test(m.meta_note) ? 'national' : '';
}
