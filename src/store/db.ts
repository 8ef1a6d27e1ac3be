// Opening a store: better-sqlite3 is loaded here, and only when a store is used (a plain
// extract never pays for it); WAL mode, so analysts' readers (the sqlite3 shell, Python)
// never block a run nor see half a document; the schema (schema.sql) brought up to date in
// order; and the run lock.
//
// The run lock is an exclusive SQLite lock on a side file, <store>-lock, held for the whole
// run by a connection of its own. It is an operating-system lock: the kernel lets go of it
// when the process ends, however it ends (kill -9 included), so a lock can never be left
// behind by a dead run; a second run waits for it (--wait, SQLite's busy timeout) and then
// stops with STORE_BUSY. A lock row in the store itself would outlive a killed run and need
// guessing whether its owner still lives; holding a write transaction of the store for the
// whole run would stop the run's own per-document commits.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export type Db = BetterSqlite3.Database;

/** PRAGMA application_id of a lawreport store ('LrpT'), set by the first schema version. */
export const APPLICATION_ID = 1282568276;

/** How long a statement waits for another connection's lock (a checkpoint, a merge) before failing. */
const BUSY_MS = 10_000;

/** What can go wrong with a store as a whole; src/cli/messages.ts says it in words. */
export type StoreErrorCode =
  | 'STORE_NOT_FOUND'
  | 'STORE_NOT_A_STORE'
  | 'STORE_TOO_NEW'
  | 'STORE_TOO_OLD'
  | 'STORE_BUSY'
  | 'STORE_WRITE_FAILED'
  | 'STORE_READ_FAILED'
  | 'STORE_RULES_MISMATCH'
  | 'STORE_EMPTY';

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(readonly code: StoreErrorCode, readonly file: string, readonly args: Record<string, string | number> = {}) {
    super(`${code}: ${file} ${JSON.stringify(args)}`);
  }
}

const require = createRequire(import.meta.url);
let driver: typeof BetterSqlite3 | null = null;
function Database(): typeof BetterSqlite3 {
  driver ??= require('better-sqlite3') as typeof BetterSqlite3;
  return driver;
}

/** SQLite's result codes that mean the disk said no, and the errno-like reason shown for them. */
const WRITE_CODES: Record<string, string> = {
  SQLITE_FULL: 'ENOSPC',
  SQLITE_READONLY: 'EROFS',
  SQLITE_CANTOPEN: 'CANTOPEN',
  SQLITE_PERM: 'EACCES',
};

/**
 * A failure of SQLite or of the file system as a StoreError (the disk is full, read-only,
 * the file is not a database); anything else is a bug and is thrown on as it is.
 */
export function storeFailure(err: unknown, file: string, writing: boolean): unknown {
  if (err instanceof StoreError) return err;
  const e = err as Error & { code?: string };
  if (typeof e.code !== 'string') return err;
  if (e.code === 'SQLITE_NOTADB' || e.code === 'SQLITE_CORRUPT') return new StoreError('STORE_NOT_A_STORE', file, { reason: e.code });
  if (e.code === 'SQLITE_BUSY' || e.code.startsWith('SQLITE_BUSY_')) return new StoreError('STORE_BUSY', file, { waited: BUSY_MS / 1000 });
  const base = e.code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1');
  if (base in WRITE_CODES || base === 'SQLITE_IOERR') {
    return new StoreError(writing ? 'STORE_WRITE_FAILED' : 'STORE_READ_FAILED', file, { reason: WRITE_CODES[base] ?? e.code });
  }
  // a file system error (errno)
  if (/^E[A-Z]+$/.test(e.code)) return new StoreError(writing ? 'STORE_WRITE_FAILED' : 'STORE_READ_FAILED', file, { reason: e.code });
  return err;
}

interface Section {
  version: number;
  sql: string;
}

let sections: Section[] | null = null;

/** schema.sql cut at its "-- version N" lines, in order. */
export function schemaSections(): Section[] {
  if (sections) return sections;
  const text = readFileSync(new URL('./schema.sql', import.meta.url), 'utf8');
  // [the preamble, "1", the SQL of version 1, "2", the SQL of version 2, ...]
  const parts = text.split(/^-- version (\d+)[ \t]*$/m);
  const out: Section[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const version = Number(parts[i]);
    if (version !== out.length + 1) throw new Error(`schema.sql: version ${version} follows ${out.length}`);
    out.push({ version, sql: parts[i + 1]! });
  }
  sections = out;
  return out;
}

export const schemaVersion = (): number => schemaSections().length;

