// The reporting unit: which province, city, district and street a report belongs to, read
// from what the report says of itself and resolved against the division tables. Pure.
//
// Evidence, strongest first: the report naming itself (我代表盐田区人民政府…, 2022年，兴庆区坚持…,
// 现将铜仁市…报告如下), the title, the publisher in the page chrome, the signature; then the
// level it speaks at (我镇, 区司法局, 我代表区人民政府) with the names the body gives at that
// level; then names the body repeats; last the file name. A salutation to the superior
// (哈尔滨市人民政府：) only helps choose between units of the same name. A place name found
// inside a longer word (范县 in 示范县) is no mention, and a name that is also an everyday
// phrase (老城区) counts only with its city or province named too, or from an authoritative
// source. When the text does not settle the unit, the fields it leaves open stay empty and a
// note says why.
import type { Diagnostic } from '../diagnostics.js';
import type { CompiledMeta } from '../rules/compile.js';
import { dictionaryWordBoundaries } from '../tokenize/jieba.js';
import type { Division, DivisionIndex, Level, Mention } from './divisions.js';

type UnitRules = CompiledMeta['unit'];

/** Where a mention was read. */
type Source = 'declared' | 'title' | 'publisher' | 'signature' | 'body' | 'short' | 'filename' | 'addressee';

const WEIGHT: Record<Source, number> = {
  declared: 12, title: 10, publisher: 8, signature: 6, body: 1, short: 0.8, filename: 0.5, addressee: 3,
};
const AUTHORITATIVE = new Set<Source>(['declared', 'title', 'publisher', 'signature']);
/** most specific first */
const LEVELS: Level[] = ['street', 'district', 'city', 'province'];
const rank = (l: Level) => LEVELS.indexOf(l);
/** how far around a mention the tokenizer looks to find its word edges */
const EDGE_WINDOW = 6;

/** The stretches of a document the unit is read from (cut by metadata.ts). */
export interface UnitEvidence {
  /** the title line */
  head: string;
  /** publisher fields of the page chrome */
  chromeText: string[];
  /** the opening of the body */
  opening: string;
  /** where in `opening` a report names itself: the first sentences before the first heading */
  leadSentences: Array<{ start: number; end: number }>;
  /** how much of the opening a declaration (我代表…, 现将…) is looked for in */
  declarationChars: number;
  /** the first lines of the body: salutations to the superior */
  topLines: string[];
  /** a longer stretch of the body, where a district written only in short (盐田) is counted */
  shortNameText: string;
  /** the end of the body (a signature) */
  closing: string;
  /** the file's base name without extension ('' when unknown) */
  fileName: string;
}

export interface UnitFields {
  province: string;
  city: string;
  district: string;
  street: string;
  division_code: string;
}

interface Weighted {
  division: Division;
  name: string;
  weight: number;
  source: Source;
  /** a renamed unit or functional area read through the alias table */
  aliasNote?: string;
}

/** What one self-naming stretch (我代表X人民政府, 兴庆区坚持…) says. */
interface Declared {
  at: number;
  words: string;
  mentions: Weighted[];
  level: Level | null;
  unlisted: string;
  national: boolean;
}

/** A span whose word edges wait for the tokenizer, and the window [a, b) it is read in. */
interface Pending {
  text: string;
  start: number;
  end: number;
  startOnly: boolean;
  a: number;
  b: number;
  endsFree: boolean;
}

const isStop = (c: number) =>
  c === 0x0a || c === 0x0d || c === 0x20 || c === 0x3000 || c === 0x3002 || c === 0xff0c || c === 0x2c || c === 0x3001 ||
  c === 0xff1b || c === 0x3b || c === 0xff1a || c === 0x3a || c === 0x201c || c === 0x201d || c === 0x300a || c === 0x300b ||
  c === 0x28 || c === 0x29 || c === 0xff08 || c === 0xff09 || c === 0x22;

const isAncestorOrSelf = (a: Division, d: Division) =>
  a.code === d.code || a.code === d.provinceCode || a.code === d.cityCode || a.code === d.districtCode;
