// One zod schema per rule-file kind. Every file starts with `version: 1` and `kind:`.
// Objects are strict: an unknown key is an error, not a silent no-op.
import { z } from 'zod';
import { unsafePattern } from './safe-pattern.js';

/**
 * A regular expression written in YAML; it must compile with the `u` flag and must not be
 * able to backtrack catastrophically (safe-pattern.ts), so no rule file can stall a run.
 */
export const Pattern = z.string().min(1).superRefine((src, ctx) => {
  try {
    new RegExp(src, 'u');
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `pattern does not compile: ${(err as Error).message}` });
    return;
  }
  const unsafe = unsafePattern(src);
  if (unsafe) ctx.addIssue({ code: 'custom', message: unsafe });
});

export const UNIT_CLASSES = [
  'case', 'document', 'item', 'time', 'person', 'person_time', 'org', 'yuan', 'percent',
  'percentage_point', 'm2', 'km2', 'mu', 'km', 'm', 'ton', 'day', 'month', 'hour', 'minute', 'year',
  // a count the contract has no class for (96.8分, 5省)
  'other',
] as const;
export const UnitClass = z.enum(UNIT_CLASSES);
export type UnitClass = z.infer<typeof UnitClass>;

export const APPROX = ['about', 'over', 'near', 'under'] as const;
export const Approx = z.enum(APPROX);
export type Approx = z.infer<typeof Approx>;

const header = { version: z.literal(1) };

export const NumeralsFile = z.object({
  ...header,
  kind: z.literal('numerals'),
  digits: z.record(z.string().length(1), z.number().int().min(0).max(9)),
  small_units: z.record(z.string().length(1), z.number().int().positive()),
  big_units: z.record(z.string().length(1), z.number().int().positive()),
  half: z.string().length(1),
  thousands_separator: z.string().length(1),
  decimal_point: z.string().length(1),
  /** the decimal point of a Chinese numeral (九十七点六): only digits may follow it */
  chinese_decimal_point: z.string().length(1).optional(),
  range_separators: z.array(z.string().length(1)).min(1),
  fraction_infix: z.string().min(1),
  tenths_suffix: z.string().length(1),
  tenths_not_before: z.string(),
}).strict();
export type NumeralsFile = z.infer<typeof NumeralsFile>;

export const ApproxFile = z.object({
  ...header,
  kind: z.literal('approx'),
  prefix: z.record(z.string().min(1), Approx),
  suffix_before_measure: z.record(z.string().length(1), Approx),
  suffix_after_measure: z.record(z.string().min(1), Approx),
  prefix_blockers: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
}).strict();
export type ApproxFile = z.infer<typeof ApproxFile>;

export const UnitEntry = z.object({
  measure: z.string().min(1),
  unit: UnitClass,
  arabic_only: z.boolean().optional(),
  keep_multiplier: z.boolean().optional(),
  scale: z.number().positive().optional(),
}).strict();
export type UnitEntry = z.infer<typeof UnitEntry>;

export const UnitsFile = z.object({
  ...header,
  kind: z.literal('units'),
  units: z.array(UnitEntry).min(1),
}).strict();
export type UnitsFile = z.infer<typeof UnitsFile>;

