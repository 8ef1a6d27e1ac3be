// One extract run's side of the store: which files need extracting (plan), each document's
// rows written in one transaction as run/ hands them over (DocWriter), and the run's end:
// files no longer there marked missing (or pruned), the unit-year rows merged again, the
// log row closed. The store only receives what run/ gives it; it never reads a document.
//
// "Already done" is a lookup, as in ninja's log or ccache: a document is keyed by its path,
// the SHA-256 of its bytes and the rules version. A file whose path, size and modification
// time are as stored is taken as unchanged without being read; when the size matches but the
// time does not (a copy, a touch), its hash decides. A time within two seconds of the moment
// it was looked at is not trusted (the file may still be changing within the file system's
// time resolution): it is stored as 0, so the next run confirms it by its hash.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { SummaryRow } from '../export/summary.js';
import type { Labels } from '../rules/compile.js';
import type { HeadlineRow } from '../tables/columns.js';
import { mergeUnits, UNIT_FIELDS, type UnitDoc } from '../tables/units.js';
import { DOC_FACT_FIELDS, OWN_FACT_FIELDS, type FactRows } from './columns.js';
import { lockStore, openForWrite, runningRun, storeFailure, StoreError, type Db, type RunLock } from './db.js';
import { loadUnitDocs } from './read.js';
import type { RulesVersion } from './version.js';
import { wideViewsSql } from './views.js';

/** A file of the run, as discovery found it (run/discover.ts DocFile). */
export interface StoreFile {
  doc: string;
  path: string | Buffer;
}

/** What a metric is, as the store keeps it for export and the report (from the rules in use). */
export interface StoredMetric {
  id: string;
  unit: string;
  label: string;
  family: string;
  description: string;
}

/** What run/ hands over for a document once it is done (run/doc-output.ts DocOutput has these). */
export interface StoreResult {
  doc: string;
  ok: boolean;
  diagnostics: Diagnostic[];
  factCount: number;
  summary: SummaryRow | null;
  headlines: HeadlineRow[];
  unit: UnitDoc | null;
}

/** A fact as read back from a store (the FACT_FIELDS of pipeline.ts). */
export type FactRow = Record<string, string | number | boolean | null>;

export type Reason = 'new' | 'changed' | 'rules' | 'retry';

export interface FileStat {
  size: number;
  /** 0n: not to be trusted (see the top of this file) */
  mtimeNs: bigint;
}

export interface Plan {
  /** the files to extract, by their index in the list planned, with why; `replaces`: the row of the same file stored under another name */
  extract: Array<{ index: number; reason: Reason; stat: FileStat | null; replaces?: number }>;
  unchanged: number;
  /** the notices to show (the rules changed: why and how many) */
  notices: Diagnostic[];
}

export interface StoreRunOptions {
  file: string;
  /** how long to wait for another run's lock */
  waitMs: number;
  rules: RulesVersion;
  metrics: StoredMetric[];
  labels: Labels;
  /** the command line, for the log */
  args: string[];
}

export interface FinishOptions {
  /** whether a stored document lies under the paths (and shard) of this run: only those can be missing */
  inScope(doc: string): boolean;
  /** every document found this run */
  found: ReadonlySet<string>;
  prune: boolean;
  /** counted by run/: documents that could not be read or extracted */
  failed: number;
}

interface StoredDoc {
  doc_id: number;
  doc: string;
  path: string;
  size: number;
  mtime: string;
  doc_sha256: string;
  rules_version: string;
  status: string;
  missing_since: number | null;
}

/** The columns a document's headline rows share with it. */
const HEADLINE_DOC_FIELDS = [...DOC_FACT_FIELDS, 'level', 'doc_type'] as const;
/** where `total` stands in a fact's own columns */
const TOTAL = OWN_FACT_FIELDS.indexOf('total');

const RACY_NS = 2_000_000_000n;
const nowIso = () => new Date().toISOString();