const sameBranch = (a: Division, b: Division) => isAncestorOrSelf(a, b) || isAncestorOrSelf(b, a);

export class UnitResolver {
  constructor(private index: DivisionIndex, private rules: UnitRules) {}

  /**
   * Whether text[start, end) stands as a word of its own: it starts where jieba starts a word
   * (范县 inside 示范县 does not) and ends where one ends, or its last character was joined to
   * what follows as 区委, 区政府 are (罗湖/区政府). Only a small window around it is tokenized.
   */
  private standsAlone(text: string, start: number, end: number, startOnly = false): boolean {
    const key = this.edgeKey(start, end, startOnly);
    let ok = this.edgeCache.get(text)?.get(key);
    if (ok === undefined) {
      this.want(text, start, end, startOnly);
      this.flush();
      ok = this.edgeCache.get(text)!.get(key)!;
    }
    return ok;
  }

  /** what standsAlone answered, per text and span: the same spans are read more than once */
  private edgeCache = new Map<string, Map<number, boolean>>();
  /** spans whose word edges need the tokenizer, checked together by flush() */
  private pending: Pending[] = [];

  private edgeKey = (start: number, end: number, startOnly: boolean) => (start * 0x100 + (end - start)) * 2 + (startOnly ? 1 : 0);

  /** Notes a span to check; decides at once what needs no tokenizer (a name between punctuation). */
  private want(text: string, start: number, end: number, startOnly = false): void {
    let known = this.edgeCache.get(text);
    if (!known) this.edgeCache.set(text, (known = new Map()));
    const key = this.edgeKey(start, end, startOnly);
    if (known.has(key)) return;
    const startsFree = start === 0 || isStop(text.charCodeAt(start - 1));
    const endsFree = startOnly || end === text.length || isStop(text.charCodeAt(end)) || this.rules.continuation.test(text.slice(end, end + 4));
    if (startsFree && endsFree) {
      known.set(key, true);
      return;
    }
    let a = start;
    for (let k = 0; k < EDGE_WINDOW && a > 0 && !isStop(text.charCodeAt(a - 1)); k++) a--;
    let b = end;
    for (let k = 0; k < EDGE_WINDOW && b < text.length && !isStop(text.charCodeAt(b)); k++) b++;
    known.set(key, false); // until flush() decides
    this.pending.push({ text, start, end, startOnly, a, b, endsFree });
  }

  /**
   * Tokenizes every pending window in one call: overlapping windows of a text are merged, and
   * the stretches joined by line breaks, which jieba never joins across.
   */
  private flush(): void {
    if (!this.pending.length) return;
    const byText = new Map<string, Pending[]>();
    for (const p of this.pending) {
      const list = byText.get(p.text);
      if (list) list.push(p);
      else byText.set(p.text, [p]);
    }
    const regions: Array<{ text: string; a: number; b: number; at: number; items: Pending[] }> = [];
    let joined = '';
    for (const [text, list] of byText) {
      list.sort((x, y) => x.a - y.a);
      for (const p of list) {
        const last = regions[regions.length - 1];
        if (last && last.text === text && p.a <= last.b) {
          last.b = Math.max(last.b, p.b);
          last.items.push(p);
        } else regions.push({ text, a: p.a, b: p.b, at: 0, items: [p] });
      }
    }
    for (const r of regions) {
      r.at = joined.length;
      joined += r.text.slice(r.a, r.b) + '\n';
    }
    const edges = dictionaryWordBoundaries(joined);
    for (const r of regions) {
      const o = r.at - r.a;
      for (const p of r.items) {
        const ok = edges.has(o + p.start) && (p.endsFree || edges.has(o + p.end));
        this.edgeCache.get(p.text)!.set(this.edgeKey(p.start, p.end, p.startOnly), ok);
      }
    }
    this.pending = [];
  }

  /** findMentions and the aliases on text[from, to), offsets relative to `from`; kept per text and span */
  private rawCache = new Map<string, Map<number, Array<{ m: Mention; aliasNote: string }>>>();

