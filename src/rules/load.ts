// Reads rule folders (YAML), validates every file against its kind's schema and checks
// references across files. All errors are collected, never just the first.
import { readFileSync } from 'node:fs';
import { BUILTIN_RULES_DIR } from './paths.js';
import fg from 'fast-glob';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { compileRuleSet, type RuleFiles, type RuleSet } from './compile.js';
import { readSnapshot } from './snapshot.js';
import {
  FILE_KINDS, type ApproxFile, type ChromeFile, type FileKind, type LabelsFile, type MetaFile, type MetricsFile, type NumeralsFile,
  type SectionsFile,
} from './schema.js';

export interface RuleError {
  file: string;
  /** where in the file: "rules -> 3 -> left" */
  path: string;
  message: string;
}

export type LoadResult = { ok: true; rules: RuleSet } | { ok: false; errors: RuleError[] };
export type LoadFilesResult = { ok: true; files: RuleFiles } | { ok: false; errors: RuleError[] };



function formatPath(p: ReadonlyArray<PropertyKey>): string {
  return p.length ? p.map(String).join(' -> ') : '(file)';
}

export function listRuleFiles(dir: string): string[] {
  return fg.sync(['**/*.yaml', '**/*.yml'], { cwd: dir, absolute: true, onlyFiles: true }).sort();
}

type Parsed = { [K in FileKind]: { kind: K; file: string; data: z.infer<(typeof FILE_KINDS)[K]> } }[FileKind];

/** Aliases (*name) a rule file may expand; YAML's own default, stated. */
const MAX_ALIAS_COUNT = 100;

/** Parses and validates one file. */
export function parseRuleFile(file: string, source: string, errors: RuleError[]): Parsed | null {
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(file)';
      errors.push({ file, path: where, message: `YAML: ${e.message.split('\n')[0]}` });
    }
    return null;
  }
  let raw: unknown;
  try {
    // an alias bomb (a: &a [x, x], b: &b [*a, *a], ...) would expand to billions of nodes
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const why = err instanceof ReferenceError ? `more than ${MAX_ALIAS_COUNT} alias expansions (an alias bomb?)` : (err as Error).message.split('\n')[0];
    errors.push({ file, path: '(file)', message: `YAML: ${why}` });
    return null;
  }
  if (typeof raw !== 'object' || raw === null || !('kind' in raw)) {
    errors.push({ file, path: 'kind', message: `missing "kind" (one of ${Object.keys(FILE_KINDS).join(', ')})` });
    return null;
  }
  const kind = (raw as { kind: unknown }).kind;
  if (typeof kind !== 'string' || !(kind in FILE_KINDS)) {
    errors.push({ file, path: 'kind', message: `unknown kind ${JSON.stringify(kind)} (one of ${Object.keys(FILE_KINDS).join(', ')})` });
    return null;
  }
  const schema = FILE_KINDS[kind as FileKind];
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) errors.push({ file, path: formatPath(issue.path), message: issue.message });
    return null;
  }
  return { kind, file, data: result.data } as Parsed;
}

function crossCheck(metricFiles: Array<{ file: string; data: MetricsFile }>, errors: RuleError[]): void {
  const metricIds = new Map<string, string>();
  const families = new Set(metricFiles.map((m) => m.data.family));
  for (const { file, data } of metricFiles) {
    data.metrics.forEach((m, i) => {
      if (metricIds.has(m.id)) errors.push({ file, path: `metrics -> ${i} -> id`, message: `metric ${m.id} is already declared in ${metricIds.get(m.id)}` });
      else metricIds.set(m.id, file);
    });
  }
  const ruleIds = new Map<string, string>();
  for (const { file, data } of metricFiles) {
    data.rules.forEach((r, i) => {
      if (!metricIds.has(r.metric)) errors.push({ file, path: `rules -> ${i} -> metric`, message: `unknown metric id ${r.metric} (declare it under "metrics:" of a family file)` });
      if (r.topic !== undefined && !families.has(r.topic)) errors.push({ file, path: `rules -> ${i} -> topic`, message: `unknown topic ${r.topic} (no family file has family: ${r.topic})` });
      if (ruleIds.has(r.id)) errors.push({ file, path: `rules -> ${i} -> id`, message: `rule ${r.id} is already defined in ${ruleIds.get(r.id)}` });
      else ruleIds.set(r.id, file);
    });
  }
}

