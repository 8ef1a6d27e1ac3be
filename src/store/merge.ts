// lawreport store merge <out.db> <shard.db...>: the stores of shards (extract --shard i/n
// --store shard-i.db) combined into one. Every document present in them must have been
// extracted with the same rules version, and so must those already in <out.db>: a store
// mixing rules would mix figures that do not compare. Each input is copied in one
// transaction (set-based, through ATTACH); a document in <out.db> or in an earlier input is
// replaced by the same document of a later input — unless the later one only knows it as
// missing. Merging again is harmless: the result is the same.
import { hostname } from 'node:os';
import type { Diagnostic } from '../diagnostics.js';
import { lockStore, openForRead, openForWrite, storeFailure, StoreError, type Db, type RunLock } from './db.js';
import { readMeta, type StoreMeta } from './read.js';
import { rewriteUnits } from './run-store.js';
import { lawreportVersion } from './version.js';
import { wideViewsSql } from './views.js';

export interface MergeOptions {
  waitMs: number;
  args: string[];
}

export interface MergeSummary {
  stores: number;
  /** documents copied (present or missing) */
  docs: number;
  notices: Diagnostic[];
}

/** The columns of documents copied as they are. */
const DOC_COLUMNS = [
  'doc', 'path', 'size', 'mtime_ns', 'doc_sha256', 'rules_version', 'status', 'diagnostics', 'province', 'city', 'district', 'street',
  'division_code', 'level', 'year', 'period', 'title', 'doc_type', 'meta_note', 'facts', 'fingerprint',
];
const FACT_COLUMNS = ['seq', 'id', 'metric', 'subject', 'value', 'value_max', 'unit', 'measure', 'approx', 'total', 'part_of', 'text', 'start', '"end"', 'sentence', 'rule'];
const HEADLINE_COLUMNS = ['seq', 'metric', 'value', 'approx', 'text', 'fact_id', 'how', 'sentence'];

interface Input {
  file: string;
  meta: StoreMeta | null;
  /** the rules version of its present documents, or null when it has none */
  version: string | null;
}

/** The rules versions of the documents present in a store. */
function presentVersions(db: Db, schema = 'main'): string[] {
  return (db.prepare(`SELECT DISTINCT rules_version FROM ${schema}.documents WHERE missing_since IS NULL`).all() as Array<{ rules_version: string }>).map((r) => r.rules_version);
}

function inspect(file: string): Input {
  const db = openForRead(file);
  try {
    const versions = presentVersions(db);
    if (versions.length > 1) throw new StoreError('STORE_RULES_MISMATCH', file, { a: file, va: versions[0]!, b: file, vb: versions[1]! });
    const hasMeta = db.prepare("SELECT 1 FROM meta WHERE key = 'metrics'").get() !== undefined;
    return { file, meta: hasMeta ? readMeta(db, file) : null, version: versions[0] ?? null };
  } catch (err) {
    throw storeFailure(err, file, false);
  } finally {
    db.close();
  }
}

