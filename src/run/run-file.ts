// One file through the pipeline: read its bytes (file system errors become a
// READ_FAILED diagnostic) and process it (a thrown bug becomes INTERNAL_ERROR for that
// file only). Used on the main thread and in the workers alike.
import { readFileSync, statSync } from 'node:fs';
import { readFailure, type Diagnostic } from '../diagnostics.js';
import { processDocument, type DocResult, type PipelineContext } from '../pipeline.js';

/**
 * Reads one file; file system errors become a READ_FAILED diagnostic. `path` opens it when
 * it is not `file` (a name that is not UTF-8, as bytes: discover.ts).
 */
export function readFileBytes(file: string, path: string | Uint8Array = file): { ok: true; bytes: Buffer } | { ok: false; diagnostic: Diagnostic } {
  const p = typeof path === 'string' ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength);
  try {
    const st = statSync(p);
    if (st.isDirectory()) return { ok: false, diagnostic: { code: 'READ_FAILED', args: { reason: 'EISDIR' }, doc: file, stage: 'read' } };
    // a FIFO, socket or device would block or never end
    if (!st.isFile()) return { ok: false, diagnostic: { code: 'READ_FAILED', args: { reason: 'NOT_REGULAR' }, doc: file, stage: 'read' } };
    return { ok: true, bytes: readFileSync(p) };
  } catch (err) {
    return { ok: false, diagnostic: readFailure(err, file, 'read') };
  }
}

export function runOneFile(file: string, ctx: PipelineContext, path: string | Uint8Array = file): DocResult {
  const read = readFileBytes(file, path);
  if (!read.ok) return { doc: file, ok: false, doc_sha256: '', meta: null, facts: [], headlines: [], diagnostics: [read.diagnostic] };
  try {
    return processDocument(file, read.bytes, ctx);
  } catch (err) {
    // a bug in one document must not sink the others; it is reported, not swallowed
    const e = err as Error;
    return {
      doc: file, ok: false, doc_sha256: '', meta: null, facts: [], headlines: [],
      diagnostics: [{ code: 'INTERNAL_ERROR', args: { reason: e.stack?.split('\n').slice(0, 2).join(' ') ?? String(e) }, doc: file, stage: 'extract' }],
    };
  }
}
