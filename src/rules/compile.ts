// Turns validated rule files into the compiled rule set the pipeline runs on.
// Pure: no file system here (loading lives in load.ts).
import { compileLexicon, type Lexicon } from '../quantities/lexicon.js';
import type {
  ApproxFile, ChromeFile, LabelsFile, MetaFile, MetricDecl, MetricRule, MetricsFile, NumeralsFile,
  QuantityFilter, SectionsFile, UnitEntry,
} from './schema.js';

export interface CompiledFilter {
  id: string;
  code: string;
  before?: RegExp;
  after?: RegExp;
  afterNumber?: RegExp;
  units?: Set<string>;
  measures?: Set<string>;
  valueBetween?: [number, number];
  numeral?: Set<string>;
  numeralPattern?: RegExp;
  enclosedBy?: { open: string; close: string; maxLength: number };
  within?: string[];
  arabic?: boolean;
  integer?: boolean;
  range?: boolean;
}

export interface CompiledSections {
  chrome: { maxLineLength: number; lines: RegExp[] };
  headingLevels: RegExp[];
  planHeadings: RegExp;
  totalMarkers: RegExp;
  partMarkers: RegExp;
  partKeepsOwn: RegExp;
  countedTrailing: RegExp;
  targetMarkers: RegExp;
  headline: { scope: RegExp; narrow: RegExp };
  distributive: string;
  listSeparators: RegExp;
}

type MetaLevel = 'street' | 'district' | 'city' | 'province';

export interface CompiledMeta {
  periods: Array<{ period: MetaFile['periods'][number]['period']; pattern: RegExp }>;
  docTypes: Array<{ type: MetaFile['doc_types'][number]['type']; pattern: RegExp }>;
  title: RegExp;
  publisher: RegExp;
  titleField: RegExp;
  unit: {
    national: RegExp;
    /** global: every match in a stretch */
    declarations: RegExp[];
    subject: RegExp;
    subjectTail: RegExp;
    addressee: RegExp;
    department: RegExp;
    levels: Record<MetaLevel, RegExp>;
    /** global: counted */
    selfWords: Record<MetaLevel, RegExp>;
    regionProvinces: Set<string>;
    continuation: RegExp;
    everydayNames: Set<string>;
    unlistedStreet: RegExp;
    aliases: Array<{ name: string; code: string; note: string }>;
  };
  years: { delivered: RegExp; deliveredDate: RegExp; reviewHeading: RegExp; planHeading: RegExp };
  periodUnknown: { progress: RegExp; unless: RegExp };
  relevance: { cues: RegExp; minCues: number; minDensity: number; minHanShare: number };
}

export function compileMeta(m: MetaFile): CompiledMeta {
  const r = (src: string) => new RegExp(src, 'u');
  const g = (src: string) => new RegExp(src, 'gu');
  const byLevel = (x: MetaFile['unit']['levels'], f: (src: string) => RegExp) =>
    ({ street: f(x.street), district: f(x.district), city: f(x.city), province: f(x.province) });
  return {
    periods: m.periods.map((p) => ({ period: p.period, pattern: r(p.pattern) })),
    docTypes: m.doc_types.map((d) => ({ type: d.type, pattern: r(d.pattern) })),
    title: r(m.title),
    publisher: r(m.publisher),
    titleField: r(m.title_field),
    unit: {
      national: r(m.unit.national),
      declarations: m.unit.declarations.map((src) => new RegExp(src, 'dgu')),
      subject: new RegExp(m.unit.subject, 'du'),
      subjectTail: r(m.unit.subject_tail),
      addressee: new RegExp(m.unit.addressee, 'du'),
      department: r(m.unit.department),
      levels: byLevel(m.unit.levels, r),
      selfWords: byLevel(m.unit.self_words, g),
      regionProvinces: new Set(m.unit.region_provinces),
      continuation: r(m.unit.continuation),
      everydayNames: new Set(m.unit.everyday_names),
      unlistedStreet: r(m.unit.unlisted_street),
      aliases: m.unit.aliases.map((a) => ({ name: a.name, code: a.code, note: a.note ?? '' })),
    },
    years: {
      delivered: r(m.years.delivered),
      deliveredDate: r(m.years.delivered_date),
      reviewHeading: r(m.years.review_heading),
      planHeading: r(m.years.plan_heading),
    },
    periodUnknown: { progress: r(m.period_unknown.progress), unless: r(m.period_unknown.unless) },
    relevance: {
      cues: g(m.relevance.cues), minCues: m.relevance.min_cues, minDensity: m.relevance.min_density, minHanShare: m.relevance.min_han_share,
    },
  };
}

export interface CompiledRule {
  id: string;
  metric: string;
  family: string;
  accepts: Set<string>;
  unit?: string;
  /** `counts` at the end of the phrase before the number, and near the start of the phrase after it */
  countsBefore?: RegExp;
  countsAfter?: RegExp;
  left?: RegExp;
  right?: RegExp;
  governor?: RegExp;
  topic?: string;
  topicNear: boolean;
  unless?: RegExp;
  unlessSentence?: RegExp;
  priority: number;
  order: number;
  source: MetricRule;
  file: string;
}

export interface Labels {
  columns: Record<string, string>;
  sheets: Record<string, string>;
  values: Record<string, Record<string, string>>;
  metrics: Record<string, string>;
}