  private raw(text: string, from: number, to: number): Array<{ m: Mention; aliasNote: string }> {
    let byText = this.rawCache.get(text);
    if (!byText) this.rawCache.set(text, (byText = new Map()));
    const key = from * 0x10000 + (to - from);
    let out = byText.get(key);
    if (out) return out;
    const part = text.slice(from, to);
    out = this.index.findMentions(part).map((m) => ({ m, aliasNote: '' }));
    for (const alias of this.rules.aliases) {
      for (let at = part.indexOf(alias.name); at >= 0; at = part.indexOf(alias.name, at + alias.name.length)) {
        const division = this.index.byCode(alias.code);
        if (!division) break;
        // the alias replaces what the tables found inside it (坪山 of 坪山新区 is no city)
        out = out.filter((x) => x.m.start < at || x.m.end > at + alias.name.length);
        out.push({ m: { division, name: alias.name, start: at, end: at + alias.name.length }, aliasNote: alias.note });
      }
    }
    out.sort((x, y) => x.m.start - y.m.start);
    byText.set(key, out);
    return out;
  }

  /** Notes every mention of text[from, to) for the next flush(). */
  private prefetch(text: string, from: number, to: number): void {
    for (const { m } of this.raw(text, from, to)) this.want(text, from + m.start, from + m.end);
  }

  /** The division names in text[from, to) that stand as words, and the aliases there. */
  mentionsIn(text: string, from: number, to: number, source: Source): Array<Weighted & { start: number; end: number }> {
    const out: Array<Weighted & { start: number; end: number }> = [];
    for (const { m, aliasNote } of this.raw(text, from, to)) {
      if (!this.standsAlone(text, from + m.start, from + m.end)) continue;
      out.push({ division: m.division, name: m.name, weight: WEIGHT[source], source, start: m.start, end: m.end, ...(aliasNote ? { aliasNote } : {}) });
    }
    return out;
  }

  /** What the words text[from, to) say of the unit; `anchored`: the name must open them (a subject). */
  private declared(text: string, from: number, to: number, anchored: boolean): Declared {
    const words = text.slice(from, to);
    let mentions = this.mentionsIn(text, from, to, 'declared');
    if (anchored) {
      // a chain of names from the first character on (深圳市宝安区松岗街道), and after it only
      // what a government or its department is called (司法局, 人民政府): 广西首个… is no subject
      const chain: typeof mentions = [];
      let end = 0;
      for (const m of mentions) {
        if (m.start === end || (chain.length && m.start === chain[chain.length - 1]!.start)) {
          chain.push(m);
          end = m.end;
        } else if (m.start > end) break;
      }
      mentions = chain.length && this.rules.subjectTail.test(words.slice(end)) ? chain : [];
    }
    const rest = mentions.length ? words.slice(Math.max(...mentions.map((m) => m.end))) : words;
    let level: Level | null = null;
    if (!mentions.length) for (const l of LEVELS) if (this.rules.levels[l].test(words)) { level = l; break; }
    const hasStreet = mentions.some((m) => m.division.level === 'street');
    const unlisted = hasStreet ? '' : (this.rules.unlistedStreet.exec(rest)?.groups?.name ?? '');
    if (unlisted) level = null;
    return { at: from, words, mentions, level, unlisted, national: this.rules.national.test(words) };
  }

  /** Every stretch where the report names itself (its offsets in the opening; `anchored`: a subject). */
  private declarationSpans(src: UnitEvidence): Array<{ from: number; to: number; anchored: boolean }> {
    const out: Array<{ from: number; to: number; anchored: boolean }> = [];
    const region = src.opening.slice(0, src.declarationChars);
    for (const re of this.rules.declarations) {
      for (const m of region.matchAll(re)) {
        const span = m.indices?.groups?.unit;
        if (span) out.push({ from: span[0], to: span[1], anchored: false });
      }
    }
    for (const s of src.leadSentences) {
      const m = this.rules.subject.exec(src.opening.slice(s.start, s.end));
      const span = m?.indices?.groups?.unit;
      if (span) out.push({ from: s.start + span[0], to: s.start + span[1], anchored: true });
    }
    return out.sort((a, b) => a.from - b.from);
  }

