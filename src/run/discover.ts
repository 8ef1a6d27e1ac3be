// Finds the report files under the paths a user gives: files as they are, folders
// searched recursively (*.txt, *.html, *.htm unless --glob says otherwise). Linked files
// are included; a linked folder is followed once (by its real path), so a link loop ends
// with a diagnostic instead of running forever. Sorted, so a run's output order does not
// depend on the file system.
//
// Folders are read as bytes: a file name that is not UTF-8 (GBK names from a zip archive
// made on Windows) is kept as the bytes that open it, and shown decoded (GB18030 when it
// decodes cleanly as such, else with its bad bytes as \xNN).
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic } from '../diagnostics.js';
import { readFailure } from '../diagnostics.js';

export const DEFAULT_GLOB = '**/*.{txt,TXT,html,HTML,htm,HTM}';

/** A file to read: `doc` names it in the output, `path` opens it (bytes when the name is not UTF-8). */
export interface DocFile {
  doc: string;
  path: string | Buffer;
}

export interface Discovery {
  files: DocFile[];
  diagnostics: Diagnostic[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/** A file name's bytes as text, and whether they were UTF-8. */
export function decodeName(bytes: Uint8Array): { name: string; utf8: boolean } {
  try {
    return { name: utf8.decode(bytes), utf8: true };
  } catch {
    // not UTF-8: most such names are GBK, written by Windows tools
  }
  try {
    const name = gb18030.decode(bytes);
    if (!/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(name)) return { name, utf8: false };
  } catch {
    // not GB18030 either: shown with escapes
  }
  let name = '';
  for (let i = 0; i < bytes.length; ) {
    // the longest valid UTF-8 run from i, else one byte as \xNN
    let j = Math.min(bytes.length, i + 4);
    let s: string | null = null;
    for (; j > i; j--) {
      try {
        s = utf8.decode(bytes.subarray(i, j));
        break;
      } catch {
        s = null;
      }
    }
    if (s !== null && j > i) {
      name += s;
      i = j;
    } else {
      name += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return { name, utf8: false };
}

interface Entry {
  /** relative to the folder searched, as shown */
  rel: string;
  path: string | Buffer;
  dirent: Dirent<Buffer>;
  /** a component of the path is not UTF-8 */
  decoded: boolean;
}

const SLASH = Buffer.from('/');
const join = (dir: string | Buffer, name: Buffer, nameText: string, decoded: boolean): string | Buffer =>
  typeof dir === 'string' && !decoded ? `${dir}/${nameText}` : Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, SLASH, name]);

/** Every entry under `dir` (not following links, no dot files), as fast-glob's `**` lists them. */
function listTree(dir: string | Buffer, rel: string, decodedDir: boolean, out: Entry[], diagnostics: Diagnostic[], shown: string): void {
  let entries: Array<Dirent<Buffer>>;
  try {
    entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (err) {
    // a folder that cannot be listed (permission denied): said, not silently empty
    diagnostics.push(readFailure(err, shown, 'discover'));
    return;
  }
  for (const d of entries) {
    if (d.name[0] === 0x2e) continue; // a dot file or folder
    const { name, utf8: ok } = decodeName(d.name);
    const decoded = decodedDir || !ok;
    const entry: Entry = { rel: rel ? `${rel}/${name}` : name, path: join(dir, d.name, name, decoded), dirent: d, decoded };
    out.push(entry);
    if (d.isDirectory()) listTree(entry.path, entry.rel, decoded, out, diagnostics, `${shown}/${name}`);
  }
}

/** A real path as a key (bytes, so that two names that show alike stay apart). */
const realKey = (p: string | Buffer) => realpathSync(p, { encoding: 'buffer' }).toString('latin1');

function walk(dir: string | Buffer, shown: string, decodedDir: boolean, isMatch: (rel: string) => boolean, visited: Set<string>, out: Discovery): void {
  const base = shown.endsWith('/') ? shown : `${shown}/`;
  const entries: Entry[] = [];
  listTree(typeof dir === 'string' && dir.endsWith('/') && dir.length > 1 ? dir.slice(0, -1) : dir, '', decodedDir, entries, out.diagnostics, base.slice(0, -1));
  entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const e of entries) {
    const doc = base + e.rel;
    if (e.dirent.isFile()) {
      if (isMatch(e.rel)) add(out, doc, e.path, e.decoded);
      continue;
    }
    if (!e.dirent.isSymbolicLink()) continue;
    let st;
    try {
      st = statSync(e.path);
    } catch (err) {
      if (isMatch(e.rel)) out.diagnostics.push(readFailure(err, doc, 'discover'));
      continue;
    }
    if (st.isFile()) {
      if (isMatch(e.rel)) add(out, doc, e.path, e.decoded);
    } else if (st.isDirectory()) {
      const real = realKey(e.path);
      if (visited.has(real)) {
        out.diagnostics.push({ code: 'LINK_NOT_FOLLOWED', args: { target: realpathSync(e.path) }, doc, stage: 'discover' });
        continue;
      }
      visited.add(real);
      walk(e.path, doc, e.decoded, isMatch, visited, out);
    }
  }
}

function add(out: Discovery, doc: string, p: string | Buffer, decoded: boolean): void {
  out.files.push({ doc, path: p });
  if (decoded) out.diagnostics.push({ code: 'NAME_NOT_UTF8', args: {}, doc, stage: 'discover' });
}

export function discover(paths: string[], glob = DEFAULT_GLOB): Discovery {
  const out: Discovery = { files: [], diagnostics: [] };
  const visited = new Set<string>();
  const isMatch = picomatch(glob, { dot: false });
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      out.diagnostics.push(readFailure(err, p, 'discover'));
      continue;
    }
    if (!isDir) {
      out.files.push({ doc: p, path: p });
      continue;
    }
    const real = realKey(p);
    if (visited.has(real)) continue;
    visited.add(real);
    walk(p, p, false, isMatch, visited, out);
  }
  // a file reached twice (named as a file and inside a folder, or through a link) is read
  // once, under the first name
  const seen = new Set<string>();
  out.files = out.files.filter((f) => {
    let key: string;
    try {
      key = realKey(f.path);
    } catch {
      key = path.resolve(f.doc); // unreadable: the reader reports why
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out;
}

/**
 * Whether a document path would be found by discover(paths, glob) if its file were there:
 * one of the paths itself, or a file inside one of the folders that matches the pattern.
 * A path that could not be looked at this time (`unreadable`: a folder unmounted, denied)
 * covers nothing, so its documents are not taken for gone. For the store: only documents in
 * scope can be missing.
 */
export function discoveryScope(paths: readonly string[], glob = DEFAULT_GLOB, unreadable: readonly string[] = []): (doc: string) => boolean {
  const isMatch = picomatch(glob, { dot: false });
  const files = new Set<string>();
  const folders: string[] = [];
  for (const p of paths) {
    if (unreadable.includes(p)) continue;
    let st;
    try {
      st = statSync(p);
    } catch {
      continue; // gone: reported by discover, covers nothing
    }
    if (st.isDirectory()) folders.push(p.endsWith('/') ? p : `${p}/`);
    else files.add(p);
  }
  const blocked = unreadable.map((u) => (u.endsWith('/') ? u : `${u}/`));
  return (doc) => {
    if (files.has(doc)) return true;
    if (blocked.some((b) => doc.startsWith(b))) return false;
    return folders.some((f) => doc.startsWith(f) && isMatch(doc.slice(f.length)));
  };
}
