/**
 * Exhibit 21 subsidiaries matched to recipients, as scored suggestions only: a recipient whose
 * normalized name equals a listed subsidiary's is suggested (score 1, algorithm exhibit21-name-v1) and
 * judged like any merge (`entities accept/reject`). Nothing is merged silently: an open suggestion is
 * shown as such, an accepted one as ownership evidence citing the filing, a rejected one not at all.
 * Written by each resolution (src/entities/resolve.ts), read by `entities explain` and `company`.
 */
import type { Database } from '../store/database.js';
import { normalizeName } from './normalizeName.js';
import { suggestionId } from './resolve.js';

export const EXHIBIT21_ALGORITHM = 'exhibit21-name-v1';

/** The identity key of a listed subsidiary: its filing and normalized name. */
export const exhibit21Key = (filingId: string, nameNorm: string): string => `${filingId}|${nameNorm}`;

/** Writes the suggestions for the current exhibits (called inside resolution, after entity_recipients). */
export async function writeExhibit21Suggestions(db: Database): Promise<number> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT r.recipient_id, r.name AS rname, r.family_id, s.filing_id, s.name, s.name_norm, s.jurisdiction, s.source_line,
       f.parent_name, f.parent_norm, f.form, f.period, src.name AS file
     FROM ex21_subsidiaries_all s JOIN ex21_filings f ON f.filing_id = s.filing_id AND f.source_id = s.source_id AND f.superseded_snapshot_id IS NULL
     JOIN sources src ON src.source_id = s.source_id
     JOIN entity_recipients r ON r.name_norm = s.name_norm
     ORDER BY r.recipient_id, s.filing_id, s.name_norm`,
  );
  if (!rows.length) return 0;
  const families = await db.all<{ family_id: string; name: string; aliases: string | null }>(`SELECT family_id, name, aliases FROM entity_families`);
  const familyOfName = new Map<string, string>();
  for (const f of families) for (const n of [f.name, ...(f.aliases ?? '').split(/\s*[;|]\s*/)]) if (n) familyOfName.set(normalizeName(n), f.family_id);
  const judgements = await db.all<{ left_key: string; right_key: string; decision: string }>(
    `SELECT left_key, right_key, arg_max(decision, decided_at) AS decision FROM entity_judgements GROUP BY 1, 2`);
  const judged = new Map(judgements.map((j) => [`${j.left_key}\0${j.right_key}`, j.decision]));
  const out = rows.map((r) => {
    const left = String(r['recipient_id']);
    const right = exhibit21Key(String(r['filing_id']), String(r['name_norm']));
    const parentFamily = r['parent_norm'] ? familyOfName.get(String(r['parent_norm'])) ?? null : null;
    const where = `${r['file']} line ${r['source_line']}`;
    const reasons = `identical normalized names: "${r['name_norm']}"; listed as "${r['name']}"${r['jurisdiction'] ? ` (${r['jurisdiction']})` : ''} in the Exhibit 21 of ${r['parent_name'] ?? '(parent not named)'}${r['form'] ? `, form ${r['form']}` : ''}${r['period'] ? `, period ${r['period']}` : ''} (${where})`;
    return [suggestionId(left, right), left, right, String(r['rname']), String(r['name']), String(r['family_id']), parentFamily ?? `ex21:${r['parent_norm'] ?? ''}`,
      1, EXHIBIT21_ALGORITHM, reasons, judged.get(`${left}\0${right}`) ?? null] as Array<string | number | null>;
  });
  await db.appendRows('entity_suggestions', out);
  return out.length;
}

/** One Exhibit 21 listing matched to a member, for explanations. */
export interface Exhibit21Reason {
  recipientId: string;
  rule: 'exhibit21' | 'exhibit21 (suggested)';
  detail: string;
  file: string;
  line: number;
  sourceUrl: string | null;
}

/** Accepted and open Exhibit 21 matches of a family's members (rejected ones are left out). */
export async function exhibit21Reasons(db: Database, familyId: string): Promise<Exhibit21Reason[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT g.suggestion_id, g.left_key, g.judgement, s.name, s.jurisdiction, s.source_line, f.parent_name, f.form, f.period, f.accession, f.url, src.name AS file
     FROM entity_suggestions g
     JOIN ex21_subsidiaries_all s ON g.right_key = s.filing_id || '|' || s.name_norm
     JOIN ex21_filings f ON f.filing_id = s.filing_id AND f.source_id = s.source_id
     JOIN sources src ON src.source_id = s.source_id
     WHERE g.algorithm = ? AND g.left_family = ? AND coalesce(g.judgement, '') <> 'reject'
     ORDER BY g.left_key, f.parent_name, s.source_line`, [EXHIBIT21_ALGORITHM, familyId]);
  return rows.map((r) => {
    const accepted = r['judgement'] === 'accept';
    const filing = [r['parent_name'] ? `the Exhibit 21 of ${r['parent_name']}` : 'an Exhibit 21', r['form'] ? `form ${r['form']}` : null, r['period'] ? `period ${r['period']}` : null,
      r['accession'] ? `accession ${r['accession']}` : null].filter(Boolean).join(', ');
    const what = `listed as "${r['name']}"${r['jurisdiction'] ? ` (${r['jurisdiction']})` : ''} in ${filing}`;
    return {
      recipientId: String(r['left_key']),
      rule: accepted ? 'exhibit21' : 'exhibit21 (suggested)',
      detail: accepted ? `${what}; match accepted (${r['suggestion_id']})` : `${what}; name match not yet judged: \`whosbehind entities accept ${r['suggestion_id']}\` or reject it`,
      file: String(r['file']), line: Number(r['source_line']), sourceUrl: (r['url'] as string | null) ?? null,
    };
  });
}
