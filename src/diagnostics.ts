// Every problem lawreport reports is a Diagnostic with a stable SCREAMING_SNAKE code.
// Only src/cli/messages.ts turns them into prose.

export const DIAGNOSTIC_CODES = {
  // the file could not be used at all (stage: read)
  READ_FAILED: 'error',
  NOT_TEXT: 'error',
  EMPTY_DOCUMENT: 'error',
  // a folder link that leads back to a folder already searched
  LINK_NOT_FOLLOWED: 'info',
  // the file was read, with a caveat
  DECODE_FALLBACK_GB18030: 'info',
  DECODE_LOSSY: 'warning',
  NO_BODY_FOUND: 'warning',
  // the file does not look like a government report: its facts are extracted all the same
  NOT_A_REPORT: 'warning',
  AMBIGUOUS_DIVISION: 'info',
  UNRESOLVED_DIVISION: 'info',
  // a bug: one document failed inside the pipeline; the run goes on
  INTERNAL_ERROR: 'error',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type Severity = (typeof DIAGNOSTIC_CODES)[DiagnosticCode];
export type Stage = 'discover' | 'read' | 'decode' | 'metadata' | 'extract' | 'write';

export interface Diagnostic {
  code: DiagnosticCode;
  args: Record<string, string | number>;
  doc?: string;
  stage?: Stage;
}

export const severityOf = (d: Diagnostic): Severity => DIAGNOSTIC_CODES[d.code];
