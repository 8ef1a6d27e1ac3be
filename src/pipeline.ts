// read → segment → quantities (scan, select) → attribute → facts, for one document.
// A pure function of the file's bytes, its name and the loaded rules, so documents can
// run in any order, in parallel, and stream.
import { createHash } from 'node:crypto';
import { attribute } from './attribute/attribute.js';
import type { Diagnostic } from './diagnostics.js';
import type { DivisionIndex } from './meta/divisions.js';
import { extractMetadata, type DocMeta } from './meta/metadata.js';
import { scanCandidates, type Candidate } from './quantities/scan.js';
import { selectQuantities, TOO_LARGE, type Rejection } from './quantities/select.js';
import { readDocument } from './reader/read-document.js';
import type { RuleSet } from './rules/compile.js';
import { analyzeStructure, spanIndexAt, type Structure } from './segment/structure.js';
import { chooseHeadlines, type Headline, type Place } from './tables/headline.js';

export { FACT_FIELDS } from './fields.js';

/** The fact record of the contract (§4); the unit and time fields are the document's metadata. */
export interface Fact extends Pick<DocMeta, 'province' | 'city' | 'district' | 'street' | 'division_code' | 'year' | 'period'> {
  id: string;
  doc: string;
  doc_sha256: string;
  metric: string;
  subject: string;
  value: number;
  value_max: number | null;
  unit: string;
  measure: string;
  approx: string;
  total: boolean;
  part_of: string | null;
  text: string;
  start: number;
  end: number;
  sentence: string;
  rule: string;
}

export interface Explanation {
  cues: string[];
  topic: string | null;
  sentenceStart: number;
}

export interface DocResult {
  doc: string;
  ok: boolean;
  doc_sha256: string;
  meta: DocMeta | null;
  facts: Fact[];
  diagnostics: Diagnostic[];
  /** the headline figure of each metric the document states (indices into facts), src/tables/headline.ts */
  headlines: Headline[];
  /** present when asked for (explain, tests): the decoded text and per-fact explanations */
  text?: string;
  explanations?: Explanation[];
  rejected?: Rejection[];
}

export interface PipelineContext {
  rules: RuleSet;
  divisions: DivisionIndex | null;
}

const SENTENCE_MAX = 300;

/** The quantities of a normalized text, after the filters (shared by extract and eval). */
export function findQuantities(norm: string, structure: Structure, rules: RuleSet): { kept: Candidate[]; rejected: Rejection[] } {
  const candidates: Candidate[] = [];
  // (no spread into push: a paragraph of megabytes has more candidates than the stack has room for arguments)
  for (const p of structure.paragraphs) for (const c of scanCandidates(norm, rules.lexicon, p.start, p.end)) candidates.push(c);
  return selectQuantities(candidates, norm, rules.filters);
}

/**
 * The facts of one stretch of a document: the whole text, or one chunk of a giant file
 * (`base` is where the chunk starts in the document; offsets and ids are the document's).
 */
