// How values and texts are shown in the report: numbers in Chinese style (万, 亿), percents,
// the figure as written, HTML escaping. Pure; it also runs in the page (see page.ts).
import { APPROX_PREFIX, UNIT_SUFFIX } from './ui.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put into HTML (element content or a quoted attribute). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A number with at most `digits` significant digits, without trailing zeros. */
function trim(v: number, digits: number): string {
  return String(Number(v.toPrecision(digits)));
}

/** 1234567 -> "1,234,567" (the same in every locale, unlike toLocaleString). */
export function groupThousands(v: number): string {
  const [int, frac] = String(Number(v.toPrecision(12))).split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac ? '.' + frac : '');
}

/** A percent fraction as a percent: 0.997 -> "99.7%". */
export function formatPercent(v: number): string {
  return trim(v * 100, 6) + '%';
}

/**
 * A value for an axis or a bar label: short, 万 and 亿 for large ones
 * (67340000 -> "6734万", 0.97 -> "97%").
 */
export function formatCompact(v: number, unit: string): string {
  if (unit === 'percent') return formatPercent(v);
  const a = Math.abs(v);
  if (a >= 1e8) return trim(v / 1e8, 4) + '亿';
  if (a >= 1e4) return trim(v / 1e4, 4) + '万';
  return trim(v, 6);
}

/** A value in full with its unit word: 67340000 yuan -> "67,340,000 元"; 0.97 -> "97%". */
export function formatFull(v: number, unit: string): string {
  if (unit === 'percent') return formatPercent(v);
  const suffix = UNIT_SUFFIX[unit] ?? '';
  return groupThousands(v) + (suffix ? ' ' + suffix : '');
}

/** The figure as the report wrote it: the approximation marker, then the text (近 + 6734余万元). */
export function writtenForm(approx: string, text: string): string {
  return (APPROX_PREFIX[approx] ?? '') + text;
}

/**
 * The sentence as HTML with the figure marked; a long sentence is cut to `max` characters
 * around the figure (… where cut).
 */
export function markedSentence(sentence: string, text: string, max = Infinity): string {
  let at = text ? sentence.indexOf(text) : -1;
  let s = sentence;
  let before = '';
  let after = '';
  if (s.length > max) {
    const centre = at >= 0 ? at + text.length / 2 : 0;
    const start = Math.max(0, Math.min(s.length - max, Math.round(centre - max / 2)));
    s = s.slice(start, start + max);
    if (start > 0) before = '…';
    if (start + max < sentence.length) after = '…';
    at = at >= 0 ? at - start : -1;
    if (at < 0 || at + text.length > s.length) at = -1;
  }
  if (at < 0) return before + escapeHtml(s) + after;
  return before + escapeHtml(s.slice(0, at)) + '<mark>' + escapeHtml(text) + '</mark>' + escapeHtml(s.slice(at + text.length)) + after;
}
