// Every problem lawreport reports is a Diagnostic with a stable SCREAMING_SNAKE code.
// Only src/cli/messages.ts turns them into prose.

export const DIAGNOSTIC_CODES = {
  // the file could not be used at all (stage: read)
  READ_FAILED: 'error',
  NOT_TEXT: 'error',
  EMPTY_DOCUMENT: 'error',
  // no candidate encoding reads the bytes as Chinese text (stage: decode)
  DECODE_FAILED: 'error',
  // a folder link that leads back to a folder already searched
  LINK_NOT_FOLLOWED: 'info',
  // a file name that is not UTF-8 (GBK from a Windows zip): shown decoded
  NAME_NOT_UTF8: 'info',
  // the file was read, with a caveat
  DECODE_FALLBACK_GB18030: 'info',
  DECODE_BIG5: 'info',
  DECODE_MIXED: 'warning',
  DECODE_LOSSY: 'warning',
  NO_BODY_FOUND: 'warning',
  NUMBER_TOO_LARGE: 'warning',
  AMBIGUOUS_DIVISION: 'info',
  UNRESOLVED_DIVISION: 'info',
  // nothing in the opening reads like a government report (doc_type not_report); its facts are still extracted
  NOT_A_REPORT: 'warning',
  // a bound was hit: the document is skipped, the run goes on
  DOCUMENT_TIMEOUT: 'error',
  OUT_OF_MEMORY: 'error',
  // a bug: one document failed inside the pipeline; the run goes on
  INTERNAL_ERROR: 'error',
  // the store (--store): stored documents extracted again because the rules or lawreport's version changed
  STORE_RULES_CHANGED: 'info',
  // stored documents under the paths of the run whose files are gone (kept, marked missing; --prune removes them)
  STORE_MISSING: 'info',
  // a run on this store that never finished (killed): this run completes its work
  STORE_UNFINISHED_RUN: 'info',
  // export: some stored documents were extracted with other rules than the store's last run
  STORE_MIXED_RULES: 'info',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = (typeof DIAGNOSTIC_CODES)[DiagnosticCode];
export type Stage = 'discover' | 'read' | 'decode' | 'metadata' | 'extract' | 'write' | 'store';

export interface Diagnostic {
  code: DiagnosticCode;
  args: Record<string, string | number>;
  doc?: string;
  stage?: Stage;
}

export const severityOf = (d: Diagnostic): Severity => DIAGNOSTIC_CODES[d.code];

/** A file system error as the READ_FAILED diagnostic of a stage. */
export function readFailure(err: unknown, doc: string, stage: 'discover' | 'read'): Diagnostic {
  const e = err as NodeJS.ErrnoException;
  return { code: 'READ_FAILED', args: { reason: e.code ?? e.message }, doc, stage };
}
