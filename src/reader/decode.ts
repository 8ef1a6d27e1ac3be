// Bytes to text: BOMs, UTF-8, GB18030/GBK (a superset decoder), UTF-16 with BOM, and a
// refusal for files that are not text at all (PDF, images, archives, NUL bytes).
import type { Diagnostic } from '../diagnostics.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type DecodeResult =
  | { ok: true; text: string; encoding: Encoding; diagnostics: Diagnostic[] }
  | { ok: false; diagnostic: Diagnostic };

const MAGIC: Array<[string, number[]]> = [
  ['PDF', [0x25, 0x50, 0x44, 0x46]],
  ['ZIP archive (or Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['gzip archive', [0x1f, 0x8b]],
  ['RAR archive', [0x52, 0x61, 0x72, 0x21]],
  ['7z archive', [0x37, 0x7a, 0xbc, 0xaf]],
  ['OLE document (.doc/.xls)', [0xd0, 0xcf, 0x11, 0xe0]],
];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** How much of a GB18030 decoding is replacement characters or C1 controls: a sign of a wrong guess. */
function junkShare(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c >= 0x80 && c < 0xa0)) bad++;
  }
  return bad / text.length;
}

/** `partial`: the bytes are the first block of a longer file and may end inside a character. */
export function decodeBytes(bytes: Uint8Array, charsetHint?: string, partial = false): DecodeResult {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le', diagnostics: [] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be', diagnostics: [] };
  }
  for (const [what, sig] of MAGIC) {
    if (startsWith(bytes, sig)) return { ok: false, diagnostic: { code: 'NOT_TEXT', args: { what } } };
  }
  const probe = bytes.subarray(0, 65536);
  if (probe.includes(0)) return { ok: false, diagnostic: { code: 'NOT_TEXT', args: { what: 'binary data (NUL bytes)' } } };
  const hint = charsetHint?.toLowerCase();
  const wantsGb = hint !== undefined && /^(gb2312|gbk|gb18030|x-gbk)$/.test(hint);
  if (!wantsGb) {
    try {
      // TextDecoder drops a UTF-8 BOM by default
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial }), encoding: 'utf-8', diagnostics: [] };
    } catch {
      // not valid UTF-8: fall through to GB18030, which every GBK/GB2312 file also is
    }
  }
  const gb = new TextDecoder('gb18030').decode(bytes, { stream: partial });
  const diagnostics: Diagnostic[] = [];
  if (!wantsGb) diagnostics.push({ code: 'DECODE_FALLBACK_GB18030', args: {} });
  const junk = junkShare(gb);
  if (junk > 0.02) {
    // neither encoding fits: mixed or damaged bytes. Keep UTF-8 with replacements, which
    // loses only the damaged bytes, and say so.
    const utf8 = new TextDecoder('utf-8').decode(bytes);
    if (junkShare(utf8) < junk) {
      return { ok: true, text: utf8, encoding: 'utf-8', diagnostics: [{ code: 'DECODE_LOSSY', args: { share: junkShare(utf8) } }] };
    }
    diagnostics.push({ code: 'DECODE_LOSSY', args: { share: junk } });
  }
  return { ok: true, text: gb, encoding: 'gb18030', diagnostics };
}
