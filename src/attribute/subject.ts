// The noun phrase a quantity counts, for the `subject` field: its own stretch before it
// (or after it, for …等12个典型案例), trimmed of punctuation and function words.
import type { Span } from '../segment/structure.js';
import type { Boundaries } from './boundaries.js';
import type { QuantityContext } from './context.js';

const SUBJECT_PUNCT = new Set([...' \t\r\n,，:：;；、。“”"\'《》()（）']);
/** words that open or close a stretch before a number without being what it counts */
const SUBJECT_LEAD = ['迄今为止', '截至目前', '今年以来', '上半年', '下半年', '截至', '目前', '今年', '以来', '全年', '年内', '其中', '累计', '共计', '共为', '已有', '共', '已', '有', '为', '对', '在', '并', '还', '又', '另'];
const SUBJECT_TAIL = ['共计', '总计', '合计', '累计', '达到', '约为', '共', '达', '为', '有', '了', '的'];
/** the words of a list by their first (or last) character, in list order */
const byChar = (words: string[], at: (w: string) => number) => {
  const m = new Map<number, string[]>();
  for (const w of words) m.set(at(w), [...(m.get(at(w)) ?? []), w]);
  return m;
};
const LEAD_BY_FIRST = byChar(SUBJECT_LEAD, (w) => w.charCodeAt(0));
const TAIL_BY_LAST = byChar(SUBJECT_TAIL, (w) => w.charCodeAt(w.length - 1));
const SUBJECT_MAX = 16;
const NONE: string[] = [];
const YEAR_LEAD = /^.*?[0-9]{4}年(度)?(以来)?/u;

/**
 * The noun phrase a quantity counts: its own stretch before it (or after it, for
 * …等12个典型案例), without punctuation, without leading and trailing function words, at
 * most SUBJECT_MAX characters of whole words. Word checks reuse the cue windows' boundaries.
 */
export function subjectOf(ctx: QuantityContext, norm: string, bounds: Boundaries): string {
  const trim = (sp: Span): Span => {
    let { start, end } = sp;
    for (let changed = true; changed && start < end; ) {
      changed = false;
      while (start < end && SUBJECT_PUNCT.has(norm[start]!)) start++;
      while (end > start && SUBJECT_PUNCT.has(norm[end - 1]!)) end--;
      for (const w of LEAD_BY_FIRST.get(norm.charCodeAt(start)) ?? NONE) {
        if (end - start >= w.length && norm.startsWith(w, start) && bounds.wholeWords(start, start + w.length)) {
          start += w.length;
          changed = true;
          break;
        }
      }
      for (const w of TAIL_BY_LAST.get(norm.charCodeAt(end - 1)) ?? NONE) {
        if (end - start >= w.length && norm.startsWith(w, end - w.length) && bounds.wholeWords(end - w.length, end)) {
          end -= w.length;
          changed = true;
          break;
        }
      }
    }
    return { start, end };
  };
  const text = (sp: Span) => norm.slice(sp.start, sp.end);
  const fromEnd = (sp: Span) => text(sp.end - sp.start <= SUBJECT_MAX ? sp : { start: bounds.nextBoundary(sp.end - SUBJECT_MAX, sp.end), end: sp.end });
  if (ctx.listSubject) return fromEnd(trim(ctx.listSubject));
  const own = ctx.left[ctx.left.length - 1]!;
  const year = YEAR_LEAD.exec(text(own));
  const left = trim({ start: own.start + (year ? year[0].length : 0), end: own.end });
  const right = trim(ctx.right);
  // …物业纠纷等12个典型案例: the list before 等 names examples, the noun after counts them
  if (left.end > left.start && !(norm[left.end - 1] === '等' && right.end > right.start)) return fromEnd(left);
  if (right.end - right.start <= SUBJECT_MAX) return text(right);
  // from the start: whole words up to SUBJECT_MAX characters
  let end = right.start + SUBJECT_MAX;
  while (end > right.start && !bounds.wholeWords(right.start, end)) end--;
  return text({ start: right.start, end: end > right.start ? end : right.start + SUBJECT_MAX });
}

