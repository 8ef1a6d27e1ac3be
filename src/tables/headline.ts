// The headline figures of one document: for each metric the one value an analyst would
// quote, chosen family by family so that a row hangs together. Pure.
//
// A family's headline statement is the sentence that states the most about the reporting
// unit as a whole: scope words (全区, 我区, 辖区, 全年) and not those of one programme or
// office (专项, 工作室), then a marked total (共, 累计), then the most of the family's
// metrics at once, then the earliest. Each metric takes its figure from that statement
// ("together", or "total" when the figure is itself a total), else from the same passage
// ("passage"), else its best figure anywhere: about the whole unit ("scope"), a total
// ("total"), or the first mention ("first"). A 其中 part of a total of the same metric
// never headlines; targets and plans are `other` and never reach here.

export const HOW = ['total', 'together', 'passage', 'scope', 'first'] as const;
export type How = (typeof HOW)[number];

/** What the choice needs of each fact. */
export interface HeadlineFact {
  id: string;
  metric: string;
  total: boolean;
  part_of: string | null;
  sentence: string;
}

/** Where a fact stands: its sentence and paragraph (indices in the document, in order). */
export interface Place {
  sentence: number;
  paragraph: number;
}

export interface HeadlineMarkers {
  /** words that make a sentence about the reporting unit as a whole */
  scope: RegExp;
  /** words that make it about one programme, office or campaign */
  narrow: RegExp;
}

export interface Headline {
  metric: string;
  /** index of the chosen fact in the document's facts */
  index: number;
  how: How;
}

interface Scored {
  index: number;
  broad: boolean;
}

/**
 * The headlines of one document's facts, in the order of `metrics` (the declared metric
 * order; each metric's family is the part of its id before the dot).
 */
export function chooseHeadlines(
  facts: readonly HeadlineFact[],
  places: readonly Place[],
  metrics: readonly string[],
  markers: HeadlineMarkers,
): Headline[] {
  const metricOfId = new Map<string, string>();
  for (const f of facts) metricOfId.set(f.id, f.metric);
  const broadCache = new Map<string, boolean>();
  const broad = (s: string) => {
    let b = broadCache.get(s);
    if (b === undefined) {
      b = markers.scope.test(s) && !markers.narrow.test(s);
      broadCache.set(s, b);
    }
    return b;
  };
  // eligible figures by metric, in document order
  const byMetric = new Map<string, Scored[]>();
  facts.forEach((f, index) => {
    if (f.metric === 'other') return;
    if (f.part_of !== null && metricOfId.get(f.part_of) === f.metric) return;
    const list = byMetric.get(f.metric) ?? [];
    list.push({ index, broad: broad(f.sentence) });
    byMetric.set(f.metric, list);
  });
  const family = (m: string) => m.slice(0, m.indexOf('.'));
  const families = new Map<string, string[]>();
  for (const m of metrics) if (byMetric.has(m)) families.set(family(m), [...(families.get(family(m)) ?? []), m]);

  const out: Headline[] = [];
  for (const members of families.values()) {
    // the family's headline statement: the best sentence holding its figures
    const sentences = new Map<number, { broad: boolean; total: boolean; metrics: Set<string>; first: number }>();
    for (const m of members) {
      for (const s of byMetric.get(m)!) {
        const key = places[s.index]!.sentence;
        const cur = sentences.get(key) ?? { broad: s.broad, total: false, metrics: new Set<string>(), first: s.index };
        cur.total ||= facts[s.index]!.total;
        cur.metrics.add(m);
        sentences.set(key, cur);
      }
    }
    let anchor = -1;
    let best: { broad: boolean; total: boolean; metrics: Set<string>; first: number } | null = null;
    for (const [key, s] of sentences) {
      const better =
        !best ? true
        : s.broad !== best.broad ? s.broad
        : s.total !== best.total ? s.total
        : s.metrics.size !== best.metrics.size ? s.metrics.size > best.metrics.size
        : s.first < best.first;
      if (better) {
        best = s;
        anchor = key;
      }
    }
    const anchorParagraph = best ? places[best.first]!.paragraph : -1;
    for (const m of members) {
      const list = byMetric.get(m)!;
      const inAnchor = list.find((s) => places[s.index]!.sentence === anchor);
      if (inAnchor) {
        out.push({ metric: m, index: inAnchor.index, how: facts[inAnchor.index]!.total ? 'total' : 'together' });
        continue;
      }
      const inPassage = list.find((s) => places[s.index]!.paragraph === anchorParagraph);
      if (inPassage) {
        out.push({ metric: m, index: inPassage.index, how: 'passage' });
        continue;
      }
      const scope = list.find((s) => s.broad);
      const total = list.find((s) => facts[s.index]!.total);
      const pick = scope ?? total ?? list[0]!;
      out.push({ metric: m, index: pick.index, how: scope ? 'scope' : total ? 'total' : 'first' });
    }
  }
  const order = new Map(metrics.map((m, i) => [m, i]));
  return out.sort((a, b) => order.get(a.metric)! - order.get(b.metric)!);
}