export const QuantityFilter = z.object({
  id: z.string().min(1),
  code: z.string().regex(/^[A-Z][A-Z_]*$/),
  description: z.string().optional(),
  before: Pattern.optional(),
  after: Pattern.optional(),
  after_number: Pattern.optional(),
  units: z.array(UnitClass).optional(),
  /** the measure word as written is one of these (九台区: 台) */
  measures: z.array(z.string().min(1)).optional(),
  value_between: z.tuple([z.number(), z.number()]).optional(),
  numeral: z.array(z.string().min(1)).optional(),
  /** the number as written matches this pattern */
  numeral_pattern: Pattern.optional(),
  /** only for numbers written in Arabic digits (true) or in Chinese numerals (false) */
  arabic: z.boolean().optional(),
  /** only for whole values (true) or only for fractional ones (false): 一年半 is a count */
  integer: z.boolean().optional(),
  /** only for ranges (true) or only for single values (false): 3-5次 is not a date */
  range: z.boolean().optional(),
  /** the candidate lies inside one of these fixed expressions (idioms: 三番五次, 千家万户) */
  within: z.array(z.string().min(2)).optional(),
  enclosed_by: z.object({
    open: z.string().length(1),
    close: z.string().length(1),
    max_length: z.number().int().positive(),
  }).strict().optional(),
}).strict().refine(
  (f) => f.before || f.after || f.after_number || f.units || f.measures || f.value_between || f.numeral || f.numeral_pattern || f.enclosed_by || f.within,
  { message: 'a filter needs at least one condition' },
);
export type QuantityFilter = z.infer<typeof QuantityFilter>;

export const QuantityFiltersFile = z.object({
  ...header,
  kind: z.literal('quantity_filters'),
  filters: z.array(QuantityFilter),
}).strict();
export type QuantityFiltersFile = z.infer<typeof QuantityFiltersFile>;

export const ChromeFile = z.object({
  ...header,
  kind: z.literal('chrome'),
  max_line_length: z.number().int().positive(),
  lines: z.array(Pattern).min(1),
}).strict();
export type ChromeFile = z.infer<typeof ChromeFile>;

/** What an inline example expects: `null` = no metric (the quantity stays `other`). */
export const ExampleOut = z.union([
  z.null(),
  z.object({ value: z.number().optional(), unit: UnitClass.optional() }).strict(),
]);

export const MetricRule = z.object({
  id: z.string().regex(/^[a-z_]+(\.[a-z0-9_-]+)+$/, 'rule ids are <family>.<slug>'),
  metric: z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'metric ids are <family>.<name>'),
  /** unit classes of quantities the rule accepts */
  accepts: z.array(UnitClass).min(1),
  /** the unit written into the fact; defaults to the quantity's own */
  unit: UnitClass.optional(),
  /**
   * what the quantity counts: the noun right before the number (出具合法性审查意见书|160份) or,
   * when the number modifies what follows, the noun right after it (提出6份|意见). The
   * strongest evidence: a rule whose counted noun matches beats every cue
   */
  counts: Pattern.optional(),
  /** cue words before the number, in the quantity's own stretch of the clause */
  left: Pattern.optional(),
  /** cue words after the number, up to the end of the clause */
  right: Pattern.optional(),
  /** a word that must govern the quantity from earlier in its sentence (审查 … 合同19件) */
  governor: Pattern.optional(),
  /** the passage must be about this family (see `topic` of the family files) */
  topic: z.string().optional(),
  /**
   * how close the topic word must be: anywhere before it in the paragraph or its headings
   * (passage), or in its own or the previous sentence or the paragraph's own heading (near)
   */
  topic_scope: z.enum(['passage', 'near']).default('passage'),
  /** vetoes: a match in the quantity's own stretch (left or right) stops the rule */
  unless: Pattern.optional(),
  /**
   * vetoes that speak for the whole sentence: a match anywhere in it before the quantity stops
   * the rule (区纪检监察机关受理信访举报164件，…，立案72件: a discipline case, not enforcement)
   */
  unless_sentence: Pattern.optional(),
  priority: z.number().int().default(0),
  examples: z.array(z.object({ in: z.string().min(1), out: ExampleOut }).strict()).min(1),
}).strict().refine((r) => r.counts || r.left || r.right || r.governor || r.topic, {
  message: 'a rule needs at least one of counts, left, right, governor or topic',
});
export type MetricRule = z.infer<typeof MetricRule>;

export const MetricDecl = z.object({
  id: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  unit: UnitClass,
  /** the metric's name in Chinese: column headers and metric names with --labels zh, the report's charts */
  label: z.string().min(1),
  description: z.string().min(1),
}).strict();
export type MetricDecl = z.infer<typeof MetricDecl>;