function hashFile(p: string | Buffer): string | null {
  const hash = createHash('sha256');
  let fd: number;
  try {
    fd = openSync(p, 'r');
  } catch {
    return null; // the worker reads it again and says what is wrong with it
  }
  try {
    const block = Buffer.alloc(1 << 20);
    for (let n; (n = readSync(fd, block, 0, block.length, null)) > 0; ) hash.update(block.subarray(0, n));
  } catch {
    return null; // as above
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export class StoreRun {
  readonly runId: number;
  /** things to say before the documents (a previous run that did not finish) */
  readonly notices: Diagnostic[] = [];
  private stored = new Map<string, StoredDoc>();
  private counts = { files: 0, new: 0, changed: 0, rules_changed: 0, retried: 0, unchanged: 0, facts: 0 };
  private checkMs = 0;
  private started = Date.now();
  private metricsChanged = false;
  private closed = false;
  /** stored rows of files found this run under another name: replaced as those are written */
  private superseded = new Set<number>();
  /** the rules of the last run, for saying why documents are extracted again */
  private previous: { digest: string | null; tool: string | null } = { digest: null, tool: null };

  private constructor(readonly file: string, private db: Db, private lock: RunLock, private o: StoreRunOptions) {
    this.runId = this.begin();
  }

  /** Takes the run lock (waiting for another run up to o.waitMs), opens the store and logs the run as started. */
  static open(o: StoreRunOptions): StoreRun {
    let lock: RunLock;
    try {
      lock = lockStore(o.file, o.waitMs);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'STORE_BUSY') {
        const holder = runningRun(o.file);
        throw new StoreError('STORE_BUSY', o.file, { waited: o.waitMs / 1000, ...(holder ?? {}) });
      }
      throw err;
    }
    let db: Db | null = null;
    try {
      db = openForWrite(o.file);
      return new StoreRun(o.file, db, lock, o);
    } catch (err) {
      db?.close();
      lock.release();
      throw storeFailure(err, o.file, true);
    }
  }

  private tx<T>(f: () => T): T {
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const out = f();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw storeFailure(err, this.file, true);
    }
  }

  private meta(key: string): string | null {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
  }

  private setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Logs the run, closes runs that never finished (we hold the lock: they are dead), records the rules in use. */
  private begin(): number {
    const { rules } = this.o;
    return this.tx(() => {
      for (const r of this.db.prepare("SELECT run_id, started FROM runs WHERE status = 'running'").all() as Array<{ run_id: number; started: string }>) {
        this.notices.push({ code: 'STORE_UNFINISHED_RUN', args: { run: r.run_id, started: r.started }, doc: this.file, stage: 'store' });
      }
      this.db.prepare("UPDATE runs SET status = 'unfinished' WHERE status = 'running'").run();
      this.previous = { digest: this.meta('rules_digest'), tool: this.meta('tool_version') };
      const metrics = JSON.stringify(this.o.metrics);
      if (this.meta('metrics') !== metrics) {
        this.metricsChanged = true;
        this.db.exec(wideViewsSql(this.o.metrics.map((m) => m.id)));
        this.setMeta('metrics', metrics);
        this.setMeta('units_dirty', '1');
      }
      this.setMeta('labels', JSON.stringify(this.o.labels));
      this.setMeta('rules_version', rules.version);
      this.setMeta('rules_digest', rules.digest);
      this.setMeta('tool_version', rules.tool);
      const info = this.db
        .prepare("INSERT INTO runs (kind, status, started, rules_version, tool_version, pid, host, args) VALUES ('extract', 'running', ?, ?, ?, ?, ?, ?)")
        .run(nowIso(), rules.version, rules.tool, process.pid, hostname(), JSON.stringify(this.o.args));
      return Number(info.lastInsertRowid);
    });
  }

  /**
   * Decides, file by file, what must be extracted: not stored, other bytes, other rules, or
   * failed last time. Unchanged files are only looked at (stat), or hashed when their time
   * moved but not their size. Files that came back after being missing are marked present.
   */
  plan(files: readonly StoreFile[]): Plan {
    const t0 = Date.now();
    try {
      for (const r of this.db.prepare('SELECT doc, path, doc_id, size, CAST(mtime_ns AS TEXT) AS mtime, doc_sha256, rules_version, status, missing_since FROM documents').all() as StoredDoc[]) {
        this.stored.set(r.doc, r);
      }
    } catch (err) {
      throw storeFailure(err, this.file, false);
    }
    const current = this.o.rules.version;
    // the same file may have been given otherwise before (./reports/a.txt, reports/a.txt, /abs/reports/a.txt)
    const byPath = new Map<string, StoredDoc>();
    for (const r of this.stored.values()) byPath.set(r.path, r);
    const extract: Plan['extract'] = [];
    /** unchanged documents whose stored size and time (or presence) must be brought up to date */
    const refresh = new Map<number, { size: number; mtime: bigint }>();
    let unchanged = 0;
    files.forEach((f, index) => {
      let stat: FileStat | null = null;
      try {
        const st = statSync(f.path, { bigint: true });
        if (st.isFile()) stat = { size: Number(st.size), mtimeNs: trusted(st.mtimeNs) };
      } catch {
        stat = null; // the worker says what is wrong with it
      }
      const row = this.stored.get(f.doc);
      let reason: Reason | null;
      if (!row) {
        // its facts name it as given now: extracted again, and the row under the other name goes
        const other = byPath.get(path.resolve(f.doc));
        if (other && other.doc !== f.doc && !this.superseded.has(other.doc_id)) {
          this.superseded.add(other.doc_id);
          extract.push({ index, reason: 'new', stat, replaces: other.doc_id });
          return;
        }
        reason = 'new';
      }
      else if (!stat) reason = row.status === 'ok' ? 'changed' : 'retry';
      else if (row.rules_version !== current) reason = 'rules';
      else if (row.status !== 'ok') reason = 'retry';
      else if (row.size !== stat.size) reason = 'changed';
      else if (row.mtime !== '0' && row.mtime === String(stat.mtimeNs)) reason = null;
      else {
        reason = hashFile(f.path) === row.doc_sha256 ? null : 'changed';
        if (!reason) refresh.set(row.doc_id, { size: stat.size, mtime: stat.mtimeNs });
      }
      if (reason) extract.push({ index, reason, stat });
      else {
        unchanged++;
        if (row!.missing_since !== null && !refresh.has(row!.doc_id)) refresh.set(row!.doc_id, { size: row!.size, mtime: BigInt(row!.mtime) });
      }
    });
    if (refresh.size) {
      this.tx(() => {
        const back = this.db.prepare('UPDATE documents SET size = ?, mtime_ns = ?, missing_since = NULL WHERE doc_id = ?');
        for (const [id, x] of refresh) back.run(x.size, x.mtime, id);
        this.setMeta('units_dirty', '1');
      });
    }
    this.counts.files = files.length;
    this.counts.unchanged = unchanged;
    this.checkMs = Date.now() - t0;
    const notices: Diagnostic[] = [];
    const again = extract.filter((x) => x.reason === 'rules').length;
    if (again) {
      const { digest, tool } = this.previous;
      const why = digest && digest !== this.o.rules.digest && tool && tool !== this.o.rules.tool ? 'both'
        : tool && tool !== this.o.rules.tool ? 'version'
        : digest && digest !== this.o.rules.digest ? 'rules'
        : 'earlier';
      notices.push({ code: 'STORE_RULES_CHANGED', args: { count: again, why, from: tool ?? '', to: this.o.rules.tool }, doc: this.file, stage: 'store' });
    }
    return { extract, unchanged, notices };
  }

  /** A document's rows, written in one transaction: its facts as they come, then the rest. */
  writer(file: StoreFile, stat: FileStat | null, reason: Reason, replaces?: number): DocWriter {
    return new DocWriter(this, this.db, file, stat, reason, replaces);
  }

  /** @internal DocWriter's report of a document committed */
  committed(reason: Reason, facts: number): void {
    this.counts[reason === 'rules' ? 'rules_changed' : reason === 'retry' ? 'retried' : reason]++;
    this.counts.facts += facts;
  }

  /** @internal */
  get context(): { runId: number; rulesVersion: string; file: string } {
    return { runId: this.runId, rulesVersion: this.o.rules.version, file: this.file };
  }

  private statements: DocStatements | null = null;
  /** @internal the statements of DocWriter, prepared once per run */
  get docStatements(): DocStatements {
    this.statements ??= prepareDocStatements(this.db);
    return this.statements;
  }

  /**
   * The end of a run that went through all its files: documents under its paths that were
   * not found are marked missing (or removed with prune), the unit-year rows merged again
   * when any document changed, the log row closed — one transaction — and the WAL folded
   * back into the store file. Returns how many are missing and how many were pruned.
   */
  finish(o: FinishOptions): { missing: number; pruned: number; notices: Diagnostic[] } {
    const result = this.tx(() => {
      const mark = this.db.prepare('UPDATE documents SET missing_since = ? WHERE doc_id = ?');
      let missing = 0;
      for (const [doc, row] of this.stored) {
        if (o.found.has(doc) || this.superseded.has(row.doc_id) || !o.inScope(doc)) continue;
        missing++;
        if (row.missing_since === null) mark.run(this.runId, row.doc_id);
      }
      let pruned = 0;
      if (o.prune) pruned = this.db.prepare('DELETE FROM documents WHERE missing_since IS NOT NULL').run().changes;
      if (missing || pruned) this.setMeta('units_dirty', '1');
      if (this.meta('units_dirty') !== '0') {
        rewriteUnits(this.db, this.o.metrics.map((m) => m.id));
        this.setMeta('units_dirty', '0');
      }
      this.db
        .prepare(`UPDATE runs SET status = 'done', finished = ?, files = ?, new = ?, changed = ?, rules_changed = ?, retried = ?, unchanged = ?,
                  failed = ?, missing = ?, pruned = ?, facts = ?, check_ms = ?, elapsed_ms = ? WHERE run_id = ?`)
        .run(nowIso(), this.counts.files, this.counts.new, this.counts.changed, this.counts.rules_changed, this.counts.retried, this.counts.unchanged,
          o.failed, missing, pruned, this.counts.facts, this.checkMs, Date.now() - this.started, this.runId);
      return { missing, pruned };
    });
    this.checkpoint();
    const notices: Diagnostic[] = [];
    if (result.missing) notices.push({ code: 'STORE_MISSING', args: { count: result.missing, pruned: result.pruned }, doc: this.file, stage: 'store' });
    return { ...result, notices };
  }

  /** Folds the WAL into the store file, so that it can be copied alone (readers may hold it back: then later). */
  private checkpoint(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      throw storeFailure(err, this.file, true);
    }
  }

  /** A run that stops before its end (a signal), or that could read nothing: what is committed stays, and the log says so. */
  stop(status: 'interrupted' | 'failed'): void {
    this.tx(() => {
      this.db.prepare('UPDATE runs SET status = ?, finished = ?, unchanged = ?, files = ?, facts = ?, elapsed_ms = ? WHERE run_id = ?')
        .run(status, nowIso(), this.counts.unchanged, this.counts.files, this.counts.facts, Date.now() - this.started, this.runId);
    });
  }

  /** Closes the store and lets go of the lock. A run left 'running' in the log is closed by the next run. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.db.close();
    } finally {
      this.lock.release();
    }
  }

  /** Whether the rules' metric list changed at this run (the wide views were made again). */
  get viewsRebuilt(): boolean {
    return this.metricsChanged;
  }
}

