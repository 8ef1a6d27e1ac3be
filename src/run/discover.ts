// Finds the report files under the paths a user gives: files as they are, folders
// searched recursively (*.txt, *.html, *.htm unless --glob says otherwise). Linked files
// are included; a linked folder is followed once (by its real path), so a link loop ends
// with a diagnostic instead of running forever. Sorted, so a run's output order does not
// depend on the file system.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Diagnostic } from '../diagnostics.js';
import { readFailure } from './run-file.js';

export const DEFAULT_GLOB = '**/*.{txt,TXT,html,HTML,htm,HTM}';

export interface Discovery {
  files: string[];
  diagnostics: Diagnostic[];
}

function walk(dir: string, glob: string, visited: Set<string>, out: Discovery): void {
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  // everything the pattern matches, plus every link (a linked folder may hold reports)
  const entries = fg.sync('**/*', {
    cwd: dir,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    objectMode: true,
    dot: false,
  });
  const matches = new Set(fg.sync(glob, { cwd: dir, onlyFiles: false, followSymbolicLinks: false, suppressErrors: true, dot: false }));
  for (const e of entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const full = base + e.path;
    if (e.dirent.isFile()) {
      if (matches.has(e.path)) out.files.push(full);
      continue;
    }
    if (!e.dirent.isSymbolicLink()) continue;
    let st;
    try {
      st = statSync(full);
    } catch (err) {
      if (matches.has(e.path)) out.diagnostics.push(readFailure(err, full, 'discover'));
      continue;
    }
    if (st.isFile()) {
      if (matches.has(e.path)) out.files.push(full);
    } else if (st.isDirectory()) {
      const real = realpathSync(full);
      if (visited.has(real)) {
        out.diagnostics.push({ code: 'LINK_NOT_FOLLOWED', args: { target: real }, doc: full, stage: 'discover' });
        continue;
      }
      visited.add(real);
      walk(full, glob, visited, out);
    }
  }
}

export function discover(paths: string[], glob = DEFAULT_GLOB): Discovery {
  const out: Discovery = { files: [], diagnostics: [] };
  const visited = new Set<string>();
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      out.diagnostics.push(readFailure(err, p, 'discover'));
      continue;
    }
    if (!isDir) {
      out.files.push(p);
      continue;
    }
    const real = realpathSync(p);
    if (visited.has(real)) continue;
    visited.add(real);
    walk(p, glob, visited, out);
  }
  // a file reached twice (named as a file and inside a folder, or through a link) is read
  // once, under the first name
  const seen = new Set<string>();
  out.files = out.files.filter((f) => {
    let key: string;
    try {
      key = realpathSync(f);
    } catch {
      key = path.resolve(f); // unreadable: the reader reports why
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out;
}
