/**
 * Section 7 of a report: the snapshot and the source files behind it (sha256, row counts, dates
 * covered, rows counted in the report), known gaps, and how the families shown were formed.
 */
import type { AnswerContext } from '../analysis/answer.js';
import { sharePercent } from '../analysis/money.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import type { ReportMethod, ReportSource } from './reportModel.js';

export const FAMILY_BASIS_EXPLAINED: Record<string, string> = {
  curated: 'curated: listed in a cited families file (data/families.yaml or --families)',
  parent_field: 'parent field: joined by the parent company the recipients reported to SAM (one level, self-reported)',
  judgement: 'accepted suggestion: a name-similarity suggestion a person accepted (`whosbehind entities judge`)',
  single: 'identifier: one recipient, the same UEI, DUNS or normalized name',
  none: 'no recipient named on the records',
};

export const MEMBERSHIP_RULE_EXPLAINED: Record<string, string> = {
  curated: 'named in a curated family (file and line cited)',
  parent_field: 'recipient_parent_uei / duns / name fields of the records',
  judgement: 'an accepted name-similarity suggestion',
  identity: 'same UEI, DUNS or normalized name as another member',
  self: 'the family\'s own recipient (head or only member)',
};

const BASIS_EXPLAINED: Record<string, string> = {
  awarding: 'prime transactions whose awarding agency (subtier or department) is the subject',
  funding: 'prime transactions whose funding agency (subtier or department) is the subject',
  either: 'prime transactions the subject awarded or funded (each counted once); the awarding/funding split is shown in the summary',
};

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * `scopeSql` selects the report's prime transactions (over tx_current r); `familyIds` are the families
 * shown (their formation is described).
 */
export async function reportMethod(
  db: Database, ctx: AnswerContext, basis: string, scopeSql: string, familyIds: readonly string[], caveats: readonly string[],
): Promise<ReportMethod> {
  const perSource = new Map<number, { current: number; inReport: number; first: string | null; last: string | null }>();
  const add = (rows: Array<Record<string, unknown>>): void => {
    for (const r of rows) {
      const id = Number(r['source_id']);
      const p = perSource.get(id) ?? { current: 0, inReport: 0, first: null, last: null };
      p.current += Number(r['n']);
      const f = str(r['first']);
      const l = str(r['last']);
      if (f !== null && (p.first === null || f < p.first)) p.first = f;
      if (l !== null && (p.last === null || l > p.last)) p.last = l;
      perSource.set(id, p);
    }
  };
  add(await db.all(`SELECT source_id, count(*) AS n, CAST(min(action_date) AS VARCHAR) AS first, CAST(max(action_date) AS VARCHAR) AS last FROM tx_current GROUP BY 1`));
  add(await db.all(`SELECT source_id, count(*) AS n, CAST(min(coalesce(award_base_action_date, award_latest_action_date)) AS VARCHAR) AS first,
      CAST(max(coalesce(award_latest_action_date, award_base_action_date)) AS VARCHAR) AS last FROM award_current GROUP BY 1`));
  add(await db.all(`SELECT source_id, count(*) AS n, CAST(min(subaward_action_date) AS VARCHAR) AS first, CAST(max(subaward_action_date) AS VARCHAR) AS last FROM sub_current GROUP BY 1`));
  for (const r of await db.all(`SELECT source_id, count(*) AS n FROM tx_current r WHERE ${scopeSql} GROUP BY 1`)) {
    const p = perSource.get(Number(r['source_id']));
    if (p) p.inReport = Number(r['n']);
  }
  const feeds = new Map<number, { offerings: number; lastChange: string | null }>();
  const hasFeeds = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'fedramp_feeds'`);
  if (hasFeeds?.n) {
    for (const f of await db.all(`SELECT source_id, offerings, CAST(last_change AS VARCHAR) AS last_change, superseded_snapshot_id FROM fedramp_feeds`)) {
      if (f['superseded_snapshot_id'] === null) feeds.set(Number(f['source_id']), { offerings: Number(f['offerings']), lastChange: str(f['last_change']) });
    }
  }
  const sources: ReportSource[] = (await db.all(`SELECT * FROM sources ORDER BY source_id`)).map((s) => {
    const id = Number(s['source_id']);
    const p = perSource.get(id);
    const feed = feeds.get(id);
    return {
      sourceId: id, snapshotId: Number(s['snapshot_id']), name: String(s['name']), layout: String(s['layout']), sha256: String(s['sha256']),
      bytes: Number(s['bytes']), read: Number(s['read']), loaded: Number(s['loaded']), rejected: Number(s['rejected']),
      currentRows: p?.current ?? feed?.offerings ?? 0, rowsInReport: p?.inReport ?? 0,
      firstDate: p?.first ?? null, lastDate: p?.last ?? feed?.lastChange?.slice(0, 10) ?? null,
    };
  });

  const gaps: string[] = [];
  const parents = await db.one(
    `SELECT count(*) AS n, count(*) FILTER (WHERE r.recipient_parent_uei IS NULL AND r.recipient_parent_duns IS NULL AND r.recipient_parent_name IS NULL) AS none
     FROM tx_current r WHERE ${scopeSql}`,
  );
  const n = Number(parents?.['n'] ?? 0);
  const none = Number(parents?.['none'] ?? 0);
  if (n > 0) {
    gaps.push(`Parent gaps: ${none} of ${n} prime transactions in this report (${sharePercent(BigInt(none), BigInt(n))}%) name no parent company; their recipients join a family only by identifier, a curated list or an accepted suggestion, so a family can be split where parents are missing.`);
  }
  gaps.push('Subawards are self-reported by prime contractors, only from $30,000, often late and sometimes re-reported; they are evidence of a relationship and never added to prime obligations.');
  gaps.push(`Reporting lag: USAspending data is revised after publication and DoD data arrives 90 days late; every figure is as of snapshot ${ctx.snapshotId ?? '(none)'}${ctx.snapshotFinishedAt ? ` (loaded ${ctx.snapshotFinishedAt})` : ''}.`);
  const rejected = sources.reduce((s, x) => s + x.rejected, 0);
  if (rejected) gaps.push(`${rejected} row(s) of the source files were rejected on loading (bad values or repeats); \`whosbehind status\` lists why.`);
  gaps.push('Contract data only: grants, salaries and other spending are not in these figures.');

  const families = familyIds.length
    ? await db.all(`SELECT basis, count(*) AS n FROM entity_families WHERE family_id IN (${familyIds.map(literal).join(', ')}) GROUP BY 1 ORDER BY 2 DESC, 1`)
    : [];
  const rules = familyIds.length
    ? await db.all(`SELECT rule, count(DISTINCT recipient_id) AS n FROM entity_membership WHERE family_id IN (${familyIds.map(literal).join(', ')}) GROUP BY 1 ORDER BY 2 DESC, 1`)
    : [];
  return {
    basis, basisExplained: BASIS_EXPLAINED[basis] ?? basis, snapshotId: ctx.snapshotId, snapshotFinishedAt: ctx.snapshotFinishedAt, sources, gaps,
    families: families.map((f) => ({ basis: String(f['basis']), explained: FAMILY_BASIS_EXPLAINED[String(f['basis'])] ?? String(f['basis']), families: Number(f['n']) })),
    membershipRules: rules.map((r) => ({ rule: String(r['rule']), explained: MEMBERSHIP_RULE_EXPLAINED[String(r['rule'])] ?? String(r['rule']), members: Number(r['n']) })),
    caveats: [...caveats],
  };
}
