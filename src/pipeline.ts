// read → segment → quantities (scan, select) → attribute → facts, for one document.
// A pure function of the file's bytes, its name and the loaded rules, so documents can
// run in any order, in parallel, and stream.
import { createHash } from 'node:crypto';
import { attribute } from './attribute/attribute.js';
import type { Diagnostic } from './diagnostics.js';
import type { DivisionIndex } from './meta/divisions.js';
import { extractMetadata, resolveUnit, type DocMeta, type UnitEvidence } from './meta/metadata.js';
import { scanCandidates, type Candidate } from './quantities/scan.js';
import { selectQuantities, type Rejection } from './quantities/select.js';
import { readDocument } from './reader/read-document.js';
import type { RuleSet } from './rules/compile.js';
import { analyzeStructure, spanIndexAt, type Structure } from './segment/structure.js';

export const FACT_FIELDS = [
  'id', 'doc', 'doc_sha256', 'province', 'city', 'district', 'street', 'division_code', 'year', 'period',
  'metric', 'subject', 'value', 'value_max', 'unit', 'measure', 'approx', 'total', 'part_of', 'text',
  'start', 'end', 'sentence', 'rule',
] as const;

export interface Fact {
  id: string;
  doc: string;
  doc_sha256: string;
  province: string;
  city: string;
  district: string;
  street: string;
  division_code: string;
  year: number | null;
  period: string;
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
  /** present when asked for (explain, tests): the decoded text and per-fact explanations */
  text?: string;
  explanations?: Explanation[];
  rejected?: Rejection[];
  /** when the unit is resolved elsewhere (the main thread of a pool): what to resolve it from */
  unitEvidence?: UnitEvidence;
  bytes: number;
}

export interface PipelineContext {
  rules: RuleSet;
  divisions: DivisionIndex | null;
}

const SENTENCE_MAX = 300;

const UNIT_FIELDS = ['province', 'city', 'district', 'street', 'division_code'] as const;

/** Resolves the reporting unit of a result whose unit was deferred, and stamps it on its facts. */
export function applyUnit(r: DocResult, divisions: DivisionIndex): DocResult {
  if (!r.meta || !r.unitEvidence) return r;
  const notes = r.meta.meta_note ? [r.meta.meta_note] : [];
  const diagnostics = resolveUnit(divisions, r.unitEvidence, r.meta, notes).map((d) => ({ ...d, doc: r.doc }));
  r.meta.meta_note = notes.join('; ');
  for (const f of r.facts) for (const k of UNIT_FIELDS) f[k] = r.meta[k];
  r.diagnostics.push(...diagnostics);
  delete r.unitEvidence;
  return r;
}

/** The quantities of a normalized text, after the filters (shared by extract and eval). */
export function findQuantities(norm: string, structure: Structure, rules: RuleSet): { kept: Candidate[]; rejected: Rejection[] } {
  const candidates: Candidate[] = [];
  for (const p of structure.paragraphs) candidates.push(...scanCandidates(norm, rules.lexicon, p.start, p.end));
  return selectQuantities(candidates, norm, rules.filters);
}

export function processDocument(
  doc: string,
  bytes: Uint8Array,
  ctx: PipelineContext,
  opts: { keepText?: boolean; deferUnit?: boolean } = {},
): DocResult {
  const sha = createHash('sha256').update(bytes).digest('hex');
  const base = { doc, doc_sha256: sha, bytes: bytes.length };
  const read = readDocument(bytes, doc);
  if (!read.ok) return { ...base, ok: false, meta: null, facts: [], diagnostics: [{ ...read.diagnostic, doc }] };
  const { text, norm } = read.doc;
  const diagnostics: Diagnostic[] = read.doc.diagnostics.map((d) => ({ ...d, doc, stage: d.stage ?? 'decode' }));
  const structure = analyzeStructure(norm, ctx.rules.sections);
  if (structure.paragraphs.length === 0) diagnostics.push({ code: 'NO_BODY_FOUND', args: {}, doc, stage: 'extract' });
  const metaResult = extractMetadata(norm, structure, ctx.rules.meta, ctx.divisions);
  diagnostics.push(...metaResult.diagnostics.map((d) => ({ ...d, doc })));
  const meta = metaResult.meta;
  const { kept, rejected } = findQuantities(norm, structure, ctx.rules);
  const attributions = attribute(norm, structure, kept, ctx.rules);
  const idOf = (q: Candidate) => `${sha.slice(0, 12)}:${q.start}`;
  const explanations: Explanation[] = [];
  const facts: Fact[] = kept.map((q, i) => {
    const a = attributions[i]!;
    const s = structure.sentences[spanIndexAt(structure.sentences, q.start)] ?? { start: q.start, end: q.end };
    explanations.push({ cues: a.cues, topic: a.topic, sentenceStart: s.start });
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
      start: q.start,
      end: q.end,
      sentence: text.slice(s.start, Math.min(s.end, s.start + SENTENCE_MAX)).trim(),
      rule: a.rule,
    };
  });
  const result: DocResult = { ...base, ok: true, meta, facts, diagnostics };
  if (opts.deferUnit) result.unitEvidence = metaResult.evidence;
  if (opts.keepText) {
    result.text = text;
    result.explanations = explanations;
    result.rejected = rejected;
  }
  return result;
}
