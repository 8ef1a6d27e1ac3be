// npm run bench: speed and memory of `lawreport extract` on real reports, side by side
// with a floor (read + decode + one number regex) measured in the same invocation.
//
//   BENCH_MB=200 npm run bench       (size of the corpus; the 2x memory check uses twice that)
//   BENCH_SKIP_2X=1 npm run bench    (skip the 2x corpus)
//   BENCH_ROUNDS=3 npm run bench     (rounds of the timed runs, alternated; the best of each is kept)
//
// The corpus: ../shared/corpus/sz-gov-work-reports (144 reports) and fixtures/reports,
// copied under distinct names into bench/data/ until it reaches BENCH_MB.
import { spawn, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { BIN, ROOT, sourceFiles } from './sources.mjs';

const TARGET_MB = Number(process.env.BENCH_MB ?? 200);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const PRELOAD = path.join(ROOT, 'bench', 'rss-preload.mjs');

/** bench/data/<mb>/: copies r0001_<name>, r0002_<name>, ... until the folder holds `mb` MB. */
function buildCorpus(mb) {
  const dir = path.join(ROOT, 'bench', 'data', String(mb));
  const stamp = path.join(dir, '.complete');
  if (existsSync(stamp)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = sourceFiles().map((f) => ({ name: path.basename(f), bytes: readFileSync(f) }));
  let size = 0;
  let round = 0;
  while (size < mb * 1e6) {
    round++;
    for (const f of files) {
      // a distinct name and a distinct first line, so every copy is its own document
      const body = Buffer.concat([Buffer.from(`\n`), f.bytes]);
      writeFileSync(path.join(dir, `r${String(round).padStart(4, '0')}_${f.name}`), body);
      size += body.length;
      if (size >= mb * 1e6) break;
    }
  }
  writeFileSync(stamp, '');
  return dir;
}

function corpusStats(dir) {
  let bytes = 0;
  let docs = 0;
  for (const f of readdirSync(dir)) {
    if (f.startsWith('.')) continue;
    bytes += statSync(path.join(dir, f)).size;
    docs++;
  }
  return { bytes, docs };
}

/** Runs a command under node with the RSS preload; returns wall seconds and peak RSS (MB). */
function timed(args, label) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr);
  const c = /BENCH_CPU_MS=(\d+)/.exec(r.stderr);
  return { secs, rssMB: m ? Number(m[1]) / 1024 : NaN, cpu: c ? Number(c[1]) / 1000 : NaN, stdout: r.stdout };
}

function extract(dir, jobs, out) {
  rmSync(out, { recursive: true, force: true });
  return timed([BIN, 'extract', dir, '-f', 'csv', '-o', out, '-q', '--jobs', String(jobs)], `extract --jobs ${jobs}`);
}

/**
 * This workload's own ceiling for two cores: the corpus split in two halves (every other
 * file, linked), each run by its own `extract --jobs 1` process at the same time. Nothing is
 * shared between them (no pool, no ordered output), so --jobs 2 cannot do better than this;
 * it shows what the cores give when each already runs V8's collector and compiler threads
 * beside its main thread.
 */
async function twoProcesses(dir) {
  const halves = ['a', 'b'].map((h) => `${dir}-half-${h}`);
  for (const h of halves) {
    rmSync(h, { recursive: true, force: true });
    mkdirSync(h, { recursive: true });
  }
  readdirSync(dir).filter((f) => !f.startsWith('.')).sort().forEach((f, i) => symlinkSync(path.join(dir, f), path.join(halves[i % 2], f)));
  const run = (h, k) => new Promise((resolve, reject) => {
    const out = path.join(ROOT, 'bench', 'out', `half-${k}`);
    rmSync(out, { recursive: true, force: true });
    const p = spawn(process.execPath, [BIN, 'extract', h, '-f', 'csv', '-o', out, '-q', '--jobs', '1'], { stdio: 'ignore' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`half ${k} failed (${code})`))));
  });
  const t0 = process.hrtime.bigint();
  await Promise.all(halves.map(run));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  for (const h of halves) rmSync(h, { recursive: true, force: true });
  return secs;
}

function floor(dir) {
  return timed([path.join(ROOT, 'bench', 'floor.js'), dir], 'floor');
}

/**
 * Self time per pipeline stage from a CPU profile of a --jobs 1 run. Documents run on a worker
 * (also at --jobs 1), and --cpu-prof writes one profile per thread: the worker's is the one that
 * was busiest; idle time is left out, and the main thread's busy time is a row of its own.
 */