/**
 * Loads the built-in rules plus any extra folders. Extra folders may add metric families,
 * filters and measure words, and may replace a single-file kind (numerals, approx, ...).
 */
export function loadRules(extraDirs: string[] = [], builtinDir = BUILTIN_RULES_DIR): LoadResult {
  const loaded = loadRuleFiles(extraDirs, builtinDir);
  return loaded.ok ? { ok: true, rules: compileRuleSet(loaded.files) } : loaded;
}

/**
 * The validated content of the rule files, before compiling: plain data, so worker threads
 * are handed it and compile it without parsing YAML or loading the schemas again.
 */
export function loadRuleFiles(extraDirs: string[] = [], builtinDir = BUILTIN_RULES_DIR, useSnapshot = true): LoadFilesResult {
  const errors: RuleError[] = [];
  // the built-in rules as validated at build time, when the files still match (snapshot.ts)
  const base = useSnapshot && builtinDir === BUILTIN_RULES_DIR ? readSnapshot(builtinDir) : null;
  if (base && extraDirs.length === 0) return { ok: true, files: base };
  const files: string[] = base ? [...base.files] : [];
  const singles: { numerals?: NumeralsFile; approx?: ApproxFile; chrome?: ChromeFile; sections?: SectionsFile; meta?: MetaFile; labels?: LabelsFile } =
    base ? { numerals: base.numerals, approx: base.approx, chrome: base.chrome, sections: base.sections, meta: base.meta, labels: base.labels } : {};
  const units: RuleFiles['units'] = base ? [...base.units] : [];
  const filters: RuleFiles['filters'] = base ? [...base.filters] : [];
  const metrics: RuleFiles['metrics'] = base ? [...base.metrics] : [];
  for (const dir of base ? extraDirs : [builtinDir, ...extraDirs]) {
    let list: string[];
    try {
      list = listRuleFiles(dir);
    } catch (err) {
      errors.push({ file: dir, path: '(folder)', message: `cannot read rule folder: ${(err as Error).message}` });
      continue;
    }
    if (list.length === 0 && dir !== builtinDir) errors.push({ file: dir, path: '(folder)', message: 'no .yaml rule files in this folder' });
    for (const file of list) {
      let source: string;
      try {
        source = readFileSync(file, 'utf8');
      } catch (err) {
        errors.push({ file, path: '(file)', message: `cannot read: ${(err as Error).message}` });
        continue;
      }
      files.push(file);
      const parsed = parseRuleFile(file, source, errors);
      if (!parsed) continue;
      switch (parsed.kind) {
        case 'units': units.push(...parsed.data.units); break;
        case 'quantity_filters': filters.push(...parsed.data.filters); break;
        case 'metrics': metrics.push({ file, data: parsed.data }); break;
        case 'numerals': singles.numerals = parsed.data; break;
        case 'approx': singles.approx = parsed.data; break;
        case 'chrome': singles.chrome = parsed.data; break;
        case 'sections': singles.sections = parsed.data; break;
        case 'meta': singles.meta = parsed.data; break;
        case 'labels': singles.labels = parsed.data; break;
      }
    }
  }
  const { numerals, approx, chrome, sections, meta, labels } = singles;
  const missing = Object.entries({ numerals, approx, chrome, sections, meta, labels }).filter(([, v]) => !v).map(([k]) => k);
  for (const kind of missing) errors.push({ file: builtinDir, path: '(folder)', message: `no rule file of kind ${kind}` });
  if (units.length === 0) errors.push({ file: builtinDir, path: '(folder)', message: 'no rule file of kind units' });
  crossCheck(metrics, errors);
  if (errors.length || !numerals || !approx || !chrome || !sections || !meta || !labels) return { ok: false, errors };
  return { ok: true, files: { numerals, approx, units, filters, chrome, sections, meta, labels, metrics, files } };
}
