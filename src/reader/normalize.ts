// Character-for-character normalization: full-width ASCII to half-width, ideographic and
// no-break spaces to spaces. The output has exactly the input's length (UTF-16 units),
// so an offset into the normalized text is an offset into the decoded document.

const EXTRA: Record<string, string> = {
  '\u3000': ' ', // ideographic space
  '\u00a0': ' ', // no-break space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\ufe6a': '%', // small percent sign
  '\u25cb': '〇', // white circle used as zero in dates (二○二三)
  '\u2236': ':', // ratio sign used as a colon
};

const NEEDS_WORK = /[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u2009\ufe6a\u25cb\u2236]/;

export function normalizeText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | undefined;
    if (c >= 0xff01 && c <= 0xff5e) rep = String.fromCharCode(c - 0xfee0);
    else if (c >= 0x2000 || c === 0xa0) rep = EXTRA[text[i]!];
    if (rep !== undefined) {
      out += text.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}
