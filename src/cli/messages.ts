// The only place where diagnostic codes become prose.
import type { Diagnostic } from '../diagnostics.js';
import { severityOf } from '../diagnostics.js';
import type { RuleError } from '../rules/load.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder (deleted or moved?)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder, not a file',
  ELOOP: 'too many symbolic links (a link loop?)',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  EIO: 'input/output error',
  NOT_REGULAR: 'not a regular file (a pipe, socket or device)',
};

export function describeErrno(code: string): string {
  return REASONS[code] ?? code;
}

const reason = (r: string | number | undefined) => (r === undefined ? '' : REASONS[String(r)] ?? String(r));

export function describe(d: Diagnostic): string {
  const a = d.args;
  switch (d.code) {
    case 'READ_FAILED': return `cannot read: ${reason(a.reason)}`;
    case 'LINK_NOT_FOLLOWED': return `folder link not followed: it leads back to ${a.target}, already searched (a link loop?)`;
    case 'NOT_TEXT': return `not a text report: looks like ${a.what}`;
    case 'EMPTY_DOCUMENT': return 'empty: no text after decoding';
    case 'DECODE_FALLBACK_GB18030': return 'not UTF-8: decoded as GB18030/GBK';
    case 'DECODE_LOSSY': return `damaged or mixed encoding: ${(Number(a.share) * 100).toFixed(1)}% of characters could not be decoded`;
    case 'NO_BODY_FOUND': return 'only page chrome: no report body found';
    case 'NOT_A_REPORT': return 'does not look like a government report (no report wording in its opening): read anyway, doc_type not_report';
    case 'AMBIGUOUS_DIVISION': return `reporting unit ambiguous: ${a.name} names ${a.count} units`;
    case 'UNRESOLVED_DIVISION': return `reporting unit not found (${a.reason})`;
    case 'INTERNAL_ERROR': return `internal error while extracting (please report): ${a.reason}`;
  }
}

/** One line: "lawreport: <file>: <severity> [<stage>] <reason> (<CODE>)". */
export function formatDiagnostic(d: Diagnostic): string {
  const sev = severityOf(d);
  const label = sev === 'error' ? 'skipped' : sev;
  return `lawreport: ${d.doc ?? '(run)'}: ${label}${d.stage ? ` [${d.stage}]` : ''}: ${describe(d)} (${d.code})`;
}

export function formatRuleError(e: RuleError): string {
  return `lawreport: ${e.file}: ${e.path}: ${e.message}`;
}
