// Bad input and faults, each through the real CLI: one line per skipped file naming the
// file, the stage and the reason; the run goes on; outputs whole or not at all.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FACT_FIELDS } from '../src/pipeline.js';
import { ROOT, fixture, tinyDisk } from './helpers.js';

const BIN = path.join(ROOT, 'bin', 'lawreport.js');
const SEED = readFileSync(fixture('reports', '000_c90d8c21b93b550a.txt'));
const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-err-'));

/**
 * The CLI as a child process, without blocking this test worker's event loop (vitest talks
 * to it meanwhile: a worker blocked for long fails the run with 'Timeout calling onTaskUpdate').
 */
function cli(args: string[], opts: { uid?: number; gid?: number; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, uid: opts.uid, gid: opts.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
const lines = (s: string) => s.split('\n').filter(Boolean);
const skipLine = (stderr: string, file: string) => lines(stderr).find((l) => l.includes(file) && /skipped|warning/.test(l));

/** A folder with one good report and the given bad files; returns its path. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = tmp();
  writeFileSync(path.join(dir, 'good.txt'), SEED);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), body);
  }
  return dir;
}

const goodFacts = (stdout: string) => lines(stdout).map((l) => JSON.parse(l) as { doc: string }).filter((f) => f.doc.endsWith('good.txt')).length;

describe('documents that cannot be read', () => {
  const table: Array<[string, string | Buffer, string, string]> = [
    ['empty.txt', '', 'EMPTY_DOCUMENT', 'read'],
    ['blank.txt', ' \n\t\n\u3000\n', 'EMPTY_DOCUMENT', 'read'],
    ['scan.txt', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 7)]), 'NOT_TEXT', 'decode'],
    ['photo.txt', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]), 'NOT_TEXT', 'decode'],
    ['archive.txt', Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(40, 1)]), 'NOT_TEXT', 'decode'],
    ['nul.txt', Buffer.concat([Buffer.from('2023年调解纠纷12宗'), Buffer.from([0, 0, 0])]), 'NOT_TEXT', 'decode'],
  ];
  // one run over all of them beside a good report (a run per file cost 20 s of the suite)
  let all: Promise<{ code: number | null; stdout: string; stderr: string }> | null = null;
  const runAll = () => (all ??= cli(['extract', folder(Object.fromEntries(table.map(([name, body]) => [name, body]))), '-f', 'jsonl']));
  it.each(table)('%s: one line with file, stage and code; the run goes on', async (name, _body, code, stage) => {
    const r = await runAll();
    expect(r.code, r.stderr).toBe(0);
    const line = skipLine(r.stderr, name);
    expect(line, r.stderr).toMatch(new RegExp(`${name}: skipped \\[${stage}\\]: .+ \\(${code}\\)$`));
    expect(lines(r.stderr).filter((l) => l.includes(name))).toHaveLength(1);
    expect(goodFacts(r.stdout)).toBe(47);
  });

  it('exits 2 when nothing could be read, and 1 with --strict when some files failed', async () => {
    const bad = tmp();
    writeFileSync(path.join(bad, 'a.txt'), '');
    expect((await cli(['extract', bad])).code).toBe(2);
    const mixed = folder({ 'b.txt': '' });
    expect((await cli(['extract', mixed])).code).toBe(0);
    expect((await cli(['extract', mixed, '--strict'])).code).toBe(1);
    expect((await cli(['extract', path.join(bad, 'missing-folder')])).code).toBe(2);
  });

  it('writes --errors as JSON Lines', async () => {
    const dir = folder({ 'empty.txt': '', 'scan.txt': '%PDF-1.4 xxx' });
    const errFile = path.join(tmp(), 'errors.jsonl');
    await cli(['extract', dir, '--errors', errFile, '-o', tmp()]);
    const rows = lines(readFileSync(errFile, 'utf8')).map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows.map((r) => [path.basename(r.doc!), r.stage, r.code]).sort()).toEqual([
      ['empty.txt', 'read', 'EMPTY_DOCUMENT'],
      ['scan.txt', 'decode', 'NOT_TEXT'],
    ]);
  });
});

describe('documents that are read with a caveat', () => {
  it('reads only-chrome pages and reports without numbers, with no facts', async () => {
    const dir = folder({
      'chrome.txt': '索引号: 11440300/2024-00123\n发布机构: 某某街道\n您现在的位置: 首页 > 政务公开\n浏览次数: 35\n',
      'nonumbers.txt': '街道坚持依法行政，不断完善法治政府建设工作机制。\n',
    });
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/chrome\.txt: warning \[extract\]: only page chrome.*\(NO_BODY_FOUND\)/);
    expect(lines(r.stdout).every((l) => l.includes('good.txt'))).toBe(true);
    expect(r.stderr).toMatch(/3 of 3 files read/);
  });

  it('decodes invalid UTF-8 and mixed encodings without losing the rest, and UTF-16 with a BOM', async () => {
    const mixed = Buffer.concat([SEED.subarray(0, 2000), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), SEED.subarray(2000)]);
    const dir = folder({
      'mixed.txt': mixed,
      'utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SEED.toString('utf8'), 'utf16le')]),
    });
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code).toBe(0);
    const byDoc = (name: string) => lines(r.stdout).map((l) => JSON.parse(l) as { doc: string; value: number }).filter((f) => f.doc.endsWith(name));
    expect(byDoc('utf16.txt')).toHaveLength(47);
    expect(byDoc('mixed.txt').length).toBeGreaterThan(40);
    expect(byDoc('mixed.txt').some((f) => f.value === 323)).toBe(true);
    expect(r.stderr).toMatch(/mixed\.txt: warning \[decode\]: damaged or mixed encoding/);
  });

  it('handles paths with spaces and Chinese characters', async () => {
    const dir = folder({ '南山区 报告/招商街道 2022年 报告.txt': SEED });
    const r = await cli(['extract', dir, '-f', 'csv']);
    const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((x) => x.doc!.endsWith('南山区 报告/招商街道 2022年 报告.txt'))).toHaveLength(47);
  });
});

describe('the file system', () => {
  it('reports a file deleted between discovery and reading', async () => {
    const { runOneFile } = await import('../src/run/run-file.js');
    const { context } = await import('./helpers.js');
    const r = runOneFile(path.join(tmp(), 'gone.txt'), context());
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: 'READ_FAILED', stage: 'read', args: { reason: 'ENOENT' } });
  });

  it('follows linked files, follows a linked folder once and reports link loops', async () => {
    const dir = folder({});
    symlinkSync('good.txt', path.join(dir, 'alias.txt'));
    symlinkSync(dir, path.join(dir, 'loop'));
    symlinkSync('x.txt', path.join(dir, 'y.txt'));
    symlinkSync('y.txt', path.join(dir, 'x.txt'));
    const r = await cli(['extract', '-v', dir, '-f', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/x\.txt: skipped \[discover\]: .*symbolic links.*\(READ_FAILED\)/);
    expect(r.stderr).toMatch(/loop: info \[discover\]: folder link not followed.*\(LINK_NOT_FOLLOWED\)/);
    expect(lines(r.stdout)).toHaveLength(47); // the same report through three paths is read once
  });

  it('refuses a named pipe instead of blocking on it', async () => {
    const dir = folder({});
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    const r = await cli(['extract', path.join(dir, 'pipe.txt'), path.join(dir, 'good.txt'), '-f', 'jsonl']);
    expect(r.stderr).toMatch(/pipe\.txt: skipped \[read\]: cannot read: not a regular file.*\(READ_FAILED\)/);
    expect(lines(r.stdout)).toHaveLength(47);
  });

  // CI runs as root, which reads everything: the permission cases run the CLI as nobody
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : null;
  (asNobody ? it : it.skip)('reports a file it may not read, and a folder it may not write into', async () => {
    const dir = folder({ 'secret.txt': SEED });
    chmodSync(dir, 0o755);
    chmodSync(path.dirname(dir), 0o755);
    chmodSync(path.join(dir, 'good.txt'), 0o644);
    chmodSync(path.join(dir, 'secret.txt'), 0o000);
    const r = await cli(['extract', dir, '-f', 'jsonl'], asNobody!);
    expect(r.stderr).toMatch(/secret\.txt: skipped \[read\]: cannot read: permission denied \(READ_FAILED\)/);
    expect(lines(r.stdout)).toHaveLength(47);
    const out = path.join(tmp(), 'locked');
    mkdirSync(out);
    chmodSync(path.dirname(out), 0o755);
    chmodSync(out, 0o755); // owned by root: nobody cannot write here
    const w = await cli(['extract', path.join(dir, 'good.txt'), '-o', out], asNobody!);
    expect(w.code).toBe(2);
    expect(lines(w.stderr).some((l) => /cannot write output: permission denied \(EACCES\)/.test(l))).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('output that cannot be written', () => {
  it('stops with a clear error when standard output is full', async () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" extract fixtures/reports > /dev/full`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot write to standard output: no space left on the device \(ENOSPC\)/);
  });

  const { dir: mnt, mounted } = tinyDisk('lawreport-full');
  (mounted ? it : it.skip)('leaves no truncated file on a full disk (a 64 KB tmpfs)', async () => {
    const r = await cli(['extract', 'fixtures/reports', '-o', path.join(mnt, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write output: no space left on the device \(ENOSPC\)/);
    expect(readdirSync(path.join(mnt, 'out'))).toEqual([]);
  });

  it('creates a missing output folder', async () => {
    const out = path.join(tmp(), 'a', 'b');
    const r = await cli(['extract', 'fixtures/reports', '-o', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['facts.csv', 'metrics.csv', 'summary.csv', 'units.csv']);
  });
});

describe('interruption', () => {
  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s: exit %i, no partial output files', async (signal, code) => {
    // enough work to be interrupted in the middle: the fixtures many times over
    const dir = tmp();
    const n = 1500;
    for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `r${String(i).padStart(4, '0')}.txt`), SEED);
    const out = path.join(tmp(), 'out');
    const child = spawn(process.execPath, [BIN, 'extract', dir, '-o', out, '-j', '1'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // started: facts are being written into the partial output file (however slow the machine)
    const started = () => existsSync(out) && readdirSync(out).some((f) => f.startsWith('.facts.csv.') && statSync(path.join(out, f)).size > 0);
    for (const t0 = Date.now(); !started() && child.exitCode === null; ) {
      if (Date.now() - t0 > 90_000) throw new Error(`the run did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(child.exitCode, `the run ended before it could be interrupted: ${stderr}`).toBeNull();
    child.kill(signal);
    const exit = await exited;
    expect(exit, stderr).toBe(code);
    expect(stderr).toMatch(new RegExp(`interrupted after \\d+ of ${n} files`));
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 180_000);
});

// (a 100 MB file and a line of 1.6 M characters are in test/long/, run by npm run test:long)
describe('giant and pathological documents', () => {
  it('a file over 2 MB is read in chunks, with every fact', async () => {
    const dir = tmp();
    const copies = Math.ceil((3 * 1024 * 1024) / SEED.length);
    writeFileSync(path.join(dir, 'dump.txt'), Buffer.concat(Array.from({ length: copies }, () => SEED)));
    const r = await cli(['extract', '-v', dir, '-o', path.join(tmp(), 'out'), '-f', 'jsonl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`1 of 1 files read, 0 skipped, ${copies * 47} facts`));
  }, 120_000);

  it('a long line of numbers and cue words without punctuation', async () => {
    const dir = tmp();
    const unit = '调解纠纷共12宗约3.5万元法律援助二十三件余人次第';
    writeFileSync(path.join(dir, 'line.txt'), unit.repeat(6000)); // 160 K characters, one line
    const r = await cli(['extract', dir, '-f', 'jsonl', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout).length).toBeGreaterThan(10000);
  }, 120_000);
});

describe('CSV output', () => {
  it('parses back to the same records (fields with commas, quotes and line breaks)', async () => {
    const dir = folder({ 'quotes.txt': '“一站式”平台,共"调解"纠纷12宗,\r\n其中婚姻家庭纠纷3宗。\n' });
    const csv = (await cli(['extract', dir, '-f', 'csv'])).stdout;
    const jsonl = lines((await cli(['extract', dir, '-f', 'jsonl'])).stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...FACT_FIELDS]);
    expect(rows.map((r) => r.sentence)).toEqual(jsonl.map((j) => String(j.sentence)));
    expect(rows.map((r) => Number(r.value))).toEqual(jsonl.map((j) => j.value));
  });
});