export function extractFacts(
  doc: string,
  sha: string,
  text: string,
  norm: string,
  structure: Structure,
  meta: DocMeta,
  rules: RuleSet,
  base = 0,
  explain = false,
): { facts: Fact[]; places: Place[]; explanations: Explanation[]; rejected: Rejection[] } {
  const { kept, rejected } = findQuantities(norm, structure, rules);
  const attributions = attribute(norm, structure, kept, rules);
  const idPrefix = `${sha.slice(0, 12)}:`;
  const idOf = (q: Candidate) => idPrefix + (base + q.start);
  const explanations: Explanation[] = [];
  const places: Place[] = [];
  // facts in one sentence share its text (one string, not one copy per fact)
  let lastSentence: { start: number; end: number } | null = null;
  let lastSentenceText = '';
  const facts: Fact[] = kept.map((q, i) => {
    const a = attributions[i]!;
    const s = structure.sentences[spanIndexAt(structure.sentences, q.start)] ?? { start: q.start, end: q.end };
    if (s !== lastSentence) {
      lastSentence = s;
      lastSentenceText = text.slice(s.start, Math.min(s.end, s.start + SENTENCE_MAX)).trim();
    }
    if (explain) explanations.push({ cues: a.cues, topic: a.topic, sentenceStart: base + s.start });
    const p = structure.paragraphs[spanIndexAt(structure.paragraphs, q.start)] ?? s;
    places.push({ sentence: base + s.start, paragraph: base + p.start });
    return {
      id: idOf(q),
      doc,
      doc_sha256: sha,
      province: meta.province,
      city: meta.city,
      district: meta.district,
      street: meta.street,
      division_code: meta.division_code,
      year: meta.year,
      period: meta.period,
      metric: a.metric,
      subject: a.subject,
      value: q.value,
      value_max: q.valueMax ?? null,
      unit: a.unit,
      measure: q.measure,
      approx: q.approx,
      total: a.total,
      part_of: a.partOf === null ? null : idOf(kept[a.partOf]!),
      text: text.slice(q.start, q.end),
      start: base + q.start,
      end: base + q.end,
      sentence: lastSentenceText,
      rule: a.rule,
    };
  });
  return { facts, places, explanations, rejected };
}

/** The headline figure of each metric among a document's facts (src/tables/headline.ts). */
export function documentHeadlines(facts: readonly Fact[], places: readonly Place[], rules: RuleSet): Headline[] {
  return chooseHeadlines(facts, places, rules.metrics.map((m) => m.id), rules.sections.headline);
}

/** One warning per document (or part of a giant file) for the numbers left out as too large to be figures. */
export function tooLargeDiagnostic(rejected: Rejection[], text: string, base: number): Diagnostic | null {
  const big = rejected.filter((r) => r.code === TOO_LARGE.code);
  if (!big.length) return null;
  const first = big[0]!.candidate;
  const written = text.slice(first.start, first.end);
  return {
    code: 'NUMBER_TOO_LARGE',
    args: { count: big.length, text: written.length > 24 ? `${written.slice(0, 20)}…(${written.length} characters)` : written, start: base + first.start },
    stage: 'extract',
  };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function processDocument(
  doc: string,
  bytes: Uint8Array,
  ctx: PipelineContext,
  opts: { keepText?: boolean } = {},
): DocResult {
  const sha = sha256(bytes);
  const base = { doc, doc_sha256: sha };
  const read = readDocument(bytes, doc);
  if (!read.ok) return { ...base, ok: false, meta: null, facts: [], headlines: [], diagnostics: [{ ...read.diagnostic, doc }] };
  const { text, norm } = read.doc;
  const diagnostics: Diagnostic[] = read.doc.diagnostics.map((d) => ({ ...d, doc, stage: d.stage ?? 'decode' }));
  const structure = analyzeStructure(norm, ctx.rules.sections);
  if (structure.paragraphs.length === 0) diagnostics.push({ code: 'NO_BODY_FOUND', args: {}, doc, stage: 'extract' });
  const metaResult = extractMetadata(norm, structure, ctx.rules.meta, ctx.divisions, doc);
  diagnostics.push(...metaResult.diagnostics.map((d) => ({ ...d, doc })));
  const meta = metaResult.meta;
  const { facts, places, explanations, rejected } = extractFacts(doc, sha, text, norm, structure, meta, ctx.rules, 0, opts.keepText);
  const tooLarge = tooLargeDiagnostic(rejected, text, 0);
  if (tooLarge) diagnostics.push({ ...tooLarge, doc });
  const result: DocResult = { ...base, ok: true, meta, facts, headlines: documentHeadlines(facts, places, ctx.rules), diagnostics };
  if (opts.keepText) {
    result.text = text;
    result.explanations = explanations;
    result.rejected = rejected;
  }
  return result;
}