export function mergeStores(out: string, inputs: readonly string[], o: MergeOptions): MergeSummary {
  // every input checked before anything is written
  const checked = inputs.map(inspect);
  let lock: RunLock | null = null;
  let db: Db | null = null;
  try {
    lock = lockStore(out, o.waitMs);
    db = openForWrite(out);
    const own = presentVersions(db);
    const versions = [...own.map((v) => ({ file: out, v })), ...checked.flatMap((c) => (c.version ? [{ file: c.file, v: c.version }] : []))];
    const other = versions.find((x) => x.v !== versions[0]!.v);
    if (other) throw new StoreError('STORE_RULES_MISMATCH', out, { a: versions[0]!.file, va: versions[0]!.v, b: other.file, vb: other.v });
    const source = checked.find((c) => c.meta && c.version) ?? checked.find((c) => c.meta);
    const d = db;
    const notices: Diagnostic[] = [];
    const now = () => new Date().toISOString();
    d.exec('BEGIN IMMEDIATE');
    for (const r of d.prepare("SELECT run_id, started FROM runs WHERE status = 'running'").all() as Array<{ run_id: number; started: string }>) {
      notices.push({ code: 'STORE_UNFINISHED_RUN', args: { run: r.run_id, started: r.started }, doc: out, stage: 'store' });
    }
    d.prepare("UPDATE runs SET status = 'unfinished' WHERE status = 'running'").run();
    const meta = source?.meta;
    const runId = Number(d
      .prepare("INSERT INTO runs (kind, status, started, rules_version, tool_version, pid, host, args, files) VALUES ('merge', 'running', ?, ?, ?, ?, ?, ?, ?)")
      .run(now(), meta?.rulesVersion ?? '', lawreportVersion(), process.pid, hostname(), JSON.stringify(o.args), inputs.length).lastInsertRowid);
    if (meta) {
      const setMeta = d.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      const metrics = JSON.stringify(meta.metrics);
      const had = d.prepare("SELECT value FROM meta WHERE key = 'metrics'").get() as { value: string } | undefined;
      if (had?.value !== metrics) d.exec(wideViewsSql(meta.metrics.map((m) => m.id)));
      setMeta.run('metrics', metrics);
      setMeta.run('labels', JSON.stringify(meta.labels));
      setMeta.run('rules_version', meta.rulesVersion);
    }
    d.exec('COMMIT');
    let docs = 0;
    for (const input of checked) {
      d.prepare('ATTACH DATABASE ? AS src').run(input.file);
      try {
        d.exec('BEGIN IMMEDIATE');
        // what this input brings: documents it has present, and the ones it knows as missing that are not present here
        d.exec(`CREATE TEMP TABLE take AS
          SELECT s.doc_id AS src_id, s.doc FROM src.documents s LEFT JOIN main.documents m ON m.doc = s.doc
          WHERE s.missing_since IS NULL OR m.doc_id IS NULL OR m.missing_since IS NOT NULL`);
        d.exec('DELETE FROM main.documents WHERE doc IN (SELECT doc FROM temp.take)');
        docs += d
          .prepare(`INSERT INTO main.documents (${DOC_COLUMNS.join(', ')}, first_run, extracted_run, missing_since)
            SELECT ${DOC_COLUMNS.map((c) => `s.${c}`).join(', ')}, ?, ?, CASE WHEN s.missing_since IS NULL THEN NULL ELSE ? END
            FROM src.documents s JOIN temp.take t ON t.src_id = s.doc_id ORDER BY s.doc`)
          .run(runId, runId, runId).changes;
        d.exec(`INSERT INTO main.doc_facts (doc_id, ${FACT_COLUMNS.join(', ')})
          SELECT m.doc_id, ${FACT_COLUMNS.map((c) => `f.${c}`).join(', ')}
          FROM src.doc_facts f JOIN temp.take t ON t.src_id = f.doc_id JOIN main.documents m ON m.doc = t.doc`);
        d.exec(`INSERT INTO main.doc_headlines (doc_id, ${HEADLINE_COLUMNS.join(', ')})
          SELECT m.doc_id, ${HEADLINE_COLUMNS.map((c) => `h.${c}`).join(', ')}
          FROM src.doc_headlines h JOIN temp.take t ON t.src_id = h.doc_id JOIN main.documents m ON m.doc = t.doc`);
        d.exec('DROP TABLE temp.take');
        d.exec("INSERT INTO meta (key, value) VALUES ('units_dirty', '1') ON CONFLICT (key) DO UPDATE SET value = '1'");
        d.exec('COMMIT');
      } catch (err) {
        if (d.inTransaction) d.exec('ROLLBACK');
        throw err;
      } finally {
        d.exec('DETACH DATABASE src');
      }
    }
    d.exec('BEGIN IMMEDIATE');
    if (meta) rewriteUnits(d, meta.metrics.map((m) => m.id));
    d.exec("UPDATE meta SET value = '0' WHERE key = 'units_dirty'");
    d.prepare("UPDATE runs SET status = 'done', finished = ?, new = ? WHERE run_id = ?").run(now(), docs, runId);
    d.exec('COMMIT');
    d.pragma('wal_checkpoint(TRUNCATE)');
    return { stores: inputs.length, docs, notices };
  } catch (err) {
    if (db?.inTransaction) db.exec('ROLLBACK');
    throw storeFailure(err, out, true);
  } finally {
    db?.close();
    lock?.release();
  }
}
