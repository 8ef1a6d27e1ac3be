// Saved web pages to text: scripts, styles and navigation dropped, block elements
// become line breaks, entities decoded. The result is the document's decoded text.
import { Parser } from 'htmlparser2';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'nav', 'iframe', 'select', 'button', 'svg', 'canvas', 'head']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'section', 'article', 'header', 'footer', 'main',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'title', 'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'form', 'aside',
]);
const NAV_CLASS = /(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|footer|share|sidebar|toolbar|skip)([\s_-]|$)/i;

/** The charset a page declares in its first bytes (<meta charset> or http-equiv), if any. */
export function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  return m?.[1];
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<meta|<body)/i.test(text.slice(0, 2048));
}

export function htmlToText(html: string): string {
  const parts: string[] = [];
  let skipDepth = 0;
  const stack: boolean[] = [];
  const newline = () => {
    if (parts.length && !parts[parts.length - 1]!.endsWith('\n')) parts.push('\n');
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const cls = `${attrs.class ?? ''} ${attrs.id ?? ''} ${attrs.role === 'navigation' ? 'nav' : ''}`;
        const skip = SKIP.has(name) || (skipDepth === 0 && NAV_CLASS.test(cls));
        stack.push(skip);
        if (skip) skipDepth++;
        if (BLOCK.has(name)) newline();
      },
      ontext(text) {
        if (skipDepth > 0) return;
        const t = text.replace(/[ \t\r\n]+/g, ' ');
        if (t.trim() === '') {
          if (parts.length && !/[\s]$/.test(parts[parts.length - 1]!)) parts.push(' ');
          return;
        }
        parts.push(t);
      },
      onclosetag(name, isImplied) {
        void isImplied;
        const skip = stack.pop();
        if (skip) skipDepth--;
        if (BLOCK.has(name)) newline();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/^ +| +$/g, ''))
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}
