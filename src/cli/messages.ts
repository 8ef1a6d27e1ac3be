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
    case 'DECODE_FAILED': return `cannot tell its encoding: read as UTF-8, GB18030/GBK or Big5 it is not Chinese text (at best ${(Number(a.share) * 100).toFixed(0)}% of its Chinese characters are common ones, against 98% in real reports)`;
    case 'NAME_NOT_UTF8': return 'the file name is not UTF-8 (a zip archive from Windows?): shown decoded, as GB18030 where it reads as such';
    case 'DECODE_FALLBACK_GB18030': return 'not UTF-8: decoded as GB18030/GBK';
    case 'DECODE_BIG5': return 'not UTF-8 or GB18030: decoded as Big5 (traditional characters; the rules are written for simplified ones)';
    case 'DECODE_MIXED': return `mixed encodings: ${a.gb_lines} lines decoded as GB18030/GBK, ${a.utf8_lines} as UTF-8`;
    case 'DECODE_LOSSY': return `damaged or mixed encoding: ${(Number(a.share) * 100).toFixed(1)}% of characters could not be decoded`;
    case 'NUMBER_TOO_LARGE': return `${a.count} number${Number(a.count) === 1 ? '' : 's'} too large to be a figure left out (first: ${a.text} at character ${a.start})`;
    case 'NO_BODY_FOUND': return 'only page chrome: no report body found';
    case 'AMBIGUOUS_DIVISION': return `reporting unit ambiguous: ${a.name} names ${a.count} units`;
    case 'UNRESOLVED_DIVISION': return `reporting unit not found (${a.reason})`;
    case 'NOT_A_REPORT': return 'does not look like a government report (no report wording in its opening): read anyway, doc_type not_report';
    case 'DOCUMENT_TIMEOUT': return a.facts_written === undefined
      ? `took longer than ${a.seconds} s to extract: given up (see --timeout)`
      : `one part took longer than ${a.seconds} s to extract: given up at character ${a.at}; the ${a.facts_written} facts before it were written (see --timeout)`;
    case 'OUT_OF_MEMORY': return `ran out of memory while extracting (over ${a.mb} MB of heap): given up (see --max-memory)`;
    case 'INTERNAL_ERROR': return `internal error while extracting (please report): ${a.reason}`;
    case 'STORE_RULES_CHANGED': {
      const n = `${a.count} stored document${Number(a.count) === 1 ? '' : 's'}`;
      switch (a.why) {
        case 'rules': return `the rule files changed since the last run: ${n} extracted again`;
        case 'version': return `lawreport's version changed since the last run (${a.from} -> ${a.to}): ${n} extracted again`;
        case 'both': return `the rule files and lawreport's version (${a.from} -> ${a.to}) changed since the last run: ${n} extracted again`;
        default: return `${n} had been extracted with other rules or another lawreport version: extracted again`;
      }
    }
    case 'STORE_MISSING': return `${a.count} stored document${Number(a.count) === 1 ? ' is' : 's are'} no longer there: ${Number(a.pruned) ? `removed with the other missing ones (--prune: ${a.pruned} in all)` : 'kept, marked missing and left out of the tables (--prune removes them)'}`;
    case 'STORE_MIXED_RULES': return `${a.count} of the documents written had been extracted with other rules than the store's last run (run lawreport extract --store over them to bring them up to date)`;
    case 'STORE_UNFINISHED_RUN': return `run ${a.run} (started ${a.started}) did not finish (killed?): what it committed is kept, and this run does the rest`;
  }
}

/** A store that cannot be used, as StoreError (src/store/db.ts) says it. */
export interface StoreProblem {
  code: string;
  file: string;
  args: Record<string, string | number>;
}

const describeReason = (r: string | number | undefined) =>
  r === 'CANTOPEN' ? 'the file cannot be opened or made' : reason(r);

export function describeStoreProblem(e: StoreProblem): string {
  const a = e.args;
  switch (e.code) {
    case 'STORE_NOT_FOUND': return 'no such store';
    case 'STORE_NOT_A_STORE': return `not a lawreport store (${a.reason === 'EISDIR' ? 'it is a folder' : a.reason === 'other' ? "another program's database" : 'not an SQLite database, or a damaged one'})`;
    case 'STORE_TOO_NEW': return `made by a newer lawreport (schema version ${a.version}; this one knows up to ${a.known}): upgrade lawreport to use it`;
    case 'STORE_TOO_OLD': return `made by an older lawreport (schema version ${a.version}, now ${a.known}): run lawreport extract --store on it once to bring it up to date`;
    case 'STORE_BUSY': return `another lawreport run is using this store${a.pid !== undefined ? ` (pid ${a.pid} on ${a.host}, started ${a.started})` : ''}; gave up after waiting ${a.waited} s (see --wait)`;
    case 'STORE_WRITE_FAILED': return `cannot write the store: ${describeReason(a.reason)} (${a.reason}); nothing half-written was kept`;
    case 'STORE_READ_FAILED': return `cannot read the store: ${describeReason(a.reason)} (${a.reason})`;
    case 'STORE_RULES_MISMATCH': return a.a === a.b
      ? `its documents were extracted with different rules (${a.va}, ${a.vb}): run lawreport extract --store ${a.a} over them again first`
      : `${a.a} holds documents extracted with rules ${a.va}, ${a.b} with ${a.vb}: stores merge only when made with the same rule files and lawreport version`;
    case 'STORE_EMPTY': return `the store holds no documents (fill it with: lawreport extract <reports> --store ${e.file})`;
    default: return e.code;
  }
}

/** One line: "lawreport: <store>: <what is wrong> (<CODE>)". */
export function formatStoreProblem(e: StoreProblem): string {
  return printable(`lawreport: ${e.file}: ${describeStoreProblem(e)} (${e.code})`);
}

/**
 * Text from outside (file names, document text, error messages) made safe for one line of
 * a terminal: control characters (a newline would forge a second diagnostic, an escape
 * sequence would reach the terminal), and Unicode line separators and bidirectional
 * overrides (which reorder what the line shows) become escapes such as \n and \x1b.
 */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
    }
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** One line: "lawreport: <file>: <severity> [<stage>] <reason> (<CODE>)". */
export function formatDiagnostic(d: Diagnostic): string {
  const sev = severityOf(d);
  const label = sev === 'error' ? 'skipped' : sev;
  return printable(`lawreport: ${d.doc ?? '(run)'}: ${label}${d.stage ? ` [${d.stage}]` : ''}: ${describe(d)} (${d.code})`);
}

export function formatRuleError(e: RuleError): string {
  return printable(`lawreport: ${e.file}: ${e.path}: ${e.message}`);
}