function profile(dir) {
  const profDir = path.join(ROOT, 'bench', 'out', 'prof');
  rmSync(profDir, { recursive: true, force: true });
  const out = path.join(ROOT, 'bench', 'out', 'prof-run');
  rmSync(out, { recursive: true, force: true });
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, BIN, 'extract', dir, '-f', 'csv', '-o', out, '-q', '--jobs', '1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`profile run failed: ${r.stderr}`);
  const stageOf = (url, fn) => {
    if (/nodejieba|tokenize\//.test(url)) return 'tokenize';
    if (/\/reader\//.test(url) || fn === 'read' || fn === 'readFileSync' || fn === 'decode' || fn === 'fstat' || fn === 'open') return 'read';
    if (/\/segment\//.test(url)) return 'segment';
    if (/\/quantities\/|\/pipeline\.js/.test(url)) return 'quantities';
    if (/\/attribute\//.test(url)) return 'rules';
    if (/\/meta\//.test(url)) return 'metadata';
    if (/\/tables\//.test(url)) return 'headlines';
    if (/\/export\/|csv-stringify/.test(url) || fn === 'encodeInto') return 'write';
    if (/\/run\//.test(url)) return 'hand-over (pack, post)';
    if (fn === '(garbage collector)') return 'gc';
    if (/\/(rules|setup)\b|yaml|zod/.test(url)) return 'start-up';
    return 'other (built-ins, Node internals)';
  };
  const threads = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => {
    const p = JSON.parse(readFileSync(path.join(profDir, f), 'utf8'));
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const stages = new Map();
    let busy = 0;
    for (let i = 0; i < p.samples.length; i++) {
      const { url, functionName } = byId.get(p.samples[i]).callFrame;
      if (functionName === '(idle)' || functionName === '(program)') continue;
      const stage = stageOf(url, functionName);
      stages.set(stage, (stages.get(stage) ?? 0) + p.timeDeltas[i]);
      busy += p.timeDeltas[i];
    }
    return { stages, busy };
  }).sort((a, b) => b.busy - a.busy);
  const [worker, ...rest] = threads;
  const rows = [...worker.stages.entries()].sort((a, b) => b[1] - a[1]).map(([s, us]) => ({ stage: s, secs: us / 1e6, share: us / worker.busy }));
  const main = rest.reduce((t, x) => t + x.busy, 0);
  rows.push({ stage: 'main thread, all of it (reading the workers\' output, writing files)', secs: main / 1e6, share: main / worker.busy });
  return rows;
}

const fmt = (x, d = 1) => x.toFixed(d);

/** SHA-256 of a file read in blocks (the outputs are hundreds of MB: never held whole here). */
function fileHash(file) {
  const h = createHash('sha256');
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  closeSync(fd);
  return h.digest('hex');
}

function startup() {
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'startup.mjs')], { encoding: 'utf8' });
    runs.push(JSON.parse(r.stdout));
  }
  const median = (k) => runs.map((x) => x[k]).sort((a, b) => a - b)[2];
  return Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(k)]));
}

/**
 * Small runs (what a scheduled job over a few new files feels): wall, CPU and peak RSS, median
 * of 5, the runs alternated round after round; beside them the floor under any one-report run
 * (bench/startup-floor.mjs: Node, one worker thread and the tokenizer's dictionaries).
 */
function smallRuns() {
  const reports = readdirSync(path.join(ROOT, 'fixtures', 'reports')).filter((f) => f.endsWith('.txt')).map((f) => path.join(ROOT, 'fixtures', 'reports', f));
  const corpus = sourceFiles().slice(0, 10);
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const runs = {
    floor: [path.join(ROOT, 'bench', 'startup-floor.mjs')],
    one: [BIN, 'extract', reports[0], '-q'],
    ten: [BIN, 'extract', ...corpus, '-q'],
    tenJobs1: [BIN, 'extract', ...corpus, '-q', '--jobs', '1'],
  };
  const got = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  for (let i = 0; i < 5; i++) for (const [k, args] of Object.entries(runs)) got[k].push(timed(args, `small run (${k})`));
  return Object.fromEntries(Object.entries(got).map(([k, rs]) => [k, { secs: median(rs.map((r) => r.secs)), cpu: median(rs.map((r) => r.cpu)), rssMB: median(rs.map((r) => r.rssMB)) }]));
}

function ceiling() {
  return Number(spawnSync(process.execPath, [path.join(ROOT, 'bench', 'ceiling.mjs')], { encoding: 'utf8' }).stdout);
}

