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

const CHARS = /[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u2009\ufe6a\u25cb\u2236]/g;

const replace = (ch: string): string => {
  const c = ch.charCodeAt(0);
  return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : EXTRA[ch]!;
};

export function normalizeText(text: string): string {
  return text.replace(CHARS, replace);
}