export interface TopicWord {
  word: string;
  family: string;
}

export interface RuleSet {
  lexicon: Lexicon;
  filters: CompiledFilter[];
  sections: CompiledSections;
  meta: CompiledMeta;
  /** declared metrics in declaration order (the summary's columns) */
  metrics: Array<MetricDecl & { family: string }>;
  rules: CompiledRule[];
  /** the rules that accept each unit class, in rule order */
  rulesByUnit: Map<string, CompiledRule[]>;
  /** topic words, longest first */
  topics: TopicWord[];
  /** Chinese names for --labels zh: of columns, of coded values per column, of metrics */
  labels: Labels;
  /** the built-in rules only, as validated at build time: their inline examples need not run again */
  verified: boolean;
  /** every file the set was built from */
  files: string[];
  /** what it was compiled from (handed to worker threads, which compile it again) */
  input: RuleFiles;
}

export interface RuleFiles {
  numerals: NumeralsFile;
  approx: ApproxFile;
  units: UnitEntry[];
  filters: QuantityFilter[];
  chrome: ChromeFile;
  sections: SectionsFile;
  meta: MetaFile;
  labels: LabelsFile;
  metrics: Array<{ file: string; data: MetricsFile }>;
  /** the built-in rules exactly as validated at build time, their examples passed (snapshot.ts) */
  verified?: boolean;
  files: string[];
}

const re = (src: string) => new RegExp(src, 'u');
/** How many characters of modifiers may stand between a number and the noun after it it counts (6项|重大行政|决策). */
const COUNTED_AFTER_LEAD = 8;
const opt = (src: string | undefined) => (src === undefined ? undefined : re(src));

export function compileRuleSet(f: RuleFiles): RuleSet {
  const filters: CompiledFilter[] = f.filters.map((x) => ({
    id: x.id,
    code: x.code,
    before: opt(x.before),
    after: opt(x.after),
    afterNumber: opt(x.after_number),
    units: x.units ? new Set(x.units) : undefined,
    measures: x.measures ? new Set(x.measures) : undefined,
    valueBetween: x.value_between,
    numeral: x.numeral ? new Set(x.numeral) : undefined,
    numeralPattern: opt(x.numeral_pattern),
    within: x.within,
    arabic: x.arabic,
    integer: x.integer,
    range: x.range,
    enclosedBy: x.enclosed_by
      ? { open: x.enclosed_by.open, close: x.enclosed_by.close, maxLength: x.enclosed_by.max_length }
      : undefined,
  }));
  const metrics: RuleSet['metrics'] = [];
  const rules: CompiledRule[] = [];
  const topics: TopicWord[] = [];
  let order = 0;
  const families = [...f.metrics].sort((a, b) => a.data.order - b.data.order);
  for (const { file, data } of families) {
    for (const m of data.metrics) metrics.push({ ...m, family: data.family });
    for (const word of data.topic) topics.push({ word, family: data.family });
    for (const r of data.rules) {
      rules.push({
        id: r.id,
        metric: r.metric,
        family: data.family,
        accepts: new Set(r.accepts),
        unit: r.unit,
        countsBefore: r.counts === undefined ? undefined : re(`(?:${r.counts})$`),
        countsAfter: r.counts === undefined ? undefined : re(`^[^,，。;；:：、()（）]{0,${COUNTED_AFTER_LEAD}}?(?:${r.counts})`),
        left: opt(r.left),
        right: opt(r.right),
        governor: opt(r.governor),
        topic: r.topic,
        topicNear: r.topic_scope === 'near',
        unless: opt(r.unless),
        unlessSentence: opt(r.unless_sentence),
        priority: r.priority,
        order: order++,
        source: r,
        file,
      });
    }
  }
  topics.sort((a, b) => b.word.length - a.word.length);
  const rulesByUnit = new Map<string, CompiledRule[]>();
  for (const r of rules) {
    for (const u of r.accepts) {
      const list = rulesByUnit.get(u) ?? [];
      list.push(r);
      rulesByUnit.set(u, list);
    }
  }
  return {
    rulesByUnit,
    lexicon: compileLexicon(f.numerals, f.approx, f.units),
    filters,
    sections: {
      chrome: { maxLineLength: f.chrome.max_line_length, lines: f.chrome.lines.map(re) },
      headingLevels: f.sections.heading_levels.map(re),
      planHeadings: re(f.sections.plan_headings),
      totalMarkers: re(f.sections.total_markers),
      partMarkers: re(f.sections.part_markers),
      partKeepsOwn: re(f.sections.part_keeps_own),
      countedTrailing: re(`(?:${f.sections.counted_trailing})$`),
      targetMarkers: re(f.sections.target_markers),
      headline: { scope: re(f.sections.headline.scope), narrow: re(f.sections.headline.narrow) },
      distributive: f.sections.distributive,
      listSeparators: new RegExp(f.sections.list_separators, 'gu'),
    },
    meta: compileMeta(f.meta),
    metrics,
    rules,
    topics,
    verified: f.verified === true,
    labels: { columns: f.labels.columns, sheets: f.labels.sheets, values: f.labels.values, metrics: Object.fromEntries(metrics.map((m) => [m.id, m.label])) },
    files: f.files,
    input: f,
  };
}
