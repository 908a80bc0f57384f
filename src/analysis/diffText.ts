import type { DiffAnswer, DiffRecord } from './diff.js';
import { formatMoney, toCents } from './money.js';

/** Record text for a terminal or Markdown line: control characters (and Markdown/HTML specials when asked) neutralised. */
export function cleanText(value: string | null | undefined, markdown = false): string {
  const t = (value ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  // Markdown: escape what could start emphasis, a link, an image, HTML or a table cell.
  return markdown ? t.replace(/[\\`*_[\]()<>!|&]/g, (c) => `\\${c}`) : t;
}

const money = (amount: string | null): string => formatMoney(toCents(amount));

function describeSnapshot(s: DiffAnswer['from']): string {
  return s.snapshotId === 0 ? 'the empty store' : `snapshot ${s.snapshotId} (${s.finishedAt}, ${s.command ?? ''})`;
}

/** One record as a line: date, amount, award, modification, recipient, source file and line. */
export function recordLine(r: DiffRecord, markdown = false): string {
  const c = (v: string | null): string => cleanText(v, markdown);
  return `${r.actionDate ?? '?'}  ${money(r.amount)}  ${c(r.awardKey)} mod ${c(r.modification) || '0'}  ${c(r.recipient)}  [${c(r.sourceFile)} line ${r.line}]`;
}

/** The diff as plain text, `limit` records per section (the JSON has them all). */
export function diffText(d: DiffAnswer, limit = 20): string {
  const out: string[] = [];
  out.push(`changes from ${describeSnapshot(d.from)}`);
  out.push(`          to ${describeSnapshot(d.to)}`);
  const scope = [d.scope.agency ? `agency ${d.scope.agency} (${d.basis} basis)` : null,
    d.scope.companies.length ? `companies ${d.scope.companies.join(', ')}` : null,
    d.scope.keywords.length ? `keywords ${d.scope.keywords.join(', ')}` : null].filter(Boolean);
  out.push(`scope: ${scope.length ? scope.join('; ') : 'every transaction'}`);
  if (d.unchanged) {
    out.push('', 'no change in scope between these snapshots');
    return `${out.join('\n')}\n`;
  }
  const more = (n: number): void => { if (n > limit) out.push(`  … and ${n - limit} more (--json lists all)`); };
  out.push('', `new awards: ${d.newAwards.length}`);
  for (const a of d.newAwards.slice(0, limit)) {
    out.push(`  ${cleanText(a.awardKey)}  ${money(a.amount)}  ${cleanText(a.familyName ?? a.recipient)}  (${a.records.length} record(s))`);
    for (const r of a.records.slice(0, 3)) out.push(`      ${recordLine(r)}`);
  }
  more(d.newAwards.length);
  const deob = d.newModifications.filter((m) => m.deobligation).length;
  out.push('', `new modifications of awards seen before: ${d.newModifications.length} (${deob} de-obligation(s))`);
  for (const m of d.newModifications.slice(0, limit)) out.push(`  ${m.deobligation ? 'DE-OBLIGATION ' : ''}${recordLine(m.record)}`);
  more(d.newModifications.length);
  out.push('', `changed records: ${d.changedRecords.length}`);
  for (const c of d.changedRecords.slice(0, limit)) {
    out.push(`  ${cleanText(c.after.key)}: ${money(c.before.amount)} → ${money(c.after.amount)} (${c.deobligation ? 'de-obligation ' : ''}${money(c.change)})`);
  }
  more(d.changedRecords.length);
  out.push('', `removed records: ${d.removedRecords.length}`);
  for (const r of d.removedRecords.slice(0, limit)) out.push(`  ${recordLine(r)}`);
  more(d.removedRecords.length);
  out.push('', `new supplier families for an agency: ${d.newFamiliesForAgency.length}`);
  for (const p of d.newFamiliesForAgency.slice(0, limit)) {
    out.push(`  ${cleanText(p.agencyName ?? p.agencyCode)} (${p.basis}) ← ${cleanText(p.familyName ?? p.familyId)}: ${money(p.amount)} in ${p.records.length} record(s)`);
  }
  more(d.newFamiliesForAgency.length);
  out.push('', `new agencies for a family: ${d.newAgenciesForFamily.length}`);
  for (const p of d.newAgenciesForFamily.slice(0, limit)) {
    out.push(`  ${cleanText(p.familyName ?? p.familyId)} → ${cleanText(p.agencyName ?? p.agencyCode)} (${p.basis}): ${money(p.amount)} in ${p.records.length} record(s)`);
  }
  more(d.newAgenciesForFamily.length);
  return `${out.join('\n')}\n`;
}
