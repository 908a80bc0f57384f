/**
 * The one write path for users' entity judgements: accepting or rejecting suggestions. Judgements are
 * stored by the identity keys of the two recipients, not by row ids, so they survive re-ingest and
 * re-resolution; the latest judgement on a pair wins.
 */
import { NotFoundError, UsageError } from '../errors.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';

const inList = (values: readonly string[]): string => `(${values.map(literal).join(', ') || 'NULL'})`;

export type Decision = 'accept' | 'reject';

export interface JudgedSuggestion {
  suggestionId: string;
  leftKey: string;
  rightKey: string;
  leftName: string;
  rightName: string;
  score: number;
  decision: Decision;
}

/** Records decisions on suggestions by id (or every open suggestion scoring at least minScore). */
export async function judgeSuggestions(
  db: Database,
  decision: Decision,
  target: { ids?: readonly string[]; minScore?: number },
  note?: string,
  now: Date = new Date(),
): Promise<JudgedSuggestion[]> {
  if (db.readOnly) throw new UsageError('the store is open read-only; judgements need write access');
  let rows: Array<Record<string, unknown>>;
  if (target.ids && target.ids.length) {
    const ids = [...new Set(target.ids.map((i) => i.trim()))];
    rows = await db.all(`SELECT * FROM entity_suggestions WHERE suggestion_id IN ${inList(ids)}`);
    const found = new Set(rows.map((r) => String(r['suggestion_id'])));
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length) throw new NotFoundError(`no suggestion ${missing.join(', ')}: list them with \`whosbehind entities suggest\``);
  } else if (target.minScore !== undefined) {
    rows = await db.all(`SELECT * FROM entity_suggestions WHERE score >= ? AND judgement IS NULL ORDER BY suggestion_id`, [target.minScore]);
  } else {
    throw new UsageError('name suggestion ids, or give --min-score to judge every open suggestion at or above a score');
  }
  const out: JudgedSuggestion[] = rows.map((r) => ({
    suggestionId: String(r['suggestion_id']), leftKey: String(r['left_key']), rightKey: String(r['right_key']),
    leftName: String(r['left_name'] ?? ''), rightName: String(r['right_name'] ?? ''), score: Number(r['score']), decision,
  }));
  await db.transaction(async () => {
    const at = now.toISOString().replace('T', ' ').replace('Z', '');
    for (const j of out) {
      await db.run(`INSERT INTO entity_judgements VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP), ?)`,
        [j.leftKey, j.rightKey, decision, j.score, j.leftName, j.rightName, at, note ?? null]);
    }
    await db.run(`UPDATE entity_suggestions SET judgement = ? WHERE suggestion_id IN ${inList(out.map((j) => j.suggestionId))}`, [decision]);
  });
  return out;
}
