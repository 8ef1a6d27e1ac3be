// Hostile and careless input (issue 15), each case through the real CLI as a child process:
// bounded time and memory per document, nothing lost, nothing partial left, safe output.
// Children are spawned without blocking this worker (vitest talks to it meanwhile), and
// waits are for something the run does (its partial output file appearing), not for a
// fixed time, with bounds generous enough for a loaded two-core machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FACT_FIELDS } from '../src/pipeline.js';
import { ROOT, fixture, tinyDisk } from './helpers.js';

const BIN = path.join(ROOT, 'bin', 'lawreport.js');
const SEED = readFileSync(fixture('reports', '000_c90d8c21b93b550a.txt'));
const SEED2 = readFileSync(fixture('reports', '001_8e524bdc3672cc84.txt'));
const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-hostile-'));
const lines = (s: string) => s.split('\n').filter(Boolean);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Starts the CLI; `done` resolves when it exits (it is killed after `timeoutMs`). */
function start(args: string[], opts: { cwd?: string; timeoutMs?: number } = {}): { child: ChildProcess; done: Promise<Run>; stderr: () => string } {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  const done = new Promise<Run>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - t0 });
    });
  });
  return { child, done, stderr: () => Buffer.concat(err).toString('utf8') };
}

const cli = (args: string[], opts: { cwd?: string; timeoutMs?: number } = {}) => start(args, opts).done;

/** Waits until `cond` holds (checked every 50 ms), failing after `timeoutMs`. */
async function waitFor(cond: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const partials = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.partial')) : []);

/** A folder holding the given files (names may be bytes); returns its path. */
function folder(files: Record<string, string | Buffer> | Array<[string | Buffer, string | Buffer]>): string {
  const dir = tmp();
  for (const [name, body] of Array.isArray(files) ? files : Object.entries(files)) {
    const p = typeof name === 'string' ? path.join(dir, name) : Buffer.concat([Buffer.from(dir + '/'), name]);
    if (typeof p === 'string') mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, body);
  }
  return dir;
}

/**
 * A rule that passes the pattern check but is slow: three bounded quantifiers side by side
 * cost about a million steps per start on a long clause (polynomial, not exponential, and
 * used for real in shorter forms such as .{0,12}). It claims quantities counted in 套.
 */
const SLOW_RULE = `version: 1
kind: metrics
family: slowfam
metrics:
  - { id: slowfam.units, unit: item, label: 套数, description: "slow but not catastrophic" }
rules:
  - id: slowfam.units.cue
    metric: slowfam.units
    accepts: [item]
    left: '[^X]{0,99}[^Y]{0,99}[^Z]{0,99}Q'
    examples:
      - { in: Q分配3套。, out: { value: 3 } }
`;
/** `n` long clauses each ending in a figure the slow rule looks at (about 0.6 s each). */
const slowDoc = (n: number) => Array.from({ length: n }, (_, i) => '全年分配住房保障工作持续推进各项任务落实到位'.repeat(8) + `${i + 1}套。\n`).join('');

const HOUSING = readFileSync(path.join(ROOT, 'test', 'data', 'housing.yaml'), 'utf8');

