import { FetchError } from '../../errors.js';
import type { ApiRow } from './searchTransactions.js';

/** The API projection layout's header (src/sources/layouts: API_TRANSACTIONS), in file order. */
export const PROJECTION_HEADER = [
  'Agency', 'Award ID', 'Recipient Name', 'Federal Action Obligation', 'Action Date', 'Modification',
  'Product/Service Description', 'NAICS Description', 'Transaction Description', 'Generated Award ID',
] as const;

/**
 * An amount as the projection files write it (Python's float repr: "110367609.0", "-5.1"), from the
 * API's number or decimal string. Exact: only the text is reshaped, so no cent is ever lost, and the
 * derived transaction key (a digest of the row's text) matches that of the same row saved to a file.
 */
export function projectionAmount(value: unknown, where: string): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new FetchError(`${where}: Transaction Amount ${JSON.stringify(value)} is not a plain decimal amount`);
  const whole = m[2]!.replace(/^0+(?=\d)/, '');
  const frac = (m[3] ?? '').replace(/0+$/, '') || '0';
  const negative = m[1] === '-' && !(/^0+$/.test(whole) && frac === '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** PSC and NAICS come as {code, description}; older answers give the description as text. */
function description(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) return text((value as { description?: unknown }).description);
  return text(value);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * spending_by_transaction rows as an API projection CSV (CRLF, as USAspending writes), read by the same
 * layout as projection files saved by others. `abbreviationOf` gives the awarding subtier's abbreviation
 * for its name (the Agency column); a row whose subtier has none keeps the name, and the loader rejects
 * it with its reason.
 */
export function projectionCsv(rows: readonly ApiRow[], abbreviationOf: (subtierName: string) => string | null, where: string): string {
  const lines = [PROJECTION_HEADER.join(',')];
  rows.forEach((r, i) => {
    const subtier = text(r['Awarding Sub Agency']);
    const fields = [
      abbreviationOf(subtier) ?? subtier,
      text(r['Award ID']),
      text(r['Recipient Name']),
      projectionAmount(r['Transaction Amount'], `${where}, result ${i + 1}`),
      text(r['Action Date']),
      text(r['Mod']),
      description(r['PSC']),
      description(r['NAICS']),
      text(r['Transaction Description']),
      text(r['generated_internal_id']),
    ];
    lines.push(fields.map(csvField).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
