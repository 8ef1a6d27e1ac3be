// The reader stage: bytes of one file to the document text the rest of the pipeline
// works on. Pure: the caller does the file I/O.
import type { Diagnostic } from '../diagnostics.js';
import { decodeBytes, type Encoding } from './decode.js';
import { htmlToText, looksLikeHtml, sniffHtmlCharset } from './html.js';
import { normalizeText } from './normalize.js';

export interface ReadDocument {
  /** the decoded text; every offset in a fact points into it */
  text: string;
  /** `text` normalized character for character (same length) */
  norm: string;
  encoding: Encoding;
  format: 'text' | 'html';
  diagnostics: Diagnostic[];
}

export type ReadResult = { ok: true; doc: ReadDocument } | { ok: false; diagnostic: Diagnostic };

const HTML_EXT = /\.html?$/i;

export function readDocument(bytes: Uint8Array, fileName: string): ReadResult {
  const isHtmlName = HTML_EXT.test(fileName);
  const decoded = decodeBytes(bytes, isHtmlName ? sniffHtmlCharset(bytes) : undefined);
  if (!decoded.ok) return { ok: false, diagnostic: { ...decoded.diagnostic, stage: 'decode' } };
  let text = decoded.text;
  let format: ReadDocument['format'] = 'text';
  if (isHtmlName || looksLikeHtml(text)) {
    text = htmlToText(text);
    format = 'html';
  }
  if (text.trim() === '') return { ok: false, diagnostic: { code: 'EMPTY_DOCUMENT', args: {}, stage: 'read' } };
  return {
    ok: true,
    doc: { text, norm: normalizeText(text), encoding: decoded.encoding, format, diagnostics: decoded.diagnostics },
  };
}