describe('defect 1: a rule or a document cannot stall a run', () => {
  const ATTACK = '全年分配' + 'a'.repeat(40) + 'X3套。';

  it('rules check refuses a pattern that can backtrack catastrophically, with file and path (it hung on its own example)', async () => {
    const dir = folder({
      'housing.yaml': HOUSING.replace(/left: '[^']*'/, "left: '(公租房|(a+)+$)'").replace('examples:', `examples:\n      - { in: ${ATTACK}, out: null }`),
    });
    const r = await cli(['rules', 'check', dir], { timeoutMs: 60_000 });
    expect(r.signal, 'rules check had to be killed').toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/housing\.yaml: rules -> 0 -> left: pattern can backtrack catastrophically: "\(a\+\)\+" repeats/);
  }, 90_000);

  it('extract refuses it before reading any document', async () => {
    const rules = folder({ 'housing.yaml': HOUSING.replace(/left: '[^']*'/, "left: '(公租房|(a+)+$)'") });
    const docs = folder({ 'attack.txt': ATTACK, 'good.txt': SEED });
    const r = await cli(['extract', docs, '--rules', rules, '-f', 'jsonl'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/housing\.yaml: rules -> 0 -> left: pattern can backtrack/);
  }, 90_000);

  it('a document over the time bound is skipped with one line; the others are read, the same at --jobs 1 and 2', async () => {
    const rules = folder({ 'slow.yaml': SLOW_RULE });
    const docs = folder({ 'a.txt': SEED, 'b_slow.txt': slowDoc(40), 'c.txt': SEED2 });
    const outs: string[][] = [];
    for (const jobs of ['1', '2']) {
      const out = path.join(tmp(), 'out');
      const errors = path.join(tmp(), 'errors.jsonl');
      const r = await cli(['extract', '-v', docs, '--rules', rules, '--timeout', '2', '-j', jobs, '-f', 'jsonl', '-o', out, '--errors', errors]);
      expect(r.code, r.stderr).toBe(0);
      expect(lines(r.stderr).filter((l) => l.includes('b_slow.txt'))).toEqual([
        expect.stringMatching(/b_slow\.txt: skipped \[extract\]: took longer than 2 s to extract: given up \(see --timeout\) \(DOCUMENT_TIMEOUT\)$/),
      ]);
      expect(r.stderr).toMatch(/2 of 3 files read, 1 skipped/);
      expect(readFileSync(errors, 'utf8')).toMatch(/"code":"DOCUMENT_TIMEOUT"/);
      expect(r.ms).toBeLessThan(60_000); // the slow document alone takes about 25 s
      outs.push(['facts.jsonl', 'summary.jsonl'].map((f) => readFileSync(path.join(out, f), 'utf8')));
    }
    expect(outs[1]).toEqual(outs[0]);
    expect(lines(outs[0]![0]!).length).toBeGreaterThan(47);
  }, 180_000);

  // (giving up a document while it is in the tokenizer's native code: test/long/giant.test.ts)

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('at --jobs 1, %s stops the run while a document is still matching', async (sig, code) => {
    const rules = folder({ 'slow.yaml': SLOW_RULE });
    const docs = folder({ 'a_slow.txt': slowDoc(300), 'b.txt': SEED });
    const out = path.join(tmp(), 'out');
    const run = start(['extract', docs, '--rules', rules, '-j', '1', '-o', out], { timeoutMs: 150_000 });
    // the output opens once the rules' examples passed: the slow document is running then
    await waitFor(() => partials(out).length > 0 || run.child.exitCode !== null, 'the run to start');
    expect(run.child.exitCode, run.stderr()).toBeNull();
    const t0 = Date.now();
    run.child.kill(sig);
    const r = await run.done;
    expect(r.signal, 'the run did not stop and had to be killed').toBeNull();
    expect(r.code, r.stderr).toBe(code);
    expect(Date.now() - t0).toBeLessThan(30_000); // the document alone takes over 3 minutes
    expect(r.stderr).toMatch(/interrupted after 0 of 2 files/);
    expect(readdirSync(out)).toEqual([]);
  }, 240_000);
});

describe('defect 2: no quadratic time on inputs under 2 MB', () => {
  it('reads a page nested 650,000 elements deep in seconds (it took 261 s)', async () => {
    const dir = folder({ 'nest.html': '<html><body>' + '<i>'.repeat(650_000) + '<p>街道共调解纠纷12宗。</p>' });
    const r = await cli(['extract', dir, '-f', 'jsonl'], { timeoutMs: 150_000 });
    expect(r.code, r.stderr).toBe(0);
    const facts = lines(r.stdout).map((l) => JSON.parse(l) as { text: string; sentence: string });
    expect(facts.map((f) => [f.text, f.sentence])).toEqual([['12宗', '街道共调解纠纷12宗。']]);
    expect(r.ms).toBeLessThan(60_000);
  }, 180_000);

  // [defect 2b: attribution's findParts, owned by the metric-attribution engineer] Un-skip
  // once findParts no longer walks back over every earlier quantity (it took 111 s and 1 GB).
  it('[FINDPARTS] a total followed by 150,000 parts takes linear time', async () => {
    const dir = folder({ 'parts.txt': '共调解纠纷100宗，' + '，其中3宗'.repeat(150_000) + '。' });
    const r = await cli(['extract', '-v', dir, '-f', 'csv', '-o', path.join(tmp(), 'out')], { timeoutMs: 150_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 of 1 files read, 0 skipped, 150001 facts/);
    expect(r.ms).toBeLessThan(30_000);
  }, 180_000);
});

describe('defect 3: one document out of memory fails alone', () => {
  /** `审查合同` and 100,000 figures in one sentence: 100,000 facts (about 45 MB of heap). */
  const BIG = '审查合同' + Array.from({ length: 100_000 }, (_, i) => `${i}件`).join('、') + '。';

  it('only the document over the heap bound fails, with the same output at --jobs 1 and 2', async () => {
    const files: Record<string, string | Buffer> = { 'm_big.txt': BIG };
    for (let i = 0; i < 5; i++) files[`s${String(i).padStart(2, '0')}.txt`] = i % 2 ? SEED : SEED2;
    files['a00.txt'] = SEED;
    const dir = folder(files);
    const outs: string[][] = [];
    for (const jobs of ['1', '2']) {
      const out = path.join(tmp(), 'out');
      const r = await cli(['extract', '-v', dir, '--max-memory', '24', '-j', jobs, '-f', 'jsonl', '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      const skipped = lines(r.stderr).filter((l) => /: skipped \[/.test(l));
      expect(skipped, r.stderr).toEqual([expect.stringMatching(/m_big\.txt: skipped \[extract\]: ran out of memory while extracting \(over 24 MB of heap\).*\(OUT_OF_MEMORY\)$/)]);
      expect(r.stderr).toMatch(/6 of 7 files read, 1 skipped/);
      outs.push(['facts.jsonl', 'summary.jsonl'].map((f) => readFileSync(path.join(out, f), 'utf8')));
    }
    expect(outs[1]).toEqual(outs[0]);
  }, 180_000);
});

describe('defect 4: saved pages over 2 MB', () => {
  it('are turned into text as small ones are: no tags, no scripts, no navigation', async () => {
    const body = SEED.toString('utf8').split('\n').map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n');
    const head = '<!DOCTYPE html><html><head><title>招商街道2022年法治政府建设年度报告</title><script>var total = "调解纠纷99999宗";</script><style>p { margin: 0 }</style></head><body><div class="nav">首页 调解纠纷88888宗</div>';
    const small = head + body + '</body></html>';
    const copies = Math.ceil((2.5 * 1024 * 1024) / Buffer.byteLength(body));
    const large = head + Array.from({ length: copies }, () => `<div class="article">${body}</div>`).join('\n') + '</body></html>';
    expect(Buffer.byteLength(large)).toBeGreaterThan(2 * 1024 * 1024);
    const dir = folder({ 'small.html': small, 'large.html': large });
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const facts = lines(r.stdout).map((l) => JSON.parse(l) as { doc: string; value: number; metric: string; sentence: string });
    const of = (name: string) => facts.filter((f) => f.doc.endsWith(name));
    expect(of('large.html').filter((f) => /[<>]|script|margin/.test(f.sentence))).toEqual([]);
    expect(of('large.html').filter((f) => f.value === 99999 || f.value === 88888)).toEqual([]);
    expect(of('small.html').length).toBeGreaterThan(40);
    expect(of('large.html').filter((f) => f.value === 323 && f.metric === 'mediation.cases')).toHaveLength(copies);
  }, 180_000);
});

describe('defect 5: CSV formula injection', () => {
  it('text cells that would start a formula get a leading quote; numbers stay numbers', async () => {
    const dir = folder({ '=1+2.txt': '-全年共调解纠纷12宗，+其中婚姻家庭纠纷3宗。\n@调解成功率97%。\n=SUM(A1)共受理法律援助案件5件。\n' });
    const out = path.join(tmp(), 'out');
    const r = await cli(['extract', '=1+2.txt', '-f', 'csv', '-o', out], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(path.join(out, 'facts.csv'), 'utf8');
    expect(csv).toContain(`"'=1+2.txt"`);
    const rows = parse(csv, { columns: true, bom: true }) as Array<Record<string, string>>;
    const json = lines((await cli(['extract', '=1+2.txt', '-f', 'jsonl'], { cwd: dir })).stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBe(json.length);
    expect(rows.length).toBeGreaterThan(2);
    rows.forEach((row, i) => {
      for (const k of FACT_FIELDS) {
        const v = json[i]![k];
        if (typeof v === 'number') expect(row[k], k).toBe(String(v)); // unchanged, never quoted away from a number
        else if (typeof v === 'string') expect(row[k], k).toBe(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
      }
      for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
    });
    expect(rows.some((row) => row.sentence!.startsWith("'-全年"))).toBe(true);
    for (const row of parse(readFileSync(path.join(out, 'summary.csv'), 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>) {
      for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
    }
  }, 60_000);
});

describe('defect 6: mixed and wrong encodings', () => {
  it('reads a file half GBK, half UTF-8 line by line, with a warning', async () => {
    const seedLines = SEED.toString('utf8').split('\n');
    const half = Math.floor(seedLines.length / 2);
    const mixed = Buffer.concat([iconv.encode(seedLines.slice(0, half).join('\n') + '\n', 'gbk'), Buffer.from(seedLines.slice(half).join('\n'), 'utf8')]);
    const dir = folder({ 'mixed.txt': mixed, 'seed.txt': SEED });
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/mixed\.txt: warning \[decode\]: mixed encodings: \d+ lines decoded as GB18030\/GBK, \d+ as UTF-8 \(DECODE_MIXED\)/);
    const facts = lines(r.stdout).map((l) => JSON.parse(l) as { doc: string; metric: string; value: number; sentence: string });
    const of = (name: string) => facts.filter((f) => f.doc.endsWith(name)).map((f) => `${f.metric}:${f.value}:${f.sentence}`);
    expect(of('mixed.txt')).toEqual(of('seed.txt'));
  }, 60_000);

  it('reads Big5; refuses a file no encoding reads as Chinese, and --strict then exits 1', async () => {
    const trad = '全年共調解糾紛三百二十三宗，其中婚姻家庭糾紛四十五宗，調解成功率為百分之九十七。街道法律援助中心受理法律援助案件十二件，提供法律諮詢服務三百人次。\n';
    const sjis = iconv.encode('令和五年度の市民相談の実績について報告します。相談件数は三百二十三件で、前年度より増加しました。法律相談は毎週水曜日に実施しています。\n'.repeat(3), 'shift_jis');
    const dir = folder({ 'big5.txt': iconv.encode(trad.repeat(3), 'big5'), 'sjis.txt': sjis, 'good.txt': SEED });
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/big5\.txt: info \[decode\]: not UTF-8 or GB18030: decoded as Big5.*\(DECODE_BIG5\)/);
    expect(r.stderr).toMatch(/sjis\.txt: skipped \[decode\]: cannot tell its encoding.*\(DECODE_FAILED\)/);
    const facts = lines(r.stdout).map((l) => JSON.parse(l) as { doc: string; text: string; sentence: string });
    expect(facts.filter((f) => f.doc.endsWith('big5.txt')).map((f) => f.sentence)).toContain('全年共調解糾紛三百二十三宗，其中婚姻家庭糾紛四十五宗，調解成功率為百分之九十七。');
    expect(facts.filter((f) => f.doc.endsWith('sjis.txt'))).toEqual([]);
    expect((await cli(['extract', dir, '-f', 'jsonl', '--strict'])).code).toBe(1);
  }, 60_000);
});

describe('defect 7: file names that are not UTF-8', () => {
  it('reads GBK-named files and folders (from a Windows zip) and shows their names decoded', async () => {
    const dir = folder([
      [iconv.encode('南山区报告.txt', 'gbk'), SEED],
      [Buffer.concat([iconv.encode('招商街道', 'gbk')]), Buffer.alloc(0)],
    ]);
    // the second entry was a file placeholder: make it a folder holding a report
    rmSync(Buffer.concat([Buffer.from(dir + '/'), iconv.encode('招商街道', 'gbk')]));
    mkdirSync(Buffer.concat([Buffer.from(dir + '/'), iconv.encode('招商街道', 'gbk')]));
    writeFileSync(Buffer.concat([Buffer.from(dir + '/'), iconv.encode('招商街道/年度报告.txt', 'gbk')]), SEED2);
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/READ_FAILED/);
    expect(r.stderr).toMatch(/南山区报告\.txt: info \[discover\]: the file name is not UTF-8.*\(NAME_NOT_UTF8\)/);
    const docs = new Set(lines(r.stdout).map((l) => (JSON.parse(l) as { doc: string }).doc));
    expect([...docs].sort()).toEqual([`${dir}/南山区报告.txt`, `${dir}/招商街道/年度报告.txt`]);
    expect(r.stderr).toMatch(/2 of 2 files read/);
  }, 60_000);
});

describe('defect 8: no partial output files left behind', () => {
  it('a second signal still removes them', async () => {
    const rules = folder({ 'slow.yaml': SLOW_RULE });
    const docs = folder({ 'a_slow.txt': slowDoc(300), 'b.txt': SEED });
    const out = path.join(tmp(), 'out');
    const run = start(['extract', docs, '--rules', rules, '-j', '1', '-o', out], { timeoutMs: 150_000 });
    await waitFor(() => partials(out).length > 0 || run.child.exitCode !== null, 'the run to start');
    run.child.kill('SIGINT');
    run.child.kill('SIGTERM'); // a second, impatient one: exits at once
    const r = await run.done;
    expect(r.signal, 'the run had to be killed').toBeNull();
    expect([130, 143]).toContain(r.code);
    expect(readdirSync(out)).toEqual([]);
  }, 240_000);

  it('the next run into the folder removes the ones a run killed outright left', async () => {
    const rules = folder({ 'slow.yaml': SLOW_RULE });
    const docs = folder({ 'a_slow.txt': slowDoc(300) });
    const out = path.join(tmp(), 'out');
    const run = start(['extract', docs, '--rules', rules, '-j', '1', '-o', out, '-f', 'jsonl'], { timeoutMs: 150_000 });
    // the four tables are opened one after the other: kill once all four exist
    await waitFor(() => partials(out).length >= 4 || run.child.exitCode !== null, 'the run to open its four tables');
    run.child.kill('SIGKILL');
    await run.done;
    expect(partials(out)).toHaveLength(4); // kill -9: nothing could remove them
    const next = await cli(['extract', fixture('reports', '000_c90d8c21b93b550a.txt'), '-o', out, '-f', 'csv']);
    expect(next.code, next.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['facts.csv', 'metrics.csv', 'summary.csv', 'units.csv']);
  }, 240_000);
});

describe('defect 9: --errors', () => {
  it('a missing folder stops the run before any document is read, with one line and no stack trace', async () => {
    const errors = path.join(tmp(), 'missing', 'errors.jsonl');
    const r = await cli(['extract', fixture('reports'), '-f', 'jsonl', '--errors', errors]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([`lawreport: ${errors}: cannot write output: no such file or folder (deleted or moved?) (ENOENT)`]);
  }, 60_000);

  const { dir: mnt, mounted } = tinyDisk('lawreport-errors-full');
  (mounted ? it : it.skip)('a full disk under --errors leaves no output at all, and no stack trace', async () => {
    // fill the 64 KB tmpfs, then ask for the errors of many bad files there
    spawnSync('sh', ['-c', `cat /dev/zero > "${mnt}/fill" 2>/dev/null; true`]);
    const bad: Record<string, string> = { 'good.txt': SEED.toString('utf8') };
    for (let i = 0; i < 200; i++) bad[`empty${i}.txt`] = '';
    const dir = folder(bad);
    const out = path.join(tmp(), 'out');
    const r = await cli(['extract', dir, '-o', out, '--errors', path.join(mnt, 'errors.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/fatal|\n\s+at /);
    expect(r.stderr).toMatch(/cannot write output: no space left on the device \(ENOSPC\)/);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(mnt)).toEqual(['fill']);
  }, 60_000);
});

describe('defect 10: file names on stderr', () => {
  it('a name with a newline or an escape sequence cannot forge a line or reach the terminal', async () => {
    const name = 'evil\nlawreport: forged.txt: skipped [read]: cannot read (READ_FAILED)\x1b[31m.txt';
    const dir = folder({ [name]: '', 'good.txt': SEED });
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('\x1b');
    const mentions = lines(r.stderr).filter((l) => l.includes('forged'));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatch(/evil\\nlawreport: forged\.txt: .*\\x1b\[31m\.txt: skipped \[read\]: empty.*\(EMPTY_DOCUMENT\)$/);
  }, 60_000);
});

describe('defect 11: bad rule files, numbers and arguments', () => {
  it('a YAML alias bomb names the file and the reason', async () => {
    const bomb = ['version: 1', 'kind: metrics', 'family: bomb', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) bomb.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const dir = folder({ 'bomb.yaml': bomb.join('\n') + '\n' });
    const r = await cli(['rules', 'check', dir], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/fatal|\n\s+at /);
    expect(r.stderr).toMatch(/bomb\.yaml: \(file\): YAML: more than 100 alias expansions/);
  }, 90_000);

  it('numbers beyond what a double holds exactly are left out with a warning, not written as null', async () => {
    const dir = folder({ 'big.txt': `全年财政收入99999999999999999999亿元，共调解纠纷${'9'.repeat(400)}宗，共调解纠纷12宗。\n` });
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const facts = lines(r.stdout).map((l) => JSON.parse(l) as { value: number | null; text: string });
    expect(facts.map((f) => [f.text, f.value])).toEqual([['12宗', 12]]);
    expect(r.stderr).toMatch(/big\.txt: warning \[extract\]: 2 numbers too large to be a figure left out \(first: 99999999999999999999亿元 at character 6\) \(NUMBER_TOO_LARGE\)/);
  }, 60_000);

  it('eval --min-f1 abc and explain --metric nosuch exit 2 with a clear message', async () => {
    const e = await cli(['eval', '--gold', 'fixtures/gold/seeds.jsonl', 'fixtures/reports', '--min-f1', 'abc']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--min-f1.*abc.*a number, such as 0\.9/);
    const x = await cli(['explain', 'fixtures/reports/000_c90d8c21b93b550a.txt', '--metric', 'nosuch']);
    expect(x.code).toBe(2);
    expect(x.stdout).toBe('');
    expect(x.stderr).toMatch(/--metric nosuch: no such metric; known: other, .*mediation\.cases/);
  }, 60_000);
});