/** The unit-year rows of every present document, merged (mergeUnits) and stored for the units view. */
export function rewriteUnits(db: Db, metrics: readonly string[]): void {
  const rows = mergeUnits(loadUnitDocs(db), metrics);
  db.exec('DELETE FROM unit_values; DELETE FROM unit_rows;');
  const row = db.prepare(`INSERT INTO unit_rows (seq, ${UNIT_FIELDS.join(', ')}, docs, sources, conflicts) VALUES (${['?', ...UNIT_FIELDS.map(() => '?'), '?', '?', '?'].join(', ')})`);
  const value = db.prepare('INSERT INTO unit_values (unit_seq, metric, value) VALUES (?, ?, ?)');
  rows.forEach((r, seq) => {
    row.run(seq, ...UNIT_FIELDS.map((f) => r[f] ?? (f === 'year' ? null : '')), r.docs, r.sources, r.conflicts);
    for (const m of metrics) if (r[m] !== null && r[m] !== undefined) value.run(seq, m, r[m]);
  });
}

/** A time that is too recent to be trusted, as 0 (see the top of this file). */
function trusted(mtimeNs: bigint): bigint {
  const now = BigInt(Date.now()) * 1_000_000n;
  return now - mtimeNs < RACY_NS ? 0n : mtimeNs;
}

