// What a command needs of the rules, loaded lazily. An extract with the built-in rules alone
// reads the rules snapshot (rules/snapshot.ts) and compiles it: neither the YAML parser nor
// the schemas are loaded, which is most of a small run's start-up. Everything else goes
// through setup(), loaded when it is first asked for.
import type { SetupOptions, SetupResult } from '../setup.js';

export async function loadSetup(): Promise<(opts?: SetupOptions) => SetupResult> {
  return (await import('../setup.js')).setup;
}

/** The rules of an extract run (examples and tokenizer are the workers'; divisions too). */
export async function runSetup(rulesDirs: string[]): Promise<SetupResult> {
  if (rulesDirs.length === 0) {
    const [{ readSnapshot }, { compileRuleSet }] = await Promise.all([import('../rules/snapshot.js'), import('../rules/compile.js')]);
    const files = readSnapshot();
    if (files) return { ok: true, ctx: { rules: compileRuleSet(files), divisions: null } };
  }
  return (await loadSetup())({ rulesDirs, tokenizer: false, divisions: false });
}