export const MetricsFile = z.object({
  ...header,
  kind: z.literal('metrics'),
  family: z.string().regex(/^[a-z_]+$/),
  /** where the family's metrics stand among the summary's columns (lower first) */
  order: z.number().int().default(1000),
  /** words that put a passage on this family's subject */
  topic: z.array(z.string().min(1)).default([]),
  metrics: z.array(MetricDecl).default([]),
  rules: z.array(MetricRule).default([]),
}).strict();
export type MetricsFile = z.infer<typeof MetricsFile>;

export const SectionsFile = z.object({
  ...header,
  kind: z.literal('sections'),
  /** heading patterns, outermost level first */
  heading_levels: z.array(Pattern).min(1),
  /** headings of parts that plan future work: their figures are targets, not results */
  plan_headings: Pattern,
  /** words that mark a figure as a total */
  total_markers: Pattern,
  /** words that open a part of the preceding total */
  part_markers: Pattern,
  /** a 其中 part whose own words match this does not take its total's metric */
  part_keeps_own: Pattern,
  /** function words between a counted noun and its number (共, 达, 为, 了 …), matched at the end of the stretch */
  counted_trailing: Pattern,
  /** words before a figure that make it a target, plan or threshold, not a result (its metric stays `other`) */
  target_markers: Pattern,
  /** how the headline statement of a family is found (src/tables/headline.ts) */
  headline: z.object({
    /** words that make a sentence about the reporting unit as a whole (全区, 我区, 辖区) */
    scope: Pattern,
    /** words that make it about one programme, office or campaign (专项, 工作室) */
    narrow: Pattern,
  }).strict(),
  /** the word that distributes a list of values over a list of subjects */
  distributive: z.string().min(1),
  /** separators between the items of a list */
  list_separators: Pattern,
}).strict();
export type SectionsFile = z.infer<typeof SectionsFile>;

export const PERIODS = ['annual', 'H1', 'H2', 'Q1', 'Q2', 'Q3', 'Q4', 'Q1-Q3', 'unknown'] as const;
export const DOC_TYPES = ['annual_report', 'half_year_summary', 'work_plan', 'other', 'not_report'] as const;

/** A pattern that captures a named group (`unit`, `year`): what the rule reads from its match. */
const PatternWith = (group: string) => Pattern.refine((src) => src.includes(`(?<${group}>`), { message: `pattern must capture a group named ${group}: (?<${group}>...)` });
const LevelPatterns = z.object({ street: Pattern, district: Pattern, city: Pattern, province: Pattern }).strict();

export const MetaUnit = z.object({
  /** a unit named this way is the State Council (or the central government): a national report */
  national: Pattern,
  /** the report naming its own unit (我代表X人民政府, 现将X…报告如下); group `unit` */
  declarations: z.array(PatternWith('unit')).min(1),
  /** the subject of an opening sentence (2022年，兴庆区坚持…); group `unit` */
  subject: PatternWith('unit'),
  /** what may follow the place names of a subject (司法局, 人民政府, 司法行政系统): 广西首个法治文化餐厅 is no subject */
  subject_tail: Pattern,
  /** the report is a department's (区司法局, 司法所): its level is `department`, its unit the government above */
  department: Pattern,
  /** a salutation line to the superior (哈尔滨市人民政府：): names the parent, never the unit; group `unit` */
  addressee: PatternWith('unit'),
  /** a unit named by its level only (区司法局, 我镇, 市政府), matched at the start of the captured words */
  levels: LevelPatterns,
  /** words by which a report speaks of its own level (我镇, 全县), counted in the opening when nothing names the unit */
  self_words: LevelPatterns,
  /** 全区 in these provinces (autonomous regions) may mean the region, not a district */
  region_provinces: z.array(z.string().min(2)),
  /** words after a place name that its last character may join (区委, 区政府): still a mention of the place */
  continuation: Pattern,
  /** names in the tables that are also everyday phrases (老城区): they need an ancestor named in the text or an authoritative source */
  everyday_names: z.array(z.string().min(2)),
  /** an unlisted street or town named by the report itself (not in the tables): kept as written */
  unlisted_street: PatternWith('name'),
  /** renamed units and functional areas: the name and the code it stands for */
  aliases: z.array(z.object({
    name: z.string().min(2),
    code: z.string().regex(/^[0-9]{2,9}$/),
    /** why, when the alias stands for a larger unit (a functional area with no code of its own) */
    note: z.string().optional(),
  }).strict()),
}).strict();