type DocStatements = ReturnType<typeof prepareDocStatements>;

function prepareDocStatements(db: Db) {
  return {
    upsert: db.prepare(`INSERT INTO documents (doc, path, size, mtime_ns, doc_sha256, rules_version, status, diagnostics, first_run, extracted_run,
                          province, city, district, street, division_code, level, year, period, title, doc_type, meta_note, facts, fingerprint)
                        VALUES (?, ?, 0, 0, '', ?, 'failed', '[]', ?, ?, '', '', '', '', '', '', NULL, '', '', '', '', 0, '')
                        ON CONFLICT (doc) DO UPDATE SET path = excluded.path, extracted_run = excluded.extracted_run
                        RETURNING doc_id`),
    drop: db.prepare('DELETE FROM documents WHERE doc_id = ?'),
    clearFacts: db.prepare('DELETE FROM doc_facts WHERE doc_id = ?'),
    clearHeadlines: db.prepare('DELETE FROM doc_headlines WHERE doc_id = ?'),
    fact: db.prepare(`INSERT INTO doc_facts (doc_id, seq, id, metric, subject, value, value_max, unit, measure, approx, total, part_of, text, start, "end", sentence, rule)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    update: db.prepare(`UPDATE documents SET size = ?, mtime_ns = ?, doc_sha256 = ?, rules_version = ?, status = ?, diagnostics = ?, extracted_run = ?, missing_since = NULL,
                          province = ?, city = ?, district = ?, street = ?, division_code = ?, level = ?, year = ?, period = ?, title = ?, doc_type = ?, meta_note = ?,
                          facts = ?, fingerprint = ? WHERE doc_id = ?`),
    headline: db.prepare('INSERT INTO doc_headlines (doc_id, seq, metric, value, approx, text, fact_id, how, sentence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    dirty: db.prepare("INSERT INTO meta (key, value) VALUES ('units_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'"),
  };
}

/**
 * One document's rows. The transaction opens with the first facts (a file over 2 MB hands
 * them over a chunk at a time) and commits with done(): a run killed in between leaves the
 * document as it was before, to be done again by the next run.
 */
export class DocWriter {
  private docId: number | null = null;
  private seq = 0;
  /** the document columns the facts carry (src/store/columns.ts DOC_FACT_FIELDS) */
  private first: unknown[] | null = null;
  private s: DocStatements;
  constructor(private run: StoreRun, private db: Db, private file: StoreFile, private stat: FileStat | null, private reason: Reason, private replaces?: number) {
    this.s = run.docStatements;
  }

  private fail(err: unknown): never {
    this.abort();
    throw storeFailure(err, this.run.file, true);
  }

  /** Opens the transaction: the document's row (kept, or made), its old facts and headlines gone. */
  private begin(): number {
    if (this.docId !== null) return this.docId;
    const { runId, rulesVersion } = this.run.context;
    this.db.exec('BEGIN IMMEDIATE');
    // the same file stored under another name: its rows go in the same transaction
    if (this.replaces !== undefined) this.s.drop.run(this.replaces);
    const row = this.s.upsert.get(this.file.doc, path.resolve(this.file.doc), rulesVersion, runId, runId) as { doc_id: number };
    this.docId = row.doc_id;
    this.s.clearFacts.run(this.docId);
    this.s.clearHeadlines.run(this.docId);
    return this.docId;
  }

  /** Some of the document's facts, in order (as a worker hands them over: src/store/columns.ts). */
  facts(rows: FactRows): void {
    if (!rows.facts.length) return;
    try {
      const id = this.begin();
      this.first ??= rows.doc;
      for (const f of rows.facts) {
        // SQLite has no booleans
        f[TOTAL] = f[TOTAL] ? 1 : 0;
        this.s.fact.run(id, this.seq++, ...f);
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** The document's other rows and its metadata; commits. */
  done(r: StoreResult): void {
    try {
      const id = this.begin();
      const s = r.summary;
      const f = this.first ? Object.fromEntries(DOC_FACT_FIELDS.map((k, i) => [k, this.first![i]])) : null;
      const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      const year = (v: unknown) => (typeof v === 'number' ? v : null);
      // the facts' document columns are kept once, with the document: they must be the summary's
      if (s && f) for (const k of DOC_FACT_FIELDS) if (s[k] !== f[k]) throw new Error(`internal: the summary of ${this.file.doc} and its facts disagree on ${k}`);
      const from: Record<string, unknown> = s ?? f ?? {};
      for (const h of r.headlines) {
        for (const k of HEADLINE_DOC_FIELDS) if (h[k] !== (s ? s[k] : undefined)) throw new Error(`internal: the headline rows of ${this.file.doc} disagree with its summary on ${k}`);
      }
      this.s.update.run(this.stat?.size ?? 0, this.stat?.mtimeNs ?? 0n, text(from.doc_sha256), this.run.context.rulesVersion, r.ok ? 'ok' : 'failed', JSON.stringify(r.diagnostics),
          this.run.context.runId, text(from.province), text(from.city), text(from.district), text(from.street), text(from.division_code), text(s?.level),
          year(from.year), text(from.period), text(s?.title), text(s?.doc_type), text(s?.meta_note), s ? Number(s.facts) : this.seq, r.unit?.fingerprint ?? '', id);
      r.headlines.forEach((h, i) => this.s.headline.run(id, i, h.metric, h.value, h.approx, h.text, h.fact_id, h.how, h.sentence));
      this.s.dirty.run();
      this.db.exec('COMMIT');
    } catch (err) {
      this.fail(err);
    }
    this.run.committed(this.reason, this.seq);
  }

  /** Forgets what was written of this document (the transaction is rolled back). */
  abort(): void {
    if (this.docId !== null && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.docId = null;
  }
}