async function main() {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const dir = buildCorpus(TARGET_MB);
  const { bytes, docs } = corpusStats(dir);
  const mb = bytes / 1e6;
  console.log(`corpus: ${docs} documents, ${fmt(mb)} MB (${dir})`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, node ${process.version}`);
  const st = startup();
  console.log(`start-up per stage (median of 5 fresh processes, ms): ${Object.entries(st).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(', ')}`);
  const small = smallRuns();
  const line = (r) => `${fmt(r.secs, 2)} s wall, ${fmt(r.cpu, 2)} CPU-s, ${fmt(r.rssMB, 0)} MB peak RSS`;
  console.log(`small runs (median of 5): one report ${line(small.one)}; ten reports (default --jobs) ${line(small.ten)}; ten reports --jobs 1 ${line(small.tenJobs1)}`);
  console.log(`floor under any one-report run (Node + one worker thread + the tokenizer's dictionaries, nothing of lawreport's): ${line(small.floor)}; one report is ${fmt(small.one.secs / small.floor.secs, 2)}× it in time, ${fmt(small.one.rssMB - small.floor.rssMB, 0)} MB above it`);
  const ceil = ceiling();
  console.log(`parallel ceiling of this machine (two busy threads / one): ${fmt(ceil, 2)}×`);
  // the timed runs alternate, round after round, so a slow spell of the shared machine
  // hits each of them alike; the best round of each is kept
  const best = (a, b) => (!a || b.secs < a.secs ? b : a);
  let f, j1, j2, pair;
  const rounds = [];
  for (let k = 0; k < ROUNDS; k++) {
    const r = {
      floor: floor(dir),
      j1: extract(dir, 1, path.join(ROOT, 'bench', 'out', 'j1')),
      j2: extract(dir, 2, path.join(ROOT, 'bench', 'out', 'j2')),
      pair: { secs: await twoProcesses(dir) },
    };
    rounds.push(r);
    f = best(f, r.floor);
    j1 = best(j1, r.j1);
    j2 = best(j2, r.j2);
    pair = best(pair, r.pair);
  }
  pair = pair.secs;
  console.log(`rounds (s): ${rounds.map((r) => `jobs 1 ${fmt(r.j1.secs, 2)}, jobs 2 ${fmt(r.j2.secs, 2)}, two processes ${fmt(r.pair.secs, 2)}`).join(' | ')}`);
  const rows = [
    { run: 'floor: read + decode + number regex', ...f },
    { run: 'extract --jobs 1', ...j1 },
    { run: 'extract --jobs 2', ...j2 },
  ];
  console.log(`\nbest of ${ROUNDS} round${ROUNDS > 1 ? 's' : ''}:\n| run | s | CPU-s | docs/s | MB/s | MB per CPU-s | peak RSS MB |\n|---|---|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.run} | ${fmt(r.secs, 2)} | ${fmt(r.cpu, 2)} | ${fmt(docs / r.secs, 0)} | ${fmt(mb / r.secs)} | ${fmt(mb / r.cpu)} | ${fmt(r.rssMB, 0)} |`);
  const same = ['facts.csv', 'summary.csv'].every((f) => fileHash(path.join(ROOT, 'bench', 'out', 'j1', f)) === fileHash(path.join(ROOT, 'bench', 'out', 'j2', f)));
  console.log(`\nextract/floor CPU (jobs 1): ${fmt(j1.cpu / f.cpu, 2)}×   extract/floor time (jobs 1): ${fmt(j1.secs / f.secs, 2)}×   jobs2 speed-up over jobs1: ${fmt(j1.secs / j2.secs, 2)}× (machine ceiling ${fmt(ceil, 2)}×)   identical output: ${same}`);
  console.log(`two --jobs 1 processes on halves of the corpus at once: ${fmt(pair, 2)} s, ${fmt(j1.secs / pair, 2)}× one --jobs 1 (this workload's ceiling for two cores); --jobs 2 reaches ${fmt((j1.secs / j2.secs) / (j1.secs / pair) * 100, 0)}% of it`);
  if (!process.env.BENCH_SKIP_2X) {
    const dir2 = buildCorpus(TARGET_MB * 2);
    const s2 = corpusStats(dir2);
    floor(dir2); // reads every file once, so neither run below pays for a cold page cache
    const a = extract(dir2, 1, path.join(ROOT, 'bench', 'out', 'j1x2'));
    const b = extract(dir2, 2, path.join(ROOT, 'bench', 'out', 'j2x2'));
    console.log(`\n2× corpus (${fmt(s2.bytes / 1e6)} MB): jobs 1 peak RSS ${fmt(a.rssMB, 0)} MB (${fmt(a.rssMB / j1.rssMB, 2)}× of 1×, ${fmt(s2.bytes / 1e6 / a.secs)} MB/s); jobs 2 peak RSS ${fmt(b.rssMB, 0)} MB (${fmt(b.rssMB / j2.rssMB, 2)}× of 1×, ${fmt(s2.bytes / 1e6 / b.secs)} MB/s)`);
  }
  console.log('\nprofile of extract --jobs 1 (the worker\'s busy self time by stage; share of the worker\'s busy time):\n| stage | s | share |\n|---|---|---|');
  for (const s of profile(dir)) console.log(`| ${s.stage} | ${fmt(s.secs, 2)} | ${fmt(s.share * 100)}% |`);
  const { benchReport, reportLine } = await import('./report.mjs');
  console.log('\n' + reportLine(benchReport()));
  // the weekly run of a store: 10,000 stored reports plus 50 new (bench/store.mjs, npm run bench:store)
  const { benchStore, storeLines } = await import('./store.mjs');
  console.log('\n' + storeLines(benchStore()));
}

await main();
