import type { Database } from './database.js';

/**
 * Text-to-type converters used by the loaders. Each returns NULL when the text cannot be read exactly,
 * so a loader can reject the row with a reason instead of storing a wrong value:
 * - money: plain decimals with at most two significant decimal places ("1234", "-12.5", "110367609.0");
 *   thousands separators, currency signs and exponents are refused.
 * - dates: ISO "2023-10-05", or spreadsheet "10/5/23" / "10/5/2023" (two-digit years: 00-49 are 20xx,
 *   50-99 are 19xx; loaders cross-check against fiscal-year columns where the layout has them).
 * - timestamps: ISO with optional time and a UTC offset of +00, or spreadsheet "5/10/23 9:05".
 */
const MACROS = [
  `CREATE OR REPLACE TEMP MACRO wb_money(v) AS
     CASE WHEN regexp_full_match(trim(v), '[+-]?([0-9]{1,16}(\\.[0-9]{0,2}0*)?|\\.[0-9]{1,2}0*)')
          THEN try_cast(ltrim(trim(v), '+') AS DECIMAL(18,2)) END`,
  `CREATE OR REPLACE TEMP MACRO wb_full_year(v) AS
     CASE WHEN regexp_full_match(trim(v), '[0-9]{1,2}/[0-9]{1,2}/[0-9]{2}')
          THEN regexp_replace(trim(v), '/([0-9]{2})$', CASE WHEN CAST(right(trim(v), 2) AS INTEGER) < 50 THEN '/20\\1' ELSE '/19\\1' END)
          ELSE trim(v) END`,
  `CREATE OR REPLACE TEMP MACRO wb_date(v) AS
     CASE WHEN regexp_full_match(trim(v), '[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00(\\.0+)?)?')
            THEN try_cast(left(trim(v), 10) AS DATE)
          WHEN regexp_full_match(trim(v), '[0-9]{1,2}/[0-9]{1,2}/([0-9]{2}|[0-9]{4})( 0?0:00(:00)?)?')
            THEN CAST(try_strptime(wb_full_year(split_part(trim(v), ' ', 1)), '%m/%d/%Y') AS DATE) END`,
  `CREATE OR REPLACE TEMP MACRO wb_hms(t) AS
     CASE WHEN t = '' THEN '0:00:00' WHEN regexp_full_match(t, '[0-9]{1,2}:[0-9]{2}') THEN t || ':00' ELSE t END`,
  `CREATE OR REPLACE TEMP MACRO wb_ts(v) AS
     CASE WHEN regexp_full_match(trim(v), '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?)?(\\+00(:?00)?|Z)?')
            THEN try_cast(replace(regexp_replace(trim(v), '(\\+00(:?00)?|Z)$', ''), 'T', ' ') AS TIMESTAMP)
          WHEN regexp_full_match(trim(v), '[0-9]{1,2}/[0-9]{1,2}/([0-9]{2}|[0-9]{4})( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?')
            THEN CAST(try_strptime(wb_full_year(split_part(trim(v), ' ', 1)) || ' ' || wb_hms(split_part(trim(v), ' ', 2)), '%m/%d/%Y %H:%M:%S') AS TIMESTAMP) END`,
  // Day-first twins (dd/mm/yy, dd/mm/yyyy, dd/mm/yy hh:mm) and ISO-only variants, for a file whose date
  // order was decided as day-first, or as ISO (no spreadsheet dates seen): see src/sources/dateOrder.ts.
  `CREATE OR REPLACE TEMP MACRO wb_date_dmy(v) AS
     CASE WHEN regexp_full_match(trim(v), '[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00(\\.0+)?)?')
            THEN try_cast(left(trim(v), 10) AS DATE)
          WHEN regexp_full_match(trim(v), '[0-9]{1,2}/[0-9]{1,2}/([0-9]{2}|[0-9]{4})( 0?0:00(:00)?)?')
            THEN CAST(try_strptime(wb_full_year(split_part(trim(v), ' ', 1)), '%d/%m/%Y') AS DATE) END`,
  `CREATE OR REPLACE TEMP MACRO wb_ts_dmy(v) AS
     CASE WHEN regexp_full_match(trim(v), '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?)?(\\+00(:?00)?|Z)?')
            THEN try_cast(replace(regexp_replace(trim(v), '(\\+00(:?00)?|Z)$', ''), 'T', ' ') AS TIMESTAMP)
          WHEN regexp_full_match(trim(v), '[0-9]{1,2}/[0-9]{1,2}/([0-9]{2}|[0-9]{4})( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?')
            THEN CAST(try_strptime(wb_full_year(split_part(trim(v), ' ', 1)) || ' ' || wb_hms(split_part(trim(v), ' ', 2)), '%d/%m/%Y %H:%M:%S') AS TIMESTAMP) END`,
  `CREATE OR REPLACE TEMP MACRO wb_date_iso(v) AS
     CASE WHEN regexp_full_match(trim(v), '[0-9]{4}-[0-9]{2}-[0-9]{2}( 00:00:00(\\.0+)?)?') THEN try_cast(left(trim(v), 10) AS DATE) END`,
  `CREATE OR REPLACE TEMP MACRO wb_ts_iso(v) AS
     CASE WHEN regexp_full_match(trim(v), '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?)?(\\+00(:?00)?|Z)?')
            THEN try_cast(replace(regexp_replace(trim(v), '(\\+00(:?00)?|Z)$', ''), 'T', ' ') AS TIMESTAMP) END`,
  `CREATE OR REPLACE TEMP MACRO wb_int(v) AS
     CASE WHEN regexp_full_match(trim(v), '[+-]?[0-9]{1,18}(\\.0+)?') THEN CAST(split_part(ltrim(trim(v), '+'), '.', 1) AS BIGINT) END`,
  `CREATE OR REPLACE TEMP MACRO wb_bool(v) AS
     CASE upper(trim(v)) WHEN 'TRUE' THEN true WHEN 'T' THEN true WHEN 'Y' THEN true WHEN 'YES' THEN true WHEN '1' THEN true
       WHEN 'FALSE' THEN false WHEN 'F' THEN false WHEN 'N' THEN false WHEN 'NO' THEN false WHEN '0' THEN false END`,
  `CREATE OR REPLACE TEMP MACRO wb_text(v) AS nullif(trim(v), '')`,
  `CREATE OR REPLACE TEMP MACRO wb_fy(d) AS CAST(year(d) + CASE WHEN month(d) >= 10 THEN 1 ELSE 0 END AS BIGINT)`,
  `CREATE OR REPLACE TEMP MACRO wb_show(v) AS '"' || left(v, 60) || CASE WHEN length(v) > 60 THEN '…' ELSE '' END || '"'`,
];

/** Defines the converter macros on this connection (temporary: they are not stored in the file). */
export async function defineMacros(db: Database): Promise<void> {
  for (const m of MACROS) await db.run(m);
}
