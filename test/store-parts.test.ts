// The store's parts without the CLI: shards, the schema file and its order, the views made
// from the metric list, the rules version.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../src/run/shard.js';
import { APPLICATION_ID, lockStore, openForRead, openForWrite, schemaSections, StoreError } from '../src/store/db.js';
import { rulesVersion } from '../src/store/version.js';
import { wideViewsSql } from '../src/store/views.js';
import { fixture } from './helpers.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'lawreport-store-parts-'));

describe('--shard i/n', () => {
  it('reads i/n with shards numbered from 1, and nothing else', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', '1', 'a/b', '1/0', '-1/3', '1.5/3', '']) expect(parseShard(bad), bad).toBeNull();
  });

  it('puts every path in exactly one shard, evenly enough, and the same one whatever else is in the list', () => {
    const docs = Array.from({ length: 3000 }, (_, i) => `reports/2023/${i}_报告.txt`);
    const counts = [0, 0, 0, 0];
    for (const d of docs) {
      const s = shardOf(d, 4);
      expect([1, 2, 3, 4].filter((i) => inShard(d, { index: i, count: 4 }))).toEqual([s]);
      counts[s - 1]!++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(600);
    // a file added or removed moves no other file: the shard depends on the path alone
    expect(shardOf('reports/a.txt', 4)).toBe(shardOf('reports/a.txt', 4));
  });
});

describe('the schema', () => {
  it('is applied in order, one version after another, and marks the file as a lawreport store', () => {
    const sections = schemaSections();
    expect(sections.map((s) => s.version)).toEqual(sections.map((_, i) => i + 1));
    const file = path.join(tmp(), 's.db');
    const db = openForWrite(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(sections.length);
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
      const names = (db.prepare("SELECT name, type FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string; type: string }>);
      expect(names.filter((n) => n.type === 'view').map((n) => n.name)).toEqual(['facts', 'metrics']);
      expect(names.filter((n) => n.type === 'table').map((n) => n.name)).toEqual(['doc_facts', 'doc_headlines', 'documents', 'meta', 'runs', 'unit_rows', 'unit_values']);
    } finally {
      db.close();
    }
    // opened again: nothing to apply
    openForWrite(file).close();
    openForRead(file).close();
  });

  it('refuses a newer schema, and databases of other programs', () => {
    const newer = path.join(tmp(), 'n.db');
    const db = openForWrite(newer);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openForWrite(newer)).toThrow(expect.objectContaining({ code: 'STORE_TOO_NEW' }));
    expect(() => openForRead(newer)).toThrow(expect.objectContaining({ code: 'STORE_TOO_NEW' }));
    const other = path.join(tmp(), 'o.db');
    const o = new Database(other);
    o.exec('CREATE TABLE notes (x)');
    o.close();
    expect(() => openForWrite(other)).toThrow(expect.objectContaining({ code: 'STORE_NOT_A_STORE' }));
    const text = path.join(tmp(), 't.db');
    writeFileSync(text, 'hello\n'.repeat(1000));
    expect(() => openForRead(text)).toThrow(StoreError);
  });

  it('the run lock is held by one at a time, and let go', () => {
    const file = path.join(tmp(), 'l.db');
    const a = lockStore(file, 0);
    expect(() => lockStore(file, 100)).toThrow(expect.objectContaining({ code: 'STORE_BUSY' }));
    a.release();
    lockStore(file, 0).release();
  });
});

describe('the summary and units views', () => {
  it('have one column per metric, in order, whatever the characters of its id', () => {
    const file = path.join(tmp(), 'v.db');
    const db = openForWrite(file);
    try {
      const metrics = ['mediation.cases', 'odd"id', "it's"];
      db.exec(wideViewsSql(metrics));
      const cols = (v: string) => db.prepare(`SELECT * FROM ${v}`).columns().map((c) => c.name);
      expect(cols('summary').slice(-3)).toEqual(metrics);
      expect(cols('units').slice(-4)).toEqual([...metrics, 'conflicts']);
      db.exec(wideViewsSql(['a.b']));
      expect(cols('summary').slice(-1)).toEqual(['a.b']);
    } finally {
      db.close();
    }
  });
});

describe('the rules version', () => {
  it('changes with any rule file of any folder given, and with nothing else', () => {
    const extra = path.join(tmp(), 'extra');
    cpSync(fixture('..', 'rules', 'metrics'), extra, { recursive: true });
    const base = rulesVersion([]);
    expect(rulesVersion([])).toEqual(base);
    expect(base.version.startsWith(`${base.tool}+`)).toBe(true);
    const withExtra = rulesVersion([extra]);
    expect(withExtra.version).not.toBe(base.version);
    // a copy of the folder elsewhere is the same rules
    const copy = path.join(tmp(), 'copy');
    cpSync(extra, copy, { recursive: true });
    expect(rulesVersion([copy]).version).toBe(withExtra.version);
    writeFileSync(path.join(copy, 'counsel.yaml'), '# a comment\n', { flag: 'a' });
    expect(rulesVersion([copy]).version).not.toBe(withExtra.version);
  });
});
