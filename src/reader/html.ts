// Saved web pages to text: scripts, styles and navigation dropped, block elements
// become line breaks, entities decoded. The result is the document's decoded text.
//
// htmlparser2's Tokenizer reads the markup; the element stack is kept here rather than by
// htmlparser2's Parser, whose stack adds each element at its front (Array.unshift): a page of
// 650,000 unclosed <i> took 261 s. Here opening, implied closing and closing cost the same
// whatever the depth, and the rules are the Parser's (a test checks the two agree). The text
// comes out as it is read, so a giant page streams (HtmlText.write / take).
import { Tokenizer } from 'htmlparser2';

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'nav', 'iframe', 'select', 'button', 'svg', 'canvas', 'head']);
const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'section', 'article', 'header', 'footer', 'main',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'title', 'blockquote', 'pre', 'hr', 'dd', 'dt', 'dl', 'form', 'aside',
]);
const NAV_CLASS = /(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|footer|share|sidebar|toolbar|skip)([\s_-]|$)/i;

// The HTML rules htmlparser2's Parser applies (htmlparser2 10, Parser.js): which open tags
// close which open elements, and which elements have no content.
const FORM_TAGS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const P_TAG = new Set(['p']);
const TABLE_SECTION = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);
const OPEN_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])], ['li', new Set(['li'])],
  ['p', P_TAG], ['h1', P_TAG], ['h2', P_TAG], ['h3', P_TAG], ['h4', P_TAG], ['h5', P_TAG], ['h6', P_TAG],
  ['select', FORM_TAGS], ['input', FORM_TAGS], ['output', FORM_TAGS], ['button', FORM_TAGS], ['datalist', FORM_TAGS], ['textarea', FORM_TAGS],
  ['option', new Set(['option'])], ['optgroup', new Set(['optgroup', 'option'])], ['dd', DD_DT], ['dt', DD_DT],
  ...['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
    'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((t): [string, Set<string>] => [t, P_TAG]),
  ['rt', RT_RP], ['rp', RT_RP], ['tbody', TABLE_SECTION], ['tfoot', TABLE_SECTION],
]);
/** Elements whose content the Tokenizer reads as text up to their closing tag. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);
/** Markup held back waiting for a '<' at most: past this a piece goes on as it is. */
const CARRY_MAX = 1 << 20;

const VOID = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** The charset a page declares in its first bytes (<meta charset> or http-equiv), if any. */
export function sniffHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  return m?.[1];
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<meta|<body)/i.test(text.slice(0, 2048));
}

/**
 * A page's text, fed in pieces: write() markup, take() the text finished so far (whole
 * lines), end() at the end of the page, then take() the rest. The text is the same however
 * the page is cut.
 */
export class HtmlText {
  private readonly tokenizer: Tokenizer;
  /** the written markup not yet wholly read (the Tokenizer's positions count from the first piece) */
  private buffers: string[] = [];
  private bufferOffset = 0;
  /** open elements, innermost last, and how many of each name are open */
  private stack: string[] = [];
  private open = new Map<string, number>();
  /** per open element: whether it is skipped (script, navigation ...) */
  private skips: boolean[] = [];
  private skipDepth = 0;
  private tagname = '';
  private attribname = '';
  private attribvalue = '';
  private attribs: Record<string, string> = {};
  /** raw text since the last line end handed on */
  private pending = '';
  /** whether the raw text so far ends with a line end, and the last piece a space */
  private lastPart = '';
  /** markup after the last '<' written, held until more follows (see write) */
  private carry = '';
  /** how much markup the Tokenizer has been given */
  private fed = 0;
  /** inside <title>, <script> ...: a '<' there does not end a piece of text */
  private rawText = false;
  /** text the Tokenizer handed on only because its piece of markup ended (see onText) */
  private cutText: string | null = null;
  private cutEnd = 0;
  // the line post-processing: blank lines collapse, the whole is trimmed
  private seenLine = false;
  private prevLineEmpty = true;
  private keptAny = false;
  private started = false;
  private held = '';
  private out = '';

