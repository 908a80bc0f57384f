import type { DateEvidence, DateExample } from '../sources/dateOrder.js';
import type { LayoutDecl } from '../sources/layouts/index.js';
import { lineOfRecord, type FileScan } from '../sources/scanFile.js';
import type { Database } from './database.js';
import { planLoad } from './loadPlan.js';
import { readCsvSql } from './loadFile.js';
import { ident, literal } from './sql.js';

// d/m or m/d with a 2- or 4-digit year, optionally followed by a time.
const SLASH = `'^\\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{2}|[0-9]{4})(\\s+[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?\\s*$'`;

/**
 * Reads every value of the file's date and timestamp columns once (projected: DuckDB parses nothing
 * else) and counts the spreadsheet dates that read only month-first, only day-first, or either way,
 * with the first examples of each, by physical line.
 */
export async function dateEvidence(db: Database, input: {
  layout: LayoutDecl; csvPath: string; header: readonly string[]; hasHeader: boolean; scan: Promise<FileScan>;
}): Promise<DateEvidence> {
  const plan = planLoad(input.layout, input.header);
  const dated = plan.staged.filter((s) => {
    const decl = plan.target.columns.find((c) => c.name === s.as);
    return decl?.type === 'date' || decl?.type === 'timestamp';
  });
  const empty: DateEvidence = { monthFirst: 0, dayFirst: 0, either: 0, examples: { monthFirst: [], dayFirst: [], either: [] } };
  if (dated.length === 0) return empty;
  const cols = dated.map((s, i) => `${ident(s.header)} AS c${i}`).join(', ');
  const names = dated.map((_, i) => `c${i}`).join(', ');
  const fieldOf = `CASE name ${dated.map((s, i) => `WHEN 'c${i}' THEN ${literal(s.as)}`).join(' ')} END`;
  const rows = await db.all<{ kind: string; n: string; ex: string }>(`
    WITH v AS (SELECT row_number() OVER () AS rec, ${cols} FROM ${readCsvSql(input.csvPath, input.header, input.hasHeader)}),
    u AS (SELECT rec, name, val FROM v UNPIVOT (val FOR name IN (${names}))),
    p AS (SELECT rec, name, val, TRY_CAST(regexp_extract(val, ${SLASH}, 1) AS INTEGER) AS a, TRY_CAST(regexp_extract(val, ${SLASH}, 2) AS INTEGER) AS b
          FROM u WHERE regexp_matches(val, ${SLASH})),
    k AS (SELECT rec, ${fieldOf} AS field, trim(val) AS val,
            CASE WHEN a BETWEEN 1 AND 12 AND b BETWEEN 13 AND 31 THEN 'monthFirst'
                 WHEN a BETWEEN 13 AND 31 AND b BETWEEN 1 AND 12 THEN 'dayFirst'
                 WHEN a BETWEEN 1 AND 12 AND b BETWEEN 1 AND 12 THEN 'either' END AS kind FROM p)
    SELECT kind, count(*) AS n, to_json(list({'rec': rec, 'field': field, 'val': val} ORDER BY rec, field)[1:3]) AS ex
    FROM k WHERE kind IS NOT NULL GROUP BY kind`);
  if (rows.length === 0) return empty;
  const scan = await input.scan;
  const out = empty;
  for (const r of rows) {
    const kind = r.kind as keyof DateEvidence['examples'];
    out[kind] = Number(r.n);
    out.examples[kind] = (JSON.parse(r.ex) as Array<{ rec: number; field: string; val: string }>).map((e): DateExample => ({
      line: lineOfRecord(scan, input.hasHeader ? e.rec : e.rec - 1), field: e.field, value: e.val,
    }));
  }
  return out;
}

/** Whether the first bytes of a file hold anything that looks like a spreadsheet date (then the full pass runs). */
export function headHasSlashDates(head: Buffer): boolean {
  return /(?:^|[,"\r\n])\s*\d{1,2}\/\d{1,2}\/(?:\d{4}|\d{2})(?=[\s,"\r\n]|$)/.test(head.toString('latin1'));
}