  /** The level the opening speaks at by its own words (我镇, 全县), or null. */
  private selfWordsLevel(opening: string, regionNamed: boolean): Level | null {
    let best: Level | null = null;
    let bestScore = 0;
    for (const l of LEVELS) {
      let score = 0;
      for (const m of opening.matchAll(this.rules.selfWords[l])) {
        // 全区 in 广西 or 宁夏 may be the region itself
        if (l === 'district' && regionNamed && m[0] === '全区') continue;
        score += m[0].startsWith('全') ? 1 : 3;
      }
      if (score > bestScore) {
        best = l;
        bestScore = score;
      }
    }
    return best;
  }

  resolve(src: UnitEvidence): { fields: UnitFields; notes: string[]; diagnostics: Diagnostic[] } {
    const fields: UnitFields = { province: '', city: '', district: '', street: '', division_code: '' };
    const notes: string[] = [];
    const diagnostics: Diagnostic[] = [];
    // what will be read, its word edges checked in one tokenizer call
    const spans = this.declarationSpans(src);
    // (a line ending in a colon is a salutation, not a signature)
    const sigLines = src.closing.split('\n').map((l) => l.trim()).filter((l) => l && l.length <= 30).slice(-4)
      .filter((l) => /(办事处|人民政府|司法局|街道|镇|管委会)/u.test(l) && !/[。,，:：]/u.test(l));
    const addressees: Array<{ line: string; from: number; to: number }> = [];
    for (const line of src.topLines) {
      const span = this.rules.addressee.exec(line)?.indices?.groups?.unit;
      if (span) addressees.push({ line, from: span[0], to: span[1] });
    }
    for (const s of spans) this.prefetch(src.opening, s.from, s.to);
    for (const t of [src.head, ...src.chromeText, ...sigLines, src.opening, src.fileName]) this.prefetch(t, 0, t.length);
    for (const x of addressees) this.prefetch(x.line, x.from, x.to);
    this.flush();

    const decl = spans.map((s) => this.declared(src.opening, s.from, s.to, s.anchored));
    const national = decl.find((d) => d.national)?.words ?? this.rules.national.exec(src.head)?.[0];
    if (national) {
      notes.push(`a national report (${national}): no province, city or district`);
      return { fields, notes, diagnostics };
    }

    // every mention, by source
    const pool: Weighted[] = [];
    const take = (text: string, source: Source) => {
      for (const m of this.mentionsIn(text, 0, text.length, source)) pool.push(m);
    };
    for (const d of decl) pool.push(...d.mentions);
    take(src.head, 'title');
    for (const c of src.chromeText) take(c, 'publisher');
    for (const l of sigLines) take(l, 'signature');
    // the body, less the salutation lines (their names are the parent's)
    const salutations = addressees.map((x) => {
      const at = src.opening.indexOf(x.line);
      return [at, at + x.line.length] as const;
    });
    for (const m of this.mentionsIn(src.opening, 0, src.opening.length, 'body')) {
      if (!salutations.some(([a, b]) => m.start >= a && m.start < b)) pool.push(m);
    }
    for (const x of addressees) for (const m of this.mentionsIn(x.line, x.from, x.to, 'addressee')) pool.push(m);
    const fileMentions: Weighted[] = src.fileName ? this.mentionsIn(src.fileName, 0, src.fileName.length, 'filename') : [];

    // an everyday phrase that is also a name (老城区) needs its city or province named, or authority
    const named = (pred: (d: Division) => boolean) => pool.some((m) => pred(m.division));
    const corroborated = (m: Weighted) =>
      !this.rules.everydayNames.has(m.name) || AUTHORITATIVE.has(m.source) ||
      named((a) => a.code !== m.division.code && isAncestorOrSelf(a, m.division));
    const mentions = pool.filter(corroborated);
    const units = mentions.filter((m) => m.source !== 'addressee');

    const regionNamed = units.some((m) => m.division.level === 'province' && this.rules.regionProvinces.has(m.division.name));
    const levelDecl = decl.find((d) => d.level);
    const selfLevel = levelDecl?.level ?? this.selfWordsLevel(src.opening, regionNamed);
    const atLevel = (l: Level | null) => (m: Weighted) => l === null || this.fits(m.division, l);

    // 1. the reporting unit's name and level
    let choice: { level: Level; name: string } | null = null;
    /** mentions the choice may come from beyond units: short forms, the file name */
    const extra: Weighted[] = [...fileMentions];
    let unlisted = '';
    let how = '';
    const primary = decl.find((d) => d.mentions.length || d.unlisted);
    const authority = units.filter((m) => AUTHORITATIVE.has(m.source) && m.source !== 'declared');
    if (primary?.mentions.length) {
      choice = this.mostSpecific(primary.mentions, null, 0);
    } else if (primary?.unlisted) {
      unlisted = primary.unlisted;
      notes.push(`${unlisted} is not in the division tables: its name is kept as the report writes it`);
      choice = this.mostSpecific(units.filter((m) => m.division.level !== 'street'), null, 1);
    } else if (authority.length) {
      choice = this.mostSpecific(authority, null, 0);
      // the report speaks at a lower level than its title names (a street's report on its district's site)
      if (choice && selfLevel && rank(selfLevel) < rank(choice.level)) {
        const top = this.readings(choice, units);
        const below = units.filter((m) => atLevel(selfLevel)(m) && top.some((t) => isAncestorOrSelf(t, m.division)));
        const lower = this.mostSpecific(below, selfLevel, 1);
        if (lower) choice = lower;
      }
    } else if (selfLevel) {
      let candidates = units.filter(atLevel(selfLevel));
      if (selfLevel === 'district') {
        const found = this.index.findShortDistricts(src.shortNameText);
        for (const m of found) this.want(src.shortNameText, m.start, m.end, true);
        this.flush();
        // (a short form inside a full name the body already counted is not counted again: 龙华 of 龙华新区)
        const full = this.raw(src.opening, 0, src.opening.length).map((x) => x.m);
        const shorts = found.filter((m) => this.standsAlone(src.shortNameText, m.start, m.end, true) && !full.some((f) => f.start <= m.start && m.end <= f.end));
        if (shorts.length) {
          const cities = units.filter((m) => m.division.level === 'city' || m.division.level === 'province').map((m) => m.division);
          // short forms are weak: keep those under a city or province the text names, when it names one
          const under = shorts.filter((m) => cities.some((c) => isAncestorOrSelf(c, m.division)));
          for (const m of under.length || cities.length ? under : shorts) {
            const w: Weighted = { division: m.division, name: m.name, weight: WEIGHT.short, source: 'short' };
            candidates.push(w);
            extra.push(w);
          }
        }
      }
      if (!candidates.length) candidates = fileMentions.filter(atLevel(selfLevel));
      // a unit's full name and its short form count together (盐田区 once, 盐田 twelve times)
      const byUnit = new Map<string, { d: Division; w: number; sources: Set<Source>; names: Set<string> }>();
      for (const m of candidates) {
        const u = byUnit.get(m.division.code) ?? { d: m.division, w: 0, sources: new Set<Source>(), names: new Set<string>() };
        u.w += m.weight;
        u.sources.add(m.source);
        u.names.add(m.name);
        byUnit.set(m.division.code, u);
      }
      const best = [...byUnit.values()].sort((x, y) => y.w - x.w)[0];
      if (best) {
        choice = { level: best.d.level, name: best.d.name };
        if (best.sources.size === 1 && best.sources.has('short')) how = `named only by its short form ${[...best.names][0]}`;
        if (best.sources.size === 1 && best.sources.has('filename')) how = 'read from the file name';
      }
      if (!choice) {
        choice = this.mostSpecific(units.filter((m) => rank(m.division.level) > rank(selfLevel)), null, 2);
        if (choice) notes.push(`the report speaks as a ${selfLevel} but does not name it`);
      }
    } else {
      choice = this.mostSpecific(units, null, 2);
      if (!choice && fileMentions.length) {
        choice = this.mostSpecific(fileMentions, null, 0);
        if (choice) how = 'read from the file name';
      }
    }
    if (how) notes.push(`${choice?.level ?? 'unit'} ${how}`);
    if (!choice) {
      if (unlisted) {
        fields.street = unlisted;
        return { fields, notes, diagnostics };
      }
      const none = units.length === 0 && fileMentions.length === 0;
      notes.push(none ? 'no place name found in the title, page or body' : 'no place is named often enough to be the reporting unit');
      diagnostics.push({ code: 'UNRESOLVED_DIVISION', args: { reason: none ? 'no place name' : 'weak evidence' }, stage: 'metadata' });
      return { fields, notes, diagnostics };
    }

    // 2. which unit of that name: the one whose city and province the text names most
    const byCode = new Map<string, number>();
    for (const m of mentions) byCode.set(m.division.code, (byCode.get(m.division.code) ?? 0) + m.weight);
    const readings = this.readings(choice, units.concat(extra));
    const ancestorScore = (d: Division) =>
      [d.districtCode, d.cityCode, d.provinceCode].filter((c) => c && c !== d.code).reduce((s, c) => s + (byCode.get(c) ?? 0), 0);
    const scored = readings.map((d) => ({ d, s: ancestorScore(d) })).sort((a, b) => b.s - a.s);
    const top = scored.filter((x) => x.s === scored[0]!.s).map((x) => x.d);
    const name = (code: string) => this.index.byCode(code)?.name ?? '';
    const agree = (ds: Division[], f: (d: Division) => string) => (new Set(ds.map(f)).size === 1 ? f(ds[0]!) : '');
    const fill = (ds: Division[]) => {
      const level = ds[0]!.level;
      fields.province = agree(ds, (d) => name(d.provinceCode));
      fields.city = level === 'province' ? agree(ds, (d) => (this.index.isMunicipality(d.code) ? d.name : '')) : agree(ds, (d) => name(d.cityCode));
      fields.district = level === 'street' || level === 'district' ? agree(ds, (d) => name(d.districtCode)) : '';
      fields.street = level === 'street' ? agree(ds, (d) => d.name) : '';
      fields.division_code = ds.length === 1 ? (ds[0]!.code.length >= 6 ? ds[0]!.code : ds[0]!.code.padEnd(6, '0')) : '';
    };
    // a town the tables do not list under the county the report names with authority
    // (渭源县城关镇人民政府, when the tables' 城关镇 lie elsewhere): the county's fields, the town as written
    const county = choice.level === 'street' && top.length > 1 && scored[0]!.s === 0 ? this.onlyAuthoritativeDistrict(units) : null;
    if (county) {
      fill([county]);
      fields.street = choice.name;
      fields.division_code = '';
      notes.push(`${choice.name} is not among the towns and streets of ${county.name} in the division tables: its name is kept as the report writes it`);
    } else if (top.length > 1) {
      fill(top);
      notes.push(`${choice.name} names ${top.length} units (${top.slice(0, 4).map((d) => d.code).join(', ')}${top.length > 4 ? ', …' : ''}) and the text does not say which`);
      diagnostics.push({ code: 'AMBIGUOUS_DIVISION', args: { name: choice.name, count: top.length }, stage: 'metadata' });
    } else {
      const d = top[0]!;
      fill([d]);
      // 3. an authoritative source naming a unit elsewhere: keep only what both agree on
      const conflict = this.conflict(d, units.filter((m) => AUTHORITATIVE.has(m.source)));
      if (conflict) {
        // from the first level they disagree on down, nothing is kept
        let broken = false;
        for (const f of ['province', 'city', 'district', 'street'] as const) {
          broken ||= conflict.readings.some((o) => this.fieldOf(o, f) !== '' && this.fieldOf(o, f) !== fields[f]);
          if (broken) fields[f] = '';
        }
        fields.division_code = '';
        notes.push(`${choice.name} and ${conflict.name} (${conflict.source}) name units in different places`);
        diagnostics.push({ code: 'AMBIGUOUS_DIVISION', args: { name: `${choice.name}/${conflict.name}`, count: 2 }, stage: 'metadata' });
      }
      const aliasNote = units.find((m) => m.division.code === d.code && m.name === choice!.name && m.aliasNote)?.aliasNote;
      if (aliasNote) notes.push(aliasNote);
    }
    if (unlisted) {
      if (choice.level === 'district' || choice.level === 'city' || choice.level === 'province') {
        fields.street = unlisted;
        fields.division_code = '';
      }
    }
    return { fields, notes, diagnostics };
  }

