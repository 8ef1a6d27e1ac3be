// `lawreport eval`: runs the extractor over the documents a gold file describes and
// renders the scores — overall, per family and metric, per split set — with every miss
// and spurious fact beside its sentence and the rule that decided it.
import { readFileSync } from 'node:fs';
import { severityOf } from '../diagnostics.js';
import {
  docKey, parseGoldJsonl, parseHeadlineGold, parseMetaTsv, parseSplit, score, scoreHeadlines, scoreMeta,
  type GoldFact, type HeadlineGold, type HeadlineScore, type MetaRow, type MetaScore, type PredictedFact, type ScoreReport,
} from '../eval/score.js';
import type { PipelineContext } from '../pipeline.js';
import { discover } from '../run/discover.js';
import { runOneFile } from '../run/run-file.js';
import { formatDiagnostic } from './messages.js';

export interface EvalOptions {
  gold: string;
  meta?: string;
  level: 'metric' | 'quantity' | 'both';
  split?: string;
  /** the headline value an analyst would report, per document and metric (TSV) */
  headlines?: string;
  /** split sets whose misses, spurious facts and metadata mismatches stay unprinted */
  blind: string[];
}

export interface SetScore {
  set: string;
  docs: number;
  scores: ScoreReport[];
  meta: MetaScore | null;
}

export interface EvalResult {
  scores: ScoreReport[];
  meta: MetaScore | null;
  /** the headline values chosen against headline gold, when given */
  headlines: HeadlineScore | null;
  /** the same scores for each set of the split, when one is given */
  sets: SetScore[];
  /** gold documents that were not among the inputs (not scored) */
  notGiven: string[];
  /** the split: doc -> set */
  split: Record<string, string>;
}

/** Reads the gold files; throws with the file named when one cannot be read. */
function readGold(o: EvalOptions): { gold: GoldFact[]; meta: MetaRow[] | null; split: Map<string, string> | null; headlines: HeadlineGold[] | null } {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`${file}: cannot read: ${(err as Error).message}`);
    }
  };
  const parse = <T>(file: string, f: (s: string) => T): T => {
    try {
      return f(read(file));
    } catch (err) {
      const m = (err as Error).message;
      throw new Error(m.startsWith(file) ? m : `${file}: ${m}`);
    }
  };
  return {
    gold: parse(o.gold, parseGoldJsonl),
    meta: o.meta ? parse(o.meta, parseMetaTsv) : null,
    split: o.split ? parse(o.split, parseSplit) : null,
    headlines: o.headlines ? parse(o.headlines, parseHeadlineGold) : null,
  };
}

export function evaluate(paths: string[], o: EvalOptions, ctx: PipelineContext, stderr: { write(s: string): unknown }): EvalResult {
  const { gold, meta: metaRows, split, headlines: headlineGold } = readGold(o);
  const chosen = new Map<string, number>();
  const found = discover(paths);
  for (const d of found.diagnostics) stderr.write(formatDiagnostic(d) + '\n');
  const predicted: PredictedFact[] = [];
  const metas = new Map<string, Record<string, string>>();
  const given = new Set<string>();
  for (const { doc: file, path } of found.files) {
    given.add(docKey(file));
    const r = runOneFile(file, ctx, path);
    for (const d of r.diagnostics) if (severityOf(d) === 'error') stderr.write(formatDiagnostic(d) + '\n');
    for (const f of r.facts) predicted.push(f);
    for (const h of r.headlines) chosen.set(`${docKey(file)}\u0000${h.metric}`, r.facts[h.index]!.value);
    if (r.meta) metas.set(docKey(file), Object.fromEntries(Object.entries(r.meta).map(([k, v]) => [k, v === null ? '' : String(v)])));
  }
  const goldDocs = new Set(gold.map((g) => docKey(g.doc)));
  const docs = new Set([...goldDocs].filter((d) => given.has(d)));
  const scoreSet = (set: Set<string>) => {
    const scores: ScoreReport[] = [];
    if (o.level !== 'quantity') scores.push(score(gold, predicted, 'metric', set));
    if (o.level !== 'metric') scores.push(score(gold, predicted, 'quantity', set));
    return { scores, meta: metaRows ? scoreMeta(metaRows, metas, set) : null };
  };
  const sets: SetScore[] = [];
  if (split) {
    for (const name of [...new Set(split.values())]) {
      const members = new Set([...docs].filter((d) => split.get(d) === name));
      if (members.size) sets.push({ set: name, docs: members.size, ...scoreSet(members) });
    }
  }
  return {
    ...scoreSet(docs),
    headlines: headlineGold ? scoreHeadlines(headlineGold, chosen, docs) : null,
    sets,
    notGiven: [...goldDocs].filter((d) => !given.has(d)).sort(),
    split: split ? Object.fromEntries(split) : {},
  };
}

