// The path - : one document read from standard input. Workers read documents from files, so
// its bytes are kept in a temporary file for the run (removed when it ends).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface StdinDocument {
  /** the temporary file holding the bytes */
  path: string;
  remove(): void;
}

export function stdinDocument(bytes: Uint8Array): StdinDocument {
  const dir = mkdtempSync(path.join(tmpdir(), 'lawreport-stdin-'));
  const file = path.join(dir, 'stdin');
  writeFileSync(file, bytes);
  return { path: file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
