// The real CLI, as a child process, on the fixtures.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FACT_FIELDS } from '../src/pipeline.js';
import { parseGoldJsonl, score, type PredictedFact } from '../src/eval/score.js';
import { ROOT } from './helpers.js';
import { BIN, cli } from './run-cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-cli-'));

type Row = Record<string, string | number | boolean | null>;
const find = (rows: Row[], doc: string, metric: string, value: number) =>
  rows.find((r) => String(r.doc).includes(doc) && r.metric === metric && Number(r.value) === value);

const SEED_VALUES: Array<[string, string, number]> = [
  ['000_', 'mediation.cases', 323],
  ['000_', 'mediation.success_rate', 0.97],
  ['000_', 'mediation.amount', 78390000],
  ['000_', 'counsel.contracts_reviewed', 639],
  ['001_', 'counsel.contracts_reviewed', 3621],
  ['002_', 'mediation.cases', 617],
  ['003_', 'mediation.success_rate', 0.997],
];

describe('lawreport extract', () => {
  it('prints JSON Lines fact records with every contract field', async () => {
    const r = await cli(['extract', 'fixtures/reports', '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    expect(rows.length).toBeGreaterThan(200);
    for (const row of rows) expect(Object.keys(row)).toEqual([...FACT_FIELDS]);
    for (const [doc, metric, value] of SEED_VALUES) expect(find(rows, doc, metric, value), `${doc} ${metric} ${value}`).toBeDefined();
    expect(r.stderr).toBe(''); // the closing line only on a terminal: a pipe stays quiet
  });

  it('prints CSV that parses, with the contract columns', async () => {
    const r = await cli(['extract', 'fixtures/reports', '-f', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Row[];
    expect(Object.keys(rows[0]!)).toEqual([...FACT_FIELDS]);
    for (const [doc, metric, value] of SEED_VALUES) expect(find(rows, doc, metric, value), `${doc} ${metric} ${value}`).toBeDefined();
    expect(r.stdout.charCodeAt(0)).not.toBe(0xfeff); // no BOM on a pipe
  });

  it('writes the facts, summary, metrics and units tables with --out, in each format', async () => {
    for (const fmt of ['csv', 'json', 'jsonl'] as const) {
      const out = tmp();
      const r = await cli(['extract', 'fixtures/reports', '-f', fmt, '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(out).sort()).toEqual([`facts.${fmt}`, `metrics.${fmt}`, `summary.${fmt}`, `units.${fmt}`]);
      const text = readFileSync(path.join(out, `summary.${fmt}`), 'utf8');
      const summary: Row[] =
        fmt === 'csv' ? parse(text, { columns: true, bom: true }) : fmt === 'json' ? JSON.parse(text) : text.trim().split('\n').map((l) => JSON.parse(l));
      expect(summary).toHaveLength(5);
      const s000 = summary.find((s) => String(s.doc).includes('000_'))!;
      expect(Number(s000['mediation.cases'])).toBe(323); // the total (共调解323宗), not the first mention
      expect(Number(s000['counsel.contracts_reviewed'])).toBe(639);
      expect(s000.district).toBe('南山区');
      expect(s000.street).toBe('招商街道');
      expect(String(s000.year)).toBe('2022');
      const facts = readFileSync(path.join(out, `facts.${fmt}`), 'utf8');
      if (fmt === 'csv') expect(facts.charCodeAt(0)).toBe(0xfeff); // Excel/WPS read UTF-8 CSV with a BOM
      if (fmt === 'json') expect(Array.isArray(JSON.parse(facts))).toBe(true);
    }
  });

  it('gives the same facts for a GB18030 copy and a saved page', async () => {
    const r = await cli(['extract', 'fixtures/encodings/000_gb18030.txt', 'fixtures/encodings/000_saved_page.html', 'fixtures/reports/000_c90d8c21b93b550a.txt', '-f', 'jsonl']);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    const by = (doc: string) => rows.filter((x) => String(x.doc).includes(doc)).map((x) => `${x.metric}:${x.value}`);
    expect(by('000_gb18030')).toEqual(by('000_c90d'));
    expect(by('000_saved_page')).toEqual(by('000_c90d'));
  });

  it('has help with examples on every command', async () => {
    for (const args of [['--help'], ['extract', '--help'], ['eval', '--help'], ['explain', '--help'], ['rules', '--help'], ['rules', 'check', '--help']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: lawreport/);
    }
    expect((await cli(['extract', '--help'])).stdout).toMatch(/Examples:/);
  });

  it('exits 2 on bad arguments, naming the problem', async () => {
    const r = await cli(['extract', 'fixtures/reports', '-f', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xml.*(invalid|Allowed choices)/is);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
});

describe('parallel runs', () => {
  it('--jobs 1 and --jobs 2 write byte-identical facts and summaries', async () => {
    const outs: string[][] = [];
    for (const j of [1, 2]) {
      const out = tmp();
      const r = await cli(['extract', 'fixtures/reports', 'fixtures/encodings', '-f', 'jsonl', '-o', out, '--jobs', String(j)]);
      expect(r.code, r.stderr).toBe(0);
      outs.push(['facts.jsonl', 'summary.jsonl'].map((f) => readFileSync(path.join(out, f), 'utf8')));
    }
    expect(outs[1]).toEqual(outs[0]);
  });

  it('the gold scores do not change with --jobs', async () => {
    const gold = parseGoldJsonl(readFileSync(path.join(ROOT, 'fixtures', 'gold', 'seeds.jsonl'), 'utf8'));
    const scores: Array<Array<ReturnType<typeof score>['overall']>> = [];
    for (const j of [1, 2]) {
      const out = tmp();
      await cli(['extract', 'fixtures/reports', '-f', 'jsonl', '-o', out, '--jobs', String(j)]);
      const facts = readFileSync(path.join(out, 'facts.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PredictedFact);
      scores.push([score(gold, facts, 'metric').overall, score(gold, facts, 'quantity').overall]);
    }
    expect(scores[1]).toEqual(scores[0]);
    expect(scores[0]![0]!.f1).toBeGreaterThanOrEqual(0.9);
  });
});

describe('lawreport eval', () => {
  it('prints precision, recall and F1 per metric and the metadata score', async () => {
    const r = await cli(['eval', '--gold', 'fixtures/gold/seeds.jsonl', '--meta', 'fixtures/gold/seeds-meta.tsv', 'fixtures/reports']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/metric-level: precision (0\.9\d\d|1\.000)\s+recall (0\.9\d\d|1\.000)\s+F1 (0\.9\d\d|1\.000)/);
    expect(r.stdout).toMatch(/quantity-level: precision/);
    expect(r.stdout).toMatch(/mediation\.cases\s+1\.000/);
    expect(r.stdout).toMatch(/metadata: 30\/30 fields right/);
  });

  it('emits JSON with --json and fails under --min-f1', async () => {
    const r = await cli(['eval', '--gold', 'fixtures/gold/seeds.jsonl', 'fixtures/reports', '--json']);
    const j = JSON.parse(r.stdout) as { scores: Array<{ level: string; overall: { f1: number } }> };
    expect(j.scores.map((s) => s.level)).toEqual(['metric', 'quantity']);
    expect((await cli(['eval', '--gold', 'fixtures/gold/seeds.jsonl', 'fixtures/reports', '--min-f1', '1.01'])).code).toBe(1);
  });
});

describe('lawreport explain and rules', () => {
  it('explains each fact with its rule and cues, without colour when piped', async () => {
    const r = await cli(['explain', 'fixtures/reports/000_c90d8c21b93b550a.txt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/mediation\.cases  323 case/);
    expect(r.stdout).toMatch(/\[323宗\]/);
    expect(r.stdout).toMatch(/rule mediation\.cases\.cue\s+cue「共?调解」/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect((await cli(['explain', 'fixtures/reports/000_c90d8c21b93b550a.txt', '--color'])).stdout).toMatch(/\x1b\[/);
  });

  it('lists metrics and rules, and checks a user rule folder', async () => {
    const list = await cli(['rules', 'list']);
    expect(list.stdout).toMatch(/mediation\.cases\s+\[case\]/);
    expect(list.stdout).toMatch(/mediation\.cases\.cue/);
    const dir = tmp();
    execFileSync('cp', [path.join(ROOT, 'test', 'data', 'housing.yaml'), dir]);
    const ok = await cli(['rules', 'check', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok: /);
    const out = await cli(['extract', 'test/data/housing-report.txt', '--rules', dir, '-f', 'jsonl']);
    expect(out.stdout).toMatch(/"metric":"housing\.units","subject":"[^"]*","value":320/);
  });

  it('refuses rules whose inline example fails, whatever --jobs, and writes no output', async () => {
    const dir = tmp();
    const bad = readFileSync(path.join(ROOT, 'test', 'data', 'housing.yaml'), 'utf8').replace('out: { value: 320 }', 'out: { value: 999 }');
    writeFileSync(path.join(dir, 'housing.yaml'), bad);
    for (const jobs of ['1', '2']) {
      const out = tmp();
      const r = await cli(['extract', 'fixtures/reports', '--rules', dir, '-o', out, '--jobs', jobs]);
      expect(r.code, jobs).toBe(2);
      expect(r.stderr).toMatch(/housing\.yaml: rules -> housing\.units\.cue -> examples -> 0: example failed/);
      expect(readdirSync(out), jobs).toEqual([]);
    }
  });

  it('refuses a broken rule folder before reading any document, with file and path', async () => {
    const dir = tmp();
    const bad = readFileSync(path.join(ROOT, 'test', 'data', 'housing.yaml'), 'utf8').replace('accepts: [item]', 'accepts: [pieces]');
    writeFileSync(path.join(dir, 'housing.yaml'), bad);
    const r = await cli(['extract', 'fixtures/reports', '--rules', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/housing\.yaml: rules -> 0 -> accepts -> 0: /);
    expect((await cli(['rules', 'check', dir])).code).toBe(2);
  });
});