const f3 = (x: number) => x.toFixed(3);
const row = (name: string, c: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number }) =>
  `  ${name.padEnd(34)} ${f3(c.precision)}  ${f3(c.recall)}  ${f3(c.f1)}  ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}`;
const header = (name: string) => `  ${name.padEnd(34)} P      R      F1    tp  fp  fn`;
const clip = (s: string | undefined, n = 90) => (s && s.length > n ? s.slice(0, n) + '…' : s ?? '');

export function renderEval(r: EvalResult, o: Pick<EvalOptions, 'blind' | 'split'>): string {
  const hidden = (doc: string) => o.blind.includes(r.split[docKey(doc)] ?? '');
  const lines: string[] = [];
  for (const s of r.scores) {
    const c = s.overall;
    lines.push(`${s.level}-level: precision ${f3(c.precision)}  recall ${f3(c.recall)}  F1 ${f3(c.f1)}  (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})${s.level === 'metric' ? '  [contract metrics; `other` is scored at the quantity level]' : ''}`);
    if (s.level === 'metric') {
      lines.push(header('family'));
      for (const [m, c] of Object.entries(s.perFamily)) lines.push(row(m, c));
      lines.push(header('metric'));
      for (const [m, c] of Object.entries(s.perMetric)) lines.push(row(m, c));
    }
    const misses = s.misses.filter((g) => !hidden(g.doc));
    const spurious = s.spurious.filter((p) => !hidden(p.doc));
    const withheld = s.misses.length - misses.length + s.spurious.length - spurious.length;
    if (misses.length) {
      lines.push(`  misses (${misses.length}):`);
      for (const g of misses) {
        const got = g.got ? `got ${g.got.metric} by ${g.got.rule ?? '?'}` : 'not found as a quantity';
        lines.push(`    ${docKey(g.doc)} @${g.start ?? '?'}  ${g.text ?? g.value}  want ${g.metric}, ${got}`);
        lines.push(`        ${clip(g.got?.sentence ?? g.sentence_hint)}`);
      }
    }
    if (spurious.length) {
      lines.push(`  spurious (${spurious.length}):`);
      for (const p of spurious) {
        lines.push(`    ${docKey(p.doc)} @${p.start}  ${p.text}  ${p.metric} by ${p.rule ?? '?'}`);
        lines.push(`        ${clip(p.sentence)}`);
      }
    }
    if (withheld) lines.push(`  (${withheld} misses and spurious facts of the ${o.blind.join(', ')} documents not shown)`);
    lines.push('');
  }
  if (r.meta) {
    lines.push(`metadata: ${r.meta.correct}/${r.meta.total} fields right (${f3(r.meta.correct / Math.max(1, r.meta.total))}; ${r.meta.fields.join(', ')})`);
    const shown = r.meta.mismatches.filter((m) => !hidden(m.doc));
    for (const m of shown) lines.push(`  ${m.doc}  ${m.field}: expected "${m.expected}", got "${m.got}"`);
    if (shown.length < r.meta.mismatches.length) lines.push(`  (${r.meta.mismatches.length - shown.length} mismatches of the ${o.blind.join(', ')} documents not shown)`);
    lines.push('');
  }
  if (r.headlines) {
    lines.push(`headline values: ${r.headlines.correct}/${r.headlines.total} as an analyst would report them`);
    for (const m of r.headlines.mismatches.filter((x) => !hidden(x.doc))) {
      lines.push(`  ${m.doc}  ${m.metric}: expected ${m.expected}, got ${m.got}`, `        ${clip(m.why)}`);
    }
    lines.push('');
  }
  if (r.sets.length) {
    lines.push(`by split set (${o.split}):`);
    for (const s of r.sets) {
      const parts = s.scores.map((x) => `${x.level} P ${f3(x.overall.precision)} R ${f3(x.overall.recall)} F1 ${f3(x.overall.f1)}`);
      if (s.meta) parts.push(`metadata ${s.meta.correct}/${s.meta.total} (${f3(s.meta.correct / Math.max(1, s.meta.total))})`);
      lines.push(`  ${s.set.padEnd(10)} ${String(s.docs).padStart(3)} docs  ${parts.join('  ')}`);
    }
    lines.push('');
  }
  if (r.notGiven.length) lines.push(`${r.notGiven.length} gold documents were not among the inputs and are not scored: ${r.notGiven.slice(0, 8).join(', ')}${r.notGiven.length > 8 ? ', …' : ''}`, '');
  return lines.join('\n');
}
