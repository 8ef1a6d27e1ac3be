// --shard i/n: one of n parts of the files found, so that n machines (GNU parallel, a
// Kubernetes indexed job, a cluster's array job) can share a corpus, each with a store of
// its own, merged afterwards (lawreport store merge). Shards are numbered 1..n. A file's
// shard is decided by a hash of its path as shown (its `doc`), not by its place in the
// sorted list: a file added or removed moves no other file to another shard, so a shard's
// store stays valid from one week to the next and only new files are extracted. Within a
// shard the files keep their sorted order. Pure.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1..count */
  index: number;
  count: number;
}

/** "2/8" → { index: 2, count: 8 }; null when it is not i/n with 1 ≤ i ≤ n ≤ 10000. */
export function parseShard(text: string): Shard | null {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 10000 || index < 1 || index > count) return null;
  return { index, count };
}

/** The shard (1..count) a document path falls in. */
export function shardOf(doc: string, count: number): number {
  const h = createHash('sha256').update(doc).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

export const inShard = (doc: string, s: Shard): boolean => shardOf(doc, s.count) === s.index;
