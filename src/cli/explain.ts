// Renders `lawreport explain`: each fact with its sentence, the quantity highlighted, and
// the rule, cue words and topic that decided its metric.
import type { DocResult } from '../pipeline.js';

const C = { bold: '\x1b[1m', dim: '\x1b[2m', hl: '\x1b[1;33m', metric: '\x1b[1;36m', other: '\x1b[2;37m', reset: '\x1b[0m' };

export function renderExplanation(r: DocResult, opts: { color: boolean; metric?: string }): string {
  const paint = (code: string, s: string) => (opts.color ? code + s + C.reset : s);
  const text = r.text ?? '';
  const out: string[] = [];
  const m = r.meta;
  if (m) {
    out.push(paint(C.bold, r.doc));
    out.push(`  unit: ${[m.province, m.city, m.district, m.street].filter(Boolean).join(' ') || '(unresolved)'}${m.division_code ? ` (${m.division_code})` : ''}  year: ${m.year ?? '?'}  period: ${m.period}  type: ${m.doc_type}`);
    if (m.title) out.push(`  title: ${m.title}`);
    if (m.meta_note) out.push(`  note: ${m.meta_note}`);
    out.push('');
  }
  r.facts.forEach((f, i) => {
    if (opts.metric && f.metric !== opts.metric) return;
    const ex = r.explanations?.[i];
    const sStart = ex?.sentenceStart ?? f.start;
    let sEnd = text.indexOf('\n', f.end);
    const stop = text.slice(f.end).search(/[。！？!?；;]/);
    if (stop >= 0 && (sEnd < 0 || f.end + stop + 1 < sEnd)) sEnd = f.end + stop + 1;
    if (sEnd < 0) sEnd = text.length;
    const before = text.slice(Math.max(sStart, f.start - 60), f.start);
    const after = text.slice(f.end, Math.min(sEnd, f.end + 40));
    const metric = f.metric === 'other' ? paint(C.other, 'other') : paint(C.metric, f.metric);
    const flags = [f.approx && `approx ${f.approx}`, f.total && 'total', f.part_of && `part of ${f.part_of}`, f.value_max !== null && `to ${f.value_max}`].filter(Boolean).join(', ');
    out.push(`${metric}  ${f.value} ${f.unit} (${f.measure})${flags ? `  [${flags}]` : ''}  @${f.start}-${f.end}`);
    out.push(`  ${before.trimStart()}${paint(C.hl, `[${f.text}]`)}${after.trimEnd()}`);
    const why = [`rule ${f.rule}`];
    if (ex?.cues.length) why.push(ex.cues.join(' '));
    if (ex?.topic) why.push(`topic ${ex.topic}`);
    if (f.metric === 'other' && f.subject) why.push(`subject 「${f.subject}」`);
    out.push(paint(C.dim, `  ${why.join('  ')}`));
  });
  const shown = opts.metric ? r.facts.filter((f) => f.metric === opts.metric).length : r.facts.length;
  out.push('', `${shown} fact${shown === 1 ? '' : 's'}${opts.metric ? ` of ${opts.metric}` : ''} (${r.facts.filter((f) => f.metric !== 'other').length} attributed to a metric)`);
  return out.join('\n') + '\n';
}