export const MetaYears = z.object({
  /** a report delivered to a congress in year N (政府工作报告) reviews year N−1 */
  delivered: Pattern,
  /** the date a report was delivered (2023年3月5日在…人民代表大会…); group `year` */
  delivered_date: PatternWith('year'),
  /** a heading naming the year reviewed (一、2016年工作回顾, 一、2022年工作开展情况); group `year` */
  review_heading: PatternWith('year'),
  /** a heading planning a year (二、2017年工作安排): the year reviewed is the one before; group `year` */
  plan_heading: PatternWith('year'),
}).strict();

export const MetaFile = z.object({
  ...header,
  kind: z.literal('meta'),
  /** checked in order; the first that matches the title (or, failing that, the opening) wins */
  periods: z.array(z.object({ period: z.enum(PERIODS), pattern: Pattern }).strict()).min(1),
  doc_types: z.array(z.object({ type: z.enum(DOC_TYPES), pattern: Pattern }).strict()).min(1),
  /** lines that look like a report title */
  title: Pattern,
  /** chrome lines that name the publisher */
  publisher: Pattern,
  /** a page field holding the title (标题: …, 名称: …), read when no title line opens the page; group `title` */
  title_field: PatternWith('title'),
  /** how a report names its own unit, its level and its superior (src/meta/unit.ts) */
  unit: MetaUnit,
  /** which year a report covers, beyond the first year it states (src/meta/metadata.ts) */
  years: MetaYears,
  /** an opening that only reports progress so far (今年以来) and says nothing of a period: `unknown` */
  period_unknown: z.object({
    /** a first sentence opening this way reports progress so far */
    progress: Pattern,
    /** unless the opening also says this (年度, 全年, 2019年，): an annual report */
    unless: Pattern,
  }).strict(),
  /** what a government report looks like; a file without it is `not_report` */
  relevance: z.object({
    /** words of official report prose, counted in the opening */
    cues: Pattern,
    /** enough cues: this many, or this many per 100 Han characters (a short text) */
    min_cues: z.number().int().positive(),
    min_density: z.number().positive(),
    /** share of Han characters among the opening's non-space characters */
    min_han_share: z.number().min(0).max(1),
  }).strict(),
}).strict();
export type MetaFile = z.infer<typeof MetaFile>;

/** Chinese names of output columns and coded values, for --labels zh (metric names are beside each metric). */
export const LabelsFile = z.object({
  ...header,
  kind: z.literal('labels'),
  columns: z.record(z.string().min(1), z.string().min(1)),
  /** the workbook's sheet names (facts, summary, metrics, units) */
  sheets: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** per column, the name of each coded value (period: { H1: 上半年 }) */
  values: z.record(z.string().min(1), z.record(z.string().min(1), z.string().min(1))).default({}),
}).strict();
export type LabelsFile = z.infer<typeof LabelsFile>;

export const FILE_KINDS = {
  numerals: NumeralsFile,
  approx: ApproxFile,
  units: UnitsFile,
  quantity_filters: QuantityFiltersFile,
  chrome: ChromeFile,
  metrics: MetricsFile,
  sections: SectionsFile,
  meta: MetaFile,
  labels: LabelsFile,
} as const;
export type FileKind = keyof typeof FILE_KINDS;