/** Whether the folder of `file` (and the file, if it is there) can be written; the errno when not. */
function unwritable(file: string): string | null {
  const dir = path.dirname(path.resolve(file));
  try {
    if (!statSync(dir).isDirectory()) return 'ENOTDIR';
    accessSync(dir, constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

/**
 * Opens a store to write (created when missing) and brings its schema up to date. The run
 * lock should be held (lockStore) before, so that no two runs migrate or write at once.
 */
export function openForWrite(file: string): Db {
  const why = unwritable(file);
  if (why) throw new StoreError('STORE_WRITE_FAILED', file, { reason: why });
  let db: Db | null = null;
  try {
    if (existsSync(file) && statSync(file).isDirectory()) throw new StoreError('STORE_NOT_A_STORE', file, { reason: 'EISDIR' });
    db = new (Database())(file);
    db.pragma(`busy_timeout = ${BUSY_MS}`);
    checkFormat(db, file, true);
    db.pragma('journal_mode = WAL');
    // in WAL mode NORMAL never corrupts: a power cut may lose the last documents committed, which the next run redoes
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw storeFailure(err, file, true);
  }
}

/** Opens a store to read it (export, report, a shard to merge): it must exist and be of this schema version. */
export function openForRead(file: string): Db {
  if (!existsSync(file)) throw new StoreError('STORE_NOT_FOUND', file);
  if (statSync(file).isDirectory()) throw new StoreError('STORE_NOT_A_STORE', file, { reason: 'EISDIR' });
  let db: Db | null = null;
  try {
    db = new (Database())(file, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${BUSY_MS}`);
    const version = checkFormat(db, file, false);
    if (version < schemaVersion()) throw new StoreError('STORE_TOO_OLD', file, { version, known: schemaVersion() });
    return db;
  } catch (err) {
    db?.close();
    throw storeFailure(err, file, false);
  }
}

/** Refuses a file that is not a lawreport store, or one of a newer schema. Returns its schema version. */
function checkFormat(db: Db, file: string, writing: boolean): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  const app = db.pragma('application_id', { simple: true }) as number;
  if (version > schemaVersion()) throw new StoreError('STORE_TOO_NEW', file, { version, known: schemaVersion() });
  if (version === 0) {
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n;
    if (tables > 0 || app !== 0) throw new StoreError('STORE_NOT_A_STORE', file, { reason: 'other' });
    if (!writing) throw new StoreError('STORE_EMPTY', file);
  } else if (app !== APPLICATION_ID) {
    throw new StoreError('STORE_NOT_A_STORE', file, { reason: 'other' });
  }
  return version;
}

/** Applies the schema's sections newer than the store's, each in one transaction. */
function migrate(db: Db): void {
  const have = db.pragma('user_version', { simple: true }) as number;
  for (const s of schemaSections()) {
    if (s.version <= have) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(s.sql);
      db.pragma(`user_version = ${s.version}`);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }
}

export interface RunLock {
  release(): void;
}

/**
 * Takes the store's run lock (see the top of this file), waiting up to `waitMs` for a run
 * that holds it. STORE_BUSY when it is still held then.
 */
export function lockStore(file: string, waitMs: number): RunLock {
  const why = unwritable(file);
  if (why) throw new StoreError('STORE_WRITE_FAILED', file, { reason: why });
  const lockFile = `${file}-lock`;
  let lock: Db | null = null;
  try {
    lock = new (Database())(lockFile);
    lock.pragma(`busy_timeout = ${Math.round(waitMs)}`);
    // nothing is ever written to it: no journal file beside it
    lock.pragma('journal_mode = MEMORY');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    lock?.close();
    const e = err as { code?: string };
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY')) throw new StoreError('STORE_BUSY', file, { waited: waitMs / 1000 });
    throw storeFailure(err, file, true);
  }
  const held = lock;
  return {
    release: () => {
      if (!held.open) return;
      if (held.inTransaction) held.exec('ROLLBACK');
      held.close();
    },
  };
}

/** The run that holds a store's lock, as its log says (for STORE_BUSY's message), if it can be read. */
export function runningRun(file: string): { pid: number; host: string; started: string } | null {
  if (!existsSync(file)) return null;
  let db: Db | null = null;
  try {
    db = new (Database())(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 1000');
    const has = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'runs'").get();
    if (!has) return null;
    return (db.prepare("SELECT pid, host, started FROM runs WHERE status = 'running' ORDER BY run_id DESC LIMIT 1").get() as { pid: number; host: string; started: string } | undefined) ?? null;
  } catch (err) {
    // only a detail of the message: a store that cannot be read now says nothing about its holder
    if (storeFailure(err, file, false) instanceof StoreError) return null;
    throw err;
  } finally {
    db?.close();
  }
}
