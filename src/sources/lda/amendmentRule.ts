import type { LdaDocumentKind, LdaPeriod } from './types.js';

/**
 * The amendment rule. A registrant files one document per client and period — a registration, or
 * a report for the quarter (half year before 2008) — and corrects it by filing an amendment
 * (RA, 1A–4A, MA, YA, their "(No Activity)" forms such as 4AY, and termination amendments 1@–4@):
 * the amendment replaces the document, it does not add to it.
 *
 * So filings are grouped by registrant, client, year, period and document (registration or report),
 * and in each group one filing is in force: the latest-posted amendment, or, when the group has no
 * amendment, the latest-posted original. Every other filing of the group is superseded by it (kept,
 * shown as superseded, never counted). Ties on the posting time go to the larger filing UUID, so the
 * choice never depends on the order files were loaded in. An amendment whose original is not in the
 * store is in force on its own.
 *
 * Example (real, 10-Square Solutions for Medtronic, 2018 Q4): the Q4 report of 2019-01-11 said
 * income $15,000.00; the 4AY amendment of 2019-01-25 reports no activity and no income. The 4AY is
 * in force, so 2018 Q4 shows no activity and no amount.
 */
export interface FilingVersion {
  uuid: string;
  registrantId: string;
  clientId: string;
  year: number;
  period: LdaPeriod;
  document: LdaDocumentKind;
  amendment: boolean;
  /** UTC "YYYY-MM-DD HH:MM:SS.sss", or undefined when the filing has no readable posting time. */
  postedAt?: string | undefined;
}

/** The group a filing belongs to under the amendment rule. */
export function amendmentGroup(f: Omit<FilingVersion, 'uuid' | 'amendment' | 'postedAt'>): string {
  return `${f.registrantId}|${f.clientId}|${f.year}|${f.period}|${f.document}`;
}

/** -1 when `a` takes precedence over `b`: amendments first, then later posted, then larger UUID. */
function precedence(a: FilingVersion, b: FilingVersion): number {
  if (a.amendment !== b.amendment) return a.amendment ? -1 : 1;
  const pa = a.postedAt ?? '';
  const pb = b.postedAt ?? '';
  if (pa !== pb) return pa > pb ? -1 : 1;
  return a.uuid === b.uuid ? 0 : a.uuid > b.uuid ? -1 : 1;
}

/**
 * Applies the amendment rule to filings (any mix of groups): for each filing, the UUID of the filing
 * that supersedes it, or null for the one in force in its group.
 */
export function supersededBy(filings: readonly FilingVersion[]): Map<string, string | null> {
  const groups = new Map<string, FilingVersion[]>();
  for (const f of filings) {
    const key = amendmentGroup(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const out = new Map<string, string | null>();
  for (const list of groups.values()) {
    const ordered = [...list].sort(precedence);
    const inForce = ordered[0]!.uuid;
    for (const f of ordered) out.set(f.uuid, f.uuid === inForce ? null : inForce);
  }
  return out;
}
