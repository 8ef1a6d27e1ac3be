// The built-in rules, validated once at build time: `npm run build` parses rules/ (YAML,
// zod schemas, the pattern safety check), runs every inline example and writes the result
// to dist/rules-snapshot.json with a digest of the rule files it came from. A run that
// adds no rule folder of its own reads the snapshot instead — no YAML parser, no schemas,
// no examples: a small fraction of the start-up — as long as the digest still matches the
// files (an edited rule file is parsed and checked again, as before).
//
// This module imports neither yaml nor zod: that is the point of it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuleFiles } from './compile.js';
import { BUILTIN_RULES_DIR } from './paths.js';

export const SNAPSHOT_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'rules-snapshot.json');

/** Files of a rule folder that count for its digest: the rule files and the tokenizer's word list. */
const RULE_FILE = /\.(ya?ml|utf8)$/;

/** A digest of every rule file under `dir` (names and bytes, in a fixed order). */
export function rulesDigest(dir: string = BUILTIN_RULES_DIR): string {
  const hash = createHash('sha256');
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else if (RULE_FILE.test(e.name)) hash.update(`${r}\u0000`).update(readFileSync(p)).update('\u0000');
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}

interface Snapshot {
  digest: string;
  /** the validated rule files, with paths relative to the rules folder */
  files: RuleFiles;
}

const relative = (f: RuleFiles, map: (p: string) => string): RuleFiles => ({
  ...f,
  files: f.files.map(map),
  metrics: f.metrics.map((m) => ({ ...m, file: map(m.file) })),
});

/** The snapshot's content, to be written by the build. */
export function makeSnapshot(files: RuleFiles, dir: string = BUILTIN_RULES_DIR): string {
  const snap: Snapshot = { digest: rulesDigest(dir), files: relative(files, (p) => path.relative(dir, p)) };
  return JSON.stringify(snap);
}

/**
 * The built-in rule files from the snapshot, marked verified (their examples passed at
 * build time); null when there is no snapshot or the rule files changed since it was made.
 */
export function readSnapshot(dir: string = BUILTIN_RULES_DIR): RuleFiles | null {
  let snap: Snapshot;
  try {
    snap = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Snapshot;
  } catch {
    return null; // not built yet: the rule files are parsed
  }
  if (snap.digest !== rulesDigest(dir)) return null;
  return { ...relative(snap.files, (p) => path.join(dir, p)), verified: true };
}
