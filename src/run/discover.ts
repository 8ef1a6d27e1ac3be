// Finds the report files under the paths a user gives: files as they are, folders
// searched recursively (*.txt, *.html, *.htm unless --glob says otherwise). Sorted, so a
// run's output order does not depend on the file system.
import { statSync } from 'node:fs';
import fg from 'fast-glob';
import type { Diagnostic } from '../diagnostics.js';

export const DEFAULT_GLOB = '**/*.{txt,TXT,html,HTML,htm,HTM}';

export interface Discovery {
  files: string[];
  diagnostics: Diagnostic[];
}

export function discover(paths: string[], glob = DEFAULT_GLOB): Discovery {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      diagnostics.push({ code: 'READ_FAILED', args: { reason: e.code ?? e.message }, doc: p, stage: 'discover' });
      continue;
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    const found = fg.sync(glob, {
      cwd: p,
      onlyFiles: true,
      dot: false,
      followSymbolicLinks: false,
      suppressErrors: true,
    });
    const base = p.endsWith('/') ? p : `${p}/`;
    for (const f of found.sort()) files.push(base + f);
  }
  // a file named twice (as a file and inside a folder) is read once
  return { files: [...new Set(files)], diagnostics };
}
