// The rules version a document is stored with: a digest of every rule file (the built-in
// folder and each --rules folder, as rules/snapshot.ts digests them: the YAML and the
// tokenizer's word list, names and bytes in a fixed order) and of lawreport's own version
// (package.json). A document stored under another rules version is extracted again.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILTIN_RULES_DIR } from '../rules/paths.js';
import { rulesDigest } from '../rules/snapshot.js';

export interface RulesVersion {
  /** what documents are stored with: digest and tool version together */
  version: string;
  /** the rule files' digest alone */
  digest: string;
  /** lawreport's version (package.json) */
  tool: string;
}

let toolVersion: string | null = null;

/** lawreport's version, from its package.json. */
export function lawreportVersion(): string {
  toolVersion ??= (JSON.parse(readFileSync(path.join(BUILTIN_RULES_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version;
  return toolVersion;
}

/** The rules version of the built-in rules plus these --rules folders (in the order given). */
export function rulesVersion(rulesDirs: readonly string[]): RulesVersion {
  // each folder's digest as the rules snapshot takes it (the rule files and the tokenizer's word list)
  const digest = createHash('sha256').update([BUILTIN_RULES_DIR, ...rulesDirs].map((dir) => rulesDigest(dir)).join('\u0000')).digest('hex');
  const tool = lawreportVersion();
  const version = `${tool}+${createHash('sha256').update(`${tool}\u0000${digest}`).digest('hex').slice(0, 16)}`;
  return { version, digest, tool };
}