  constructor() {
    // every event but text first hands on text held at the end of a piece (see onText)
    const after = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
      this.releaseCut();
      f(...a);
    };
    this.tokenizer = new Tokenizer({ decodeEntities: true }, {
      onattribdata: (start, end) => { this.attribvalue += this.slice(start, end); },
      onattribentity: (cp) => { this.attribvalue += String.fromCodePoint(cp); },
      onattribend: () => {
        if (!Object.prototype.hasOwnProperty.call(this.attribs, this.attribname)) this.attribs[this.attribname] = this.attribvalue;
        this.attribvalue = '';
      },
      onattribname: (start, end) => { this.attribname = this.slice(start, end).toLowerCase(); },
      oncdata: after(() => {}),
      onclosetag: after((start, end) => {
        this.rawText = false;
        this.closeTag(this.slice(start, end).toLowerCase());
      }),
      oncomment: after(() => {}),
      ondeclaration: after(() => {}),
      onend: after(() => {
        while (this.stack.length) this.pop();
      }),
      onopentagend: () => {
        this.rawText = RAW_TEXT.has(this.tagname);
        this.endOpenTag();
      },
      onopentagname: after((start, end) => this.openTag(this.slice(start, end).toLowerCase())),
      onprocessinginstruction: after(() => {}),
      onselfclosingtag: () => {
        this.rawText = false;
        this.closeCurrentTag();
      },
      ontext: (start, end) => this.onText(start, end),
      ontextentity: after((cp) => this.text(String.fromCodePoint(cp))),
    });
  }

  /**
   * The tokenizer hands on the text it holds at the end of each piece it is given, so text
   * would be cut (and its spaces collapsed) differently for each way the page is cut: each
   * piece goes to it up to a '<', where a piece of text ends anyway.
   */
  write(html: string): void {
    const s = this.carry + html;
    const cut = s.lastIndexOf('<');
    const upTo = cut > 0 ? cut : s.length > CARRY_MAX ? s.length : 0;
    this.carry = s.slice(upTo);
    if (upTo > 0) this.feed(s.slice(0, upTo));
  }

  end(): void {
    if (this.carry) this.feed(this.carry);
    this.carry = '';
    this.tokenizer.end();
    this.flushLines(true);
  }

  private feed(html: string): void {
    this.buffers.push(html);
    this.fed += html.length;
    this.tokenizer.write(html);
  }

  /**
   * The Tokenizer hands on the text it holds when a piece of markup ends. Where the whole page
   * would not have cut the text there (inside <title> or <script>, whose '<' is text, or a
   * piece cut without a '<'), that text is held and joined to the text that goes on from it
   * (up to CARRY_MAX, past which a page's text may be cut where the whole page's was not).
   */
  private onText(start: number, end: number): void {
    let s = this.slice(start, end);
    if (this.cutText !== null) {
      if (start === this.cutEnd && (this.rawText || !s.startsWith('<'))) s = this.cutText + s;
      else this.text(this.cutText);
      this.cutText = null;
    }
    if (end === this.fed && s.length <= CARRY_MAX) {
      this.cutText = s;
      this.cutEnd = end;
    } else {
      this.text(s);
    }
  }

  private releaseCut(): void {
    if (this.cutText === null) return;
    this.text(this.cutText);
    this.cutText = null;
  }

  /** The text finished so far, from where the last take() ended. */
  take(): string {
    this.flushLines(false);
    const t = this.out;
    this.out = '';
    return t;
  }

  private slice(start: number, end: number): string {
    while (start - this.bufferOffset >= this.buffers[0]!.length) {
      this.bufferOffset += this.buffers[0]!.length;
      this.buffers.shift();
    }
    let s = this.buffers[0]!.slice(start - this.bufferOffset, end - this.bufferOffset);
    while (end - this.bufferOffset > this.buffers[0]!.length) {
      this.bufferOffset += this.buffers[0]!.length;
      this.buffers.shift();
      s += this.buffers[0]!.slice(0, end - this.bufferOffset);
    }
    return s;
  }

  // -- the element stack (htmlparser2's Parser rules) --------------------------------------

  private openTag(name: string): void {
    this.tagname = name;
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes) while (this.stack.length && closes.has(this.stack[this.stack.length - 1]!)) this.pop();
    if (!VOID.has(name)) this.push(name);
    this.attribs = {};
  }

  private endOpenTag(): void {
    this.onOpen(this.tagname, this.attribs);
    if (VOID.has(this.tagname)) this.onClose(this.tagname);
    this.tagname = '';
  }

  private closeCurrentTag(): void {
    const name = this.tagname;
    this.endOpenTag();
    if (this.stack[this.stack.length - 1] === name) this.pop();
  }

  private closeTag(name: string): void {
    if (!VOID.has(name)) {
      if (this.open.get(name)) {
        while (this.pop() !== name);
      } else if (name === 'p') {
        this.openTag('p');
        this.closeCurrentTag();
      }
    } else if (name === 'br') {
      this.onOpen('br', {});
      this.onClose('br');
    }
  }

  private push(name: string): void {
    this.stack.push(name);
    this.open.set(name, (this.open.get(name) ?? 0) + 1);
  }

  private pop(): string {
    const name = this.stack.pop()!;
    this.open.set(name, this.open.get(name)! - 1);
    this.onClose(name);
    return name;
  }

  // -- elements to text ------------------------------------------------------------------------

  private onOpen(name: string, attrs: Record<string, string>): void {
    const cls = `${attrs.class ?? ''} ${attrs.id ?? ''} ${attrs.role === 'navigation' ? 'nav' : ''}`;
    const skip = SKIP.has(name) || (this.skipDepth === 0 && NAV_CLASS.test(cls));
    this.skips.push(skip);
    if (skip) this.skipDepth++;
    if (BLOCK.has(name)) this.newline();
  }

  private onClose(name: string): void {
    if (this.skips.pop()) this.skipDepth--;
    if (BLOCK.has(name)) this.newline();
  }

  private newline(): void {
    if (this.lastPart && !this.lastPart.endsWith('\n')) this.part('\n');
  }

  private text(raw: string): void {
    if (this.skipDepth > 0) return;
    const t = raw.replace(/[ \t\r\n]+/g, ' ');
    if (t.trim() === '') {
      if (this.lastPart && !/\s$/.test(this.lastPart)) this.part(' ');
      return;
    }
    this.part(t);
  }

  private part(s: string): void {
    this.pending += s;
    this.lastPart = s;
  }

  /**
   * Hands on the whole lines of the raw text: spaces trimmed from each line, blank lines
   * collapsed to one, and the whole trimmed (nothing before the first non-space character,
   * nothing after the last, which waits until more text follows it).
   */
  private flushLines(last: boolean): void {
    const cut = last ? this.pending.length : this.pending.lastIndexOf('\n');
    if (cut < 0) return;
    const lines = this.pending.slice(0, cut).split('\n');
    this.pending = last ? '' : this.pending.slice(cut + 1);
    for (const raw of lines) {
      const line = raw.replace(/^ +| +$/g, '');
      const keep = line !== '' || (this.seenLine && !this.prevLineEmpty);
      this.seenLine = true;
      this.prevLineEmpty = line === '';
      if (!keep) continue;
      this.emit(this.keptAny ? `\n${line}` : line);
      this.keptAny = true;
    }
  }

  private emit(s: string): void {
    if (!this.started) {
      // nothing but white space so far: the whole text's leading white space is dropped
      const t = (this.held + s).replace(/^\s+/, '');
      if (t === '') {
        this.held += s;
        return;
      }
      this.started = true;
      this.held = '';
      s = t;
    } else {
      s = this.held + s;
      this.held = '';
    }
    // trailing white space waits: it is dropped if nothing follows it
    const m = /\s+$/.exec(s);
    if (m) {
      this.held = m[0];
      s = s.slice(0, m.index);
    }
    this.out += s;
  }
}

export function htmlToText(html: string): string {
  const h = new HtmlText();
  h.write(html);
  h.end();
  return h.take();
}