  /**
   * Whether a unit is of a level as a report says it: a 市 may be a prefecture-level city, a
   * county-level city (a district in the tables) or a municipality (a province in them).
   */
  private fits(d: Division, level: Level): boolean {
    if (d.level === level) return true;
    if (level !== 'city') return false;
    return (d.level === 'district' && d.name.endsWith('市')) || (d.level === 'province' && this.index.isMunicipality(d.code));
  }

  private fieldOf(d: Division, f: keyof UnitFields): string {
    const name = (code: string) => this.index.byCode(code)?.name ?? '';
    switch (f) {
      case 'province': return name(d.provinceCode);
      case 'city': return d.level === 'province' ? (this.index.isMunicipality(d.code) ? d.name : '') : name(d.cityCode);
      case 'district': return d.level === 'street' || d.level === 'district' ? name(d.districtCode) : '';
      case 'street': return d.level === 'street' ? d.name : '';
      default: return '';
    }
  }

  /** The first authoritative name none of whose readings lies on the chosen unit's branch. */
  private conflict(d: Division, authority: Weighted[]): { name: string; source: Source; readings: Division[] } | null {
    const seen = new Set<string>();
    for (const m of authority) {
      const key = `${m.division.level}:${m.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const readings = authority.filter((x) => x.name === m.name && x.division.level === m.division.level).map((x) => x.division);
      if (!readings.some((r) => sameBranch(r, d))) return { name: m.name, source: m.source, readings };
    }
    return null;
  }

  /** The one district an authoritative source (title, signature, publisher) names, if exactly one. */
  private onlyAuthoritativeDistrict(units: Weighted[]): Division | null {
    const codes = new Map<string, Division>();
    for (const m of units) if (AUTHORITATIVE.has(m.source) && m.division.level === 'district') codes.set(m.division.code, m.division);
    return codes.size === 1 ? [...codes.values()][0]! : null;
  }

  /** The units called `choice.name` at its level (aliases included). */
  private readings(choice: { level: Level; name: string }, pool: Weighted[]): Division[] {
    const fromPool = pool.filter((m) => m.name === choice.name && m.division.level === choice.level).map((m) => m.division);
    const byName = this.index.byName(choice.name).filter((d) => d.level === choice.level);
    const out = new Map<string, Division>();
    for (const d of [...byName, ...fromPool]) out.set(d.code, d);
    return [...out.values()];
  }

  /**
   * The name the mentions give most weight at the most specific level where some name has
   * at least `min` (0: any mention; authoritative mentions always count), or at `level` only.
   */
  private mostSpecific(ms: Weighted[], level: Level | null, min: number): { level: Level; name: string } | null {
    const levels = level ? [level] : LEVELS;
    for (const l of levels) {
      const weights = new Map<string, number>();
      const perCode = new Map<string, number>();
      const at = ms.filter((m) => (level ? this.fits(m.division, level) : m.division.level === l));
      for (const m of at) perCode.set(`${m.name}|${m.division.code}`, (perCode.get(`${m.name}|${m.division.code}`) ?? 0) + m.weight);
      for (const [key, w] of perCode) {
        const n = key.slice(0, key.indexOf('|'));
        weights.set(n, Math.max(weights.get(n) ?? 0, w));
      }
      let best = '';
      let bestW = 0;
      for (const [n, w] of weights) if (w > bestW) [best, bestW] = [n, w];
      if (!best) continue;
      const authoritative = at.some((m) => m.name === best && AUTHORITATIVE.has(m.source));
      if (authoritative || bestW >= min) {
        const lv = at.find((m) => m.name === best)!.division.level;
        return { level: lv, name: best };
      }
    }
    return null;
  }
}
