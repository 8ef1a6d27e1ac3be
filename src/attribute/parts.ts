// 其中 parts: a quantity after 其中 (in its own sentence) belongs to the nearest earlier
// total of its unit, and a part that names no metric of its own keeps its total's.
import type { RuleSet } from '../rules/compile.js';
import type { Candidate } from '../quantities/scan.js';
import { globalOf } from './boundaries.js';
import { lastStopBefore, MAX_CONTEXT, type QuantityContext } from './context.js';

/**
 * How many earlier quantities a part looks back over for its total. Bounded, so a sentence
 * of a hundred thousand 其中 parts stays linear; a real total stands a few figures back.
 */
const MAX_LOOKBACK = 48;

/** For each quantity, the index of the total it is a 其中 part of, or null. */
export function findParts(
  norm: string,
  quantities: Candidate[],
  contexts: QuantityContext[],
  totals: boolean[],
  rules: RuleSet,
  stops: Int32Array,
): Array<number | null> {
  const out: Array<number | null> = quantities.map(() => null);
  const g = globalOf(rules.sections.partMarkers);
  quantities.forEach((q, i) => {
    const para = contexts[i]!.paragraph;
    // the 其中 must stand in this quantity's sentence (up to 。), before it
    const k = lastStopBefore(stops, q.spanStart);
    const from = Math.max(para.start, q.spanStart - MAX_CONTEXT, k >= 0 ? stops[k]! + 1 : 0);
    g.lastIndex = 0;
    const sentenceText = norm.slice(from, q.spanStart);
    let m: RegExpExecArray | null;
    let markerAt = -1;
    while ((m = g.exec(sentenceText)) !== null) markerAt = from + m.index;
    if (markerAt < 0) return;
    let fallback: number | null = null;
    for (let j = i - 1; j >= 0 && j >= i - MAX_LOOKBACK; j--) {
      const t = quantities[j]!;
      if (t.spanStart < para.start) break;
      if (t.spanEnd > markerAt || t.unit !== q.unit) continue;
      if (totals[j] && out[j] === null) {
        out[i] = j;
        return;
      }
      if (fallback === null && out[j] === null) fallback = j;
    }
    out[i] = fallback;
  });
  return out;
}
