// Helpers shared by the benchmarks (bench/answers.mjs, bench/graph.mjs): formatting, quantiles, memory
// and load readings, and the path of a built module.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist');

/** Interpolated quantile of an ascending array. */
export function quantile(sorted, q) {
  if (sorted.length === 1) return sorted[0];
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Peak resident memory of this process since start (or since the last reset), from /proc. */
export function peakRss() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets the peak to the current RSS (Linux ≥ 4.0); false when it cannot. */
export function resetPeakRss() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** "2 cores, load average …" for the report. */
export function readLoad() {
  try {
    const [l1, l5] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `${availableParallelism()} cores, load average ${l1} (1 min) ${l5} (5 min)`;
  } catch {
    return 'load unknown';
  }
}

/** file: URL of a module of the build (dist/). */
export function dist(path) {
  return pathToFileURL(join(DIST, path)).href;
}

export function sum(xs) {
  return xs.reduce((s, x) => s + x, 0);
}

export function oneLine(sql, width) {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

export function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

export function fmtMs(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

export function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}

/**
 * Spreads a generated store's records over K fictional recipients (bench:answers --recipients K,
 * bench:graph): every award (and so all its transactions, its award summary and the prime fields of its
 * subawards) goes to one recipient, drawn with a heavy head (id = K·u³: the top 1% of ids take about a
 * fifth of the awards); subawardees are drawn the same way per subaward number. Of the recipients, 85%
 * have a UEI (35% also a DUNS), 10% only a DUNS and 5% only a name; parents: 50% a holding company by UEI
 * shared by groups of six ids, 20% a holding company by name only, 15% themselves, 15% none; one
 * transaction in twenty spells the name in lower case. Names are made of syllables ('KALOMER TINVEXRA
 * SYSTEMS INC'): the first word is drawn with a heavy head from 3,000, so name blocks have realistic
 * sizes and some names repeat across recipients. `db` is an open whosbehind Database.
 */
export async function spreadRecipients(db, k) {
  const syllables = ['KA', 'LO', 'MER', 'TIN', 'VEX', 'RA', 'DOR', 'QUI', 'SAN', 'BEL', 'TOR', 'MIA', 'ZEN', 'POL', 'HAR', 'VIN',
    'CAS', 'LUM', 'NOR', 'FEL', 'GRA', 'SOL', 'TEK', 'BRI', 'DAN', 'OX', 'PER', 'LAN', 'MON', 'RIV', 'SEL', 'WIL'];
  const third = ['SYSTEMS', 'SOLUTIONS', 'TECHNOLOGIES', 'SERVICES', 'GROUP', 'ASSOCIATES', 'CONSULTING', 'ENGINEERING',
    'HEALTH', 'LOGISTICS', 'CONSTRUCTION', 'MANUFACTURING'];
  const suffixes = ['INC', 'LLC', 'CORPORATION', 'CO', 'INC.', 'L.L.C.'];
  const states = ['VA', 'MD', 'CA', 'TX', 'FL', 'NY', 'CO', 'AL', 'WA', 'DC'];
  const list = (xs) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  const frac = (expr) => `(CAST(${expr} AS DOUBLE) / 18446744073709551615.0)`;
  const draw = (keyExpr, salt) => `CAST(floor(${k} * pow(${frac(`hash(${keyExpr}, '${salt}')`)}, 3)) AS BIGINT)`;
  await db.run(`CREATE OR REPLACE TEMP MACRO bench_word(n) AS
    list_element(${list(syllables)}, CAST(n % 32 AS INTEGER) + 1) || list_element(${list(syllables)}, CAST((n // 32) % 32 AS INTEGER) + 1)
    || list_element(${list(syllables)}, CAST((n // 1024) % 32 AS INTEGER) + 1)`);
  await db.run(`CREATE OR REPLACE TEMP TABLE bench_recipients AS
    WITH h AS (
      SELECT range AS id, hash(range, 'kind') % 100 AS kind, hash(range, 'parent') % 100 AS par, range // 6 AS pid,
        CAST(floor(3000 * pow(${frac(`hash(range, 'w1')`)}, 2)) AS BIGINT) AS w1, hash(range, 'w2') % 32768 AS w2,
        hash(range, 'w3') % ${third.length} AS w3, hash(range, 'sfx') % ${suffixes.length} AS sfx, hash(range, 'st') % ${states.length} AS st
      FROM range(${k}))
    SELECT id,
      CASE WHEN kind < 85 THEN 'R' || lpad(CAST(id AS VARCHAR), 11, '0') END AS uei,
      CASE WHEN kind < 35 OR (kind >= 85 AND kind < 95) THEN CAST(100000000 + id AS VARCHAR) END AS duns,
      bench_word(w1) || ' ' || bench_word(w2) || ' ' || list_element(${list(third)}, CAST(w3 AS INTEGER) + 1) || ' '
        || list_element(${list(suffixes)}, CAST(sfx AS INTEGER) + 1) AS name,
      list_element(${list(states)}, CAST(st AS INTEGER) + 1) AS state,
      CASE WHEN par < 50 THEN 'P' || lpad(CAST(pid AS VARCHAR), 11, '0') WHEN par >= 70 AND par < 85 AND kind < 85 THEN 'R' || lpad(CAST(id AS VARCHAR), 11, '0') END AS p_uei,
      CASE WHEN par < 70 THEN 'HOLDCO ' || bench_word(pid) || ' GROUP' END AS p_name
    FROM h`);
  const name = (rowKey) => `CASE WHEN hash(${rowKey}, 'variant') % 20 = 0 THEN lower(s.name) ELSE s.name END`;
  await db.transaction(async () => {
    await db.run(`UPDATE tx_current t SET recipient_uei = s.uei, recipient_duns = s.duns, recipient_name = ${name('t.contract_transaction_unique_key')},
        recipient_name_raw = s.name, recipient_doing_business_as_name = NULL, cage_code = NULL, recipient_parent_uei = s.p_uei,
        recipient_parent_duns = NULL, recipient_parent_name = s.p_name, recipient_parent_name_raw = s.p_name,
        recipient_country_code = 'USA', recipient_country_name = 'UNITED STATES', recipient_state_code = s.state
      FROM bench_recipients s WHERE s.id = ${draw('t.contract_award_unique_key', 'recipient')}`);
    await db.run(`UPDATE award_current t SET recipient_uei = s.uei, recipient_duns = s.duns, recipient_name = s.name,
        recipient_name_raw = s.name, recipient_doing_business_as_name = NULL, cage_code = NULL, recipient_parent_uei = s.p_uei,
        recipient_parent_duns = NULL, recipient_parent_name = s.p_name, recipient_parent_name_raw = s.p_name,
        recipient_country_code = 'USA', recipient_country_name = 'UNITED STATES', recipient_state_code = s.state
      FROM bench_recipients s WHERE s.id = ${draw('t.contract_award_unique_key', 'recipient')}`);
    await db.run(`UPDATE sub_current t SET prime_awardee_uei = s.uei, prime_awardee_duns = s.duns, prime_awardee_name = s.name,
        prime_awardee_dba_name = NULL, prime_awardee_parent_uei = s.p_uei, prime_awardee_parent_duns = NULL, prime_awardee_parent_name = s.p_name
      FROM bench_recipients s WHERE s.id = ${draw('t.prime_award_unique_key', 'recipient')}`);
    await db.run(`UPDATE sub_current t SET subawardee_uei = s.uei, subawardee_duns = s.duns, subawardee_name = s.name,
        subawardee_dba_name = NULL, subawardee_parent_uei = s.p_uei, subawardee_parent_duns = NULL, subawardee_parent_name = s.p_name,
        subawardee_country_code = 'USA', subawardee_country_name = 'UNITED STATES', subawardee_state_code = s.state
      FROM bench_recipients s WHERE s.id = ${draw('coalesce(t.subaward_number, t.subaward_key)', 'subawardee')}`);
  });
  await db.run('CHECKPOINT');
}
