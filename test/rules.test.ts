// Rule files: every built-in file loads and its examples pass; the schema refuses
// malformed rules with the file, the path inside it and the reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, parseRuleFile, type RuleError } from '../src/rules/load.js';
import { setup } from '../src/setup.js';

const CONTRACT_METRICS = [
  'mediation.cases', 'mediation.succeeded', 'mediation.success_rate', 'mediation.amount', 'mediation.people',
  'mediation.judicial_confirmations', 'counsel.contracts_reviewed', 'counsel.legal_opinions', 'counsel.legality_reviews',
  'counsel.consultations', 'legal_aid.cases', 'legal_aid.consultations', 'legal_aid.recovered_amount', 'petition.visitors',
  'petition.cases', 'petition.closed', 'petition.closure_rate', 'reconsideration.cases', 'reconsideration.closed',
  'litigation.cases', 'litigation.lost', 'enforcement.cases_filed', 'enforcement.penalty_amount',
  'enforcement.certified_rate', 'publicity.events', 'publicity.lectures', 'publicity.audience', 'corrections.persons',
  'notary.cases', 'oversight.npc_suggestions', 'oversight.cppcc_proposals',
];

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lawreport-rules-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}

const GOOD_FAMILY = `version: 1
kind: metrics
family: housing
topic: [住房保障]
metrics:
  - { id: housing.units, unit: item, label: 住房套数, description: "housing units allocated" }
rules:
  - id: housing.units.cue
    metric: housing.units
    accepts: [item]
    left: '(保障性住房|公租房)'
    examples:
      - { in: 全年分配公租房320套。, out: { value: 320 } }
      - { in: 全年建成道路5条。, out: null }
`;

describe('built-in rules', () => {
  it('load, validate and pass their inline examples', () => {
    const s = setup({ divisions: false });
    if (!s.ok) throw new Error(s.errors.map((e) => `${e.file}: ${e.path}: ${e.message}`).join('\n'));
    expect(s.ctx.rules.rules.length).toBeGreaterThan(30);
  });

  it('declare every metric of the contract, with rules for each', () => {
    const r = loadRules();
    if (!r.ok) throw new Error('rules do not load');
    const ids = r.rules.metrics.map((m) => m.id);
    for (const m of CONTRACT_METRICS) {
      expect(ids, m).toContain(m);
      expect(r.rules.rules.some((x) => x.metric === m), `no rule produces ${m}`).toBe(true);
    }
  });
});

// [file body, expected error count, a path the errors must name]
const SCHEMA_TABLE: Array<[string, string, number, string?]> = [
  ['good family', GOOD_FAMILY, 0],
  ['unknown key', GOOD_FAMILY.replace('priority', 'x').replace("    accepts: [item]\n", '    accepts: [item]\n    colour: red\n'), 1, 'rules -> 0'],
  ['bad unit class', GOOD_FAMILY.replace('accepts: [item]', 'accepts: [pieces]'), 1, 'rules -> 0 -> accepts -> 0'],
  ['pattern does not compile', GOOD_FAMILY.replace("'(保障性住房|公租房)'", "'(保障性住房|公租房'"), 1, 'rules -> 0 -> left'],
  ['no examples', GOOD_FAMILY.replace(/    examples:[\s\S]*$/, ''), 1, 'rules -> 0 -> examples'],
  ['bad rule id', GOOD_FAMILY.replace('id: housing.units.cue', 'id: Housing Units'), 1, 'rules -> 0 -> id'],
  ['rule without any condition', GOOD_FAMILY.replace("    left: '(保障性住房|公租房)'\n", ''), 1, 'rules -> 0'],
  ['metric without a label', GOOD_FAMILY.replace(' label: 住房套数,', ''), 1, 'metrics -> 0 -> label'],
  ['wrong version', GOOD_FAMILY.replace('version: 1', 'version: 2'), 1, 'version'],
  ['unknown kind', 'version: 1\nkind: nonsense\n', 1, 'kind'],
  ['YAML syntax error', 'version: 1\nkind: metrics\nfamily: [unclosed\n', 1],
];

describe('schema', () => {
  it.each(SCHEMA_TABLE)('%s', (_name, body, count, where) => {
    const errors: RuleError[] = [];
    parseRuleFile('x.yaml', body, errors);
    expect(errors.length, JSON.stringify(errors)).toBe(count);
    if (where) expect(errors[0]!.path).toBe(where);
  });
});

describe('user rule folders', () => {
  it('add a family that works end to end', () => {
    const dir = ruleDir({ 'housing.yaml': GOOD_FAMILY });
    const s = setup({ rulesDirs: [dir], divisions: false });
    expect(s.ok).toBe(true);
  });

  it('refuse an unknown metric id with file and path', () => {
    const dir = ruleDir({ 'bad.yaml': GOOD_FAMILY.replace('metric: housing.units', 'metric: housing.flats') });
    const r = loadRules([dir]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: path.join(dir, 'bad.yaml'), path: 'rules -> 0 -> metric' });
    expect(r.errors[0]!.message).toMatch(/unknown metric id housing\.flats/);
  });

  it('report every error of every file, not just the first', () => {
    const dir = ruleDir({
      'a.yaml': GOOD_FAMILY.replace('accepts: [item]', 'accepts: [pieces]'),
      'b.yaml': GOOD_FAMILY.replace('family: housing', 'family: housing_b').replace(/housing\.units/g, 'housing_b.units').replace("'(保障性住房|公租房)'", "'('"),
    });
    const r = loadRules([dir]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(new Set(r.errors.map((e) => path.basename(e.file)))).toEqual(new Set(['a.yaml', 'b.yaml']));
  });

  it('refuse a rule whose inline example fails, naming the example', () => {
    const dir = ruleDir({ 'housing.yaml': GOOD_FAMILY.replace('out: { value: 320 }', 'out: { value: 999 }') });
    const s = setup({ rulesDirs: [dir], divisions: false });
    expect(s.ok).toBe(false);
    if (!s.ok) {
      expect(s.errors[0]!.path).toBe('rules -> housing.units.cue -> examples -> 0');
      expect(s.errors[0]!.message).toMatch(/should give housing\.units = 999/);
    }
  });

  it('refuse a duplicate rule id', () => {
    const dir = ruleDir({ 'a.yaml': GOOD_FAMILY, 'b.yaml': GOOD_FAMILY.replace('family: housing', 'family: housing_b').replace('id: housing.units, unit', 'id: housing_b.units, unit') });
    const r = loadRules([dir]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message).join('\n')).toMatch(/rule housing\.units\.cue is already defined/);
  });
});
