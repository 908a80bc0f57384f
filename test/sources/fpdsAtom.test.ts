/**
 * The FPDS ATOM reader on the real pages: every page reads, the declared element map agrees with the
 * DATA Act broker's (fpds_elements.csv) and with the 1.5.2 skeleton, the key rule reproduces USAspending's
 * real keys, and hostile pages fail with file, line and element. Expected values come from the test's own
 * minimal extraction of the XML (regular expressions), never from the reader under test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { entryToAction, type FpdsAction } from '../../src/sources/fpdsAtom/actionRecord.js';
import { NotAnAtomFeed, readAtomPage } from '../../src/sources/fpdsAtom/atomPage.js';
import { FPDS_ELEMENTS, IDV_ELEMENTS, KEY_BROKER_COLUMNS, KEY_PATHS } from '../../src/sources/fpdsAtom/fpdsElements.js';
import { awardKey, transactionKey } from '../../src/sources/fpdsAtom/uniqueKey.js';
import { IDV_ACTIONS, TRANSACTIONS } from '../../src/store/tables.js';
import { parseCsv } from '../support/csv.js';
import { cents } from '../support/money.js';
import { hasRealData, realFile, REAL_DATA_SKIP_REASON } from '../support/realData.js';

const ATOM_DIR = realFile('fpds-atom');
const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.xml') ? [p] : [];
});
const pages = (): string[] => walk(ATOM_DIR).filter((p) => !p.endsWith('fpds_specification_v1_5_2.xml'));

/** The test's own extraction: every <…entry> block, and a tag's text inside a block, by regular expression. */
function entriesOf(xml: string): string[] {
  return [...xml.matchAll(/<(?:[A-Za-z0-9_]+:)?entry>([\s\S]*?)<\/(?:[A-Za-z0-9_]+:)?entry>/g)].map((m) => m[1]!);
}
function tag(block: string, name: string): string | undefined {
  const m = new RegExp(`<(?:[A-Za-z0-9_]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[A-Za-z0-9_]+:)?${name}>`).exec(block);
  return m?.[1]?.trim();
}
function section(block: string, name: string): string {
  const m = new RegExp(`<(?:[A-Za-z0-9_]+:)?${name}[\\s>][\\s\\S]*?</(?:[A-Za-z0-9_]+:)?${name}>`).exec(block);
  return m?.[0] ?? '';
}
const actions = (file: string): FpdsAction[] => {
  const page = readAtomPage(readFileSync(file, 'utf8'), file);
  return page.entries.map(entryToAction).filter((a): a is FpdsAction => 'transaction' in a);
};

describe.skipIf(!hasRealData)(`FPDS ATOM pages (${hasRealData ? 'real data' : REAL_DATA_SKIP_REASON})`, () => {
  it('reads every page in fpds-atom: all entries become actions, none rejected', () => {
    const files = pages();
    expect(files.length).toBeGreaterThanOrEqual(41);
    let total = 0;
    for (const file of files) {
      const xml = readFileSync(file, 'utf8');
      const page = readAtomPage(xml, file);
      const expected = entriesOf(xml).length;
      expect(page.entries.length + page.rejected.length, file).toBe(expected);
      expect(page.rejected, file).toEqual([]);
      expect(page.entries.map(entryToAction).every((a) => 'transaction' in a), file).toBe(true);
      total += expected;
    }
    // 340 kenosa IDV entries + 10 + 10 award entries (PROVENANCE.md)
    expect(total).toBe(360);
  });

  it('per contract, the obligations read equal an independent sum of dollarValues/obligatedAmount (totals never added)', () => {
    const mine = new Map<string, bigint>(), theirs = new Map<string, bigint>();
    for (const file of pages()) {
      const xml = readFileSync(file, 'utf8');
      for (const block of entriesOf(xml)) {
        const idv = /<(?:\w+:)?IDV[\s>]/.test(block);
        const id = section(block, idv ? 'IDVID' : 'awardContractID');
        const key = `${tag(id, 'agencyID')}|${tag(id, 'PIID')}|${tag(section(block, 'referencedIDVID'), 'PIID') ?? ''}`;
        theirs.set(key, (theirs.get(key) ?? 0n) + cents(tag(section(block, 'dollarValues'), 'obligatedAmount')!));
      }
      for (const a of actions(file)) {
        const t = a.transaction;
        const agency = a.kind === 'IDV' ? a.idv!['agency_id'] : t['contract_transaction_unique_key']!.split('_')[0];
        const key = `${agency}|${t['award_id_piid']}|${a.kind === 'IDV' ? (t['parent_award_id_piid'] ?? '') : (t['parent_award_id_piid'] ?? '')}`;
        mine.set(key, (mine.get(key) ?? 0n) + cents(t['federal_action_obligation']!));
        // the running total is kept apart, never summed into the action
        expect(t['total_dollars_obligated']).toBe(tag(section(readEntry(file, a.index), 'totalDollarValues'), 'totalObligatedAmount'));
      }
    }
    expect(mine.size).toBeGreaterThanOrEqual(20);
    expect([...mine.entries()].sort()).toEqual([...theirs.entries()].sort());
    // the GSA PBS page holds real non-zero obligations: the check is not all zeros
    expect([...mine.values()].some((v) => v !== 0n)).toBe(true);
  });

  it('whole ICE vehicles in kenosa-atom-harvest: every action of each vehicle, keyed to one award', () => {
    const dir = join(ATOM_DIR, 'kenosa-atom-harvest');
    for (const vehicle of readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory())) {
      const piid = vehicle.split('__')[0]!;
      const files = walk(join(dir, vehicle));
      const acts = files.flatMap(actions);
      const expected = files.reduce((n, f) => n + entriesOf(readFileSync(f, 'utf8')).length, 0);
      expect(acts.length, vehicle).toBe(expected);
      expect(new Set(acts.map((a) => a.transaction['award_id_piid'])), vehicle).toEqual(new Set([piid]));
      expect(new Set(acts.map((a) => a.transaction['contract_award_unique_key'])).size, vehicle).toBe(1);
      // one transaction key per modification: no two entries collapse into one
      expect(new Set(acts.map((a) => a.transaction['contract_transaction_unique_key'])).size, vehicle).toBe(acts.length);
      expect(acts.every((a) => a.kind === 'IDV' && a.idv !== undefined), vehicle).toBe(true);
    }
  });

  it('maps the fields the CSV layouts carry: agencies, offices, vendor, parent, PSC, NAICS, description, mod, vehicle, dates', () => {
    const file = join(ATOM_DIR, 'fpds_feed_sample_1_org.xml');
    const block = entriesOf(readFileSync(file, 'utf8'))[0]!;
    const t = actions(file)[0]!.transaction;
    expect(t['federal_action_obligation']).toBe(tag(section(block, 'dollarValues'), 'obligatedAmount'));
    expect(t['action_date']).toBe(tag(block, 'signedDate')!.slice(0, 10));
    expect(t['awarding_sub_agency_code']).toBe(tag(block, 'contractingOfficeAgencyID'));
    expect(t['awarding_office_code']).toBe(tag(block, 'contractingOfficeID'));
    expect(t['funding_sub_agency_code']).toBe(tag(block, 'fundingRequestingAgencyID'));
    expect(t['funding_office_code']).toBe(tag(block, 'fundingRequestingOfficeID'));
    expect(t['recipient_uei']).toBe(tag(block, 'UEI'));
    expect(t['recipient_duns']).toBe(tag(block, 'DUNSNumber'));
    expect(t['recipient_name']).toBe(tag(section(block, 'vendorHeader'), 'vendorName'));
    expect(t['recipient_parent_uei']).toBe(tag(block, 'ultimateParentUEI'));
    expect(t['recipient_parent_name']).toBe(tag(block, 'ultimateParentUEIName'));
    expect(t['product_or_service_code']).toBe(tag(block, 'productOrServiceCode'));
    expect(t['naics_code']).toBe(tag(block, 'principalNAICSCode'));
    expect(t['transaction_description']).toBe(tag(block, 'descriptionOfContractRequirement'));
    expect(t['modification_number']).toBe(tag(section(block, 'awardContractID'), 'modNumber'));
    expect(t['parent_award_id_piid']).toBe(tag(section(block, 'referencedIDVID'), 'PIID'));
    expect(t['last_modified_date']).toBe(tag(block, 'lastModifiedDate'));
    expect(t['award_or_idv_flag']).toBe('AWARD');
    // personal fields of the feed are never read
    expect(Object.values(t).some((v) => v !== null && /@/.test(v) && /\.(MIL|GOV|SEA)/i.test(v))).toBe(false);
  });

  it('namespace prefixes in any form: ns0/ns1, default namespace, and a renamed prefix read the same', () => {
    const file = join(ATOM_DIR, 'dherincx92_full_response_PBS4740.xml');
    const xml = readFileSync(file, 'utf8');
    const renamed = xml.replaceAll('ns0:', 'atom:').replaceAll('xmlns:ns0=', 'xmlns:atom=').replaceAll('ns1:', 'fpds:').replaceAll('xmlns:ns1=', 'xmlns:fpds=');
    expect(renamed).not.toBe(xml);
    const a = readAtomPage(xml, 'a').entries.map(entryToAction);
    const b = readAtomPage(renamed, 'b').entries.map(entryToAction);
    expect(b).toEqual(a);
    expect(a.length).toBe(10);
  });
});

function readEntry(file: string, index: number): string {
  return entriesOf(readFileSync(file, 'utf8'))[index - 1]!;
}

describe.skipIf(!hasRealData)('the declared element map', () => {
  const broker = (): Map<string, { award: string; idv: string }> => {
    const [header, ...rows] = parseCsv(readFileSync(realFile('data-act-broker', 'fpds_elements.csv'), 'utf8')).map((r) => r.fields);
    expect(header).toEqual(['GSDM Name', 'DB Name', 'Award Feed Path', 'IDV Feed Path']);
    return new Map(rows.filter((r) => r[1]).map((r) => [r[1]!, { award: r[2]!.trim(), idv: r[3]!.trim() }]));
  };
  const skeletonPaths = (): Set<string> => {
    const xml = readFileSync(realFile('fpds-atom', 'fpds_specification_v1_5_2.xml'), 'utf8');
    const paths = new Set<string>();
    const stack: string[] = [];
    for (const m of xml.matchAll(/<(\/?)([A-Za-z0-9_-]+)((?:\s+[A-Za-z:]+="[^"]*")*)\s*(\/?)>/g)) {
      if (m[1]) { stack.pop(); continue; }
      stack.push(m[2]!);
      const p = stack.slice(1).join('/');
      paths.add(p);
      for (const a of m[3]!.matchAll(/([A-Za-z]+)="/g)) paths.add(`${p}@${a[1]}`);
      if (m[4]) stack.pop();
    }
    return paths;
  };

  it('every element path is the broker map\'s for the same column, or declares why not', () => {
    const map = broker();
    for (const el of [...FPDS_ELEMENTS, ...IDV_ELEMENTS]) {
      if (el.deviation) continue;
      const row = map.get(el.broker);
      expect(row, `${el.column}: broker column ${el.broker} not in fpds_elements.csv`).toBeDefined();
      if (el.award !== undefined) expect(el.award, `${el.column} (award)`).toBe(row!.award);
      if (el.idv !== undefined) expect(el.idv, `${el.column} (IDV)`).toBe(row!.idv);
    }
    for (const [part, column] of Object.entries(KEY_BROKER_COLUMNS)) {
      const row = map.get(column)!;
      expect(KEY_PATHS.award[part as keyof typeof KEY_PATHS.award], part).toBe(row.award || undefined);
      expect(KEY_PATHS.IDV[part as keyof typeof KEY_PATHS.IDV], part).toBe(row.idv || undefined);
    }
  });

  it('every declared deviation names a path the real pages or the 1.5.2 skeleton have', () => {
    const skeleton = skeletonPaths();
    const seen = new Set<string>();
    for (const file of pages()) for (const e of readAtomPage(readFileSync(file, 'utf8'), file).entries) for (const k of e.values.keys()) seen.add(k);
    for (const el of [...FPDS_ELEMENTS, ...IDV_ELEMENTS].filter((e) => e.deviation)) {
      for (const p of [el.award, el.idv].filter((x): x is string => x !== undefined)) {
        expect(skeleton.has(p) || seen.has(p), `${el.column}: ${p}`).toBe(true);
      }
    }
    // and every award path of the map exists in the skeleton or a real page (no typo'd element)
    for (const el of FPDS_ELEMENTS) if (el.award) expect(skeleton.has(el.award) || seen.has(el.award), el.award).toBe(true);
  });

  it('every mapped column is declared in its table', () => {
    const tx = new Set(TRANSACTIONS.columns.map((c) => c.name));
    const idv = new Set(IDV_ACTIONS.columns.map((c) => c.name));
    for (const el of FPDS_ELEMENTS) expect(tx.has(el.column), el.column).toBe(true);
    for (const el of IDV_ELEMENTS) expect(idv.has(el.column), el.column).toBe(true);
  });
});

describe.skipIf(!hasRealData)('the unique-key rule against USAspending\'s real keys', () => {
  const rows = (): Array<Record<string, string>> => {
    const out: Array<Record<string, string>> = [];
    for (const f of [realFile('asof-fixture', 'usaspending_transactions_lmt.csv'), realFile('awardtrace-fixture', 'FY(All)_012_Contracts_Delta_20260908_1.csv')]) {
      const [header, ...data] = parseCsv(readFileSync(f, 'utf8')).map((r) => r.fields);
      for (const r of data) out.push(Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
    }
    return out.filter((r) => r['correction_delete_ind'] !== 'D' && r['contract_award_unique_key']);
  };

  it('rebuilds contract_transaction_unique_key and contract_award_unique_key of every real row (awards and an IDV)', () => {
    const all = rows();
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.some((r) => r['contract_award_unique_key']!.startsWith('CONT_IDV_'))).toBe(true);
    expect(all.some((r) => r['parent_award_id_piid'])).toBe(true);
    for (const r of all) {
      const idv = r['contract_award_unique_key']!.startsWith('CONT_IDV_');
      // the PIID's own agency is the awarding agency id FPDS gives in awardContractID/agencyID (4th part of the award key)
      const agency = r['contract_award_unique_key']!.split('_')[3]!;
      const parts = {
        kind: idv ? 'IDV' as const : 'award' as const, agency, piid: r['award_id_piid']!, mod: r['modification_number'],
        transaction: r['transaction_number'], refAgency: r['parent_award_agency_id'], refPiid: r['parent_award_id_piid'],
      };
      expect(transactionKey(parts)).toBe(r['contract_transaction_unique_key']);
      expect(awardKey(parts)).toBe(r['contract_award_unique_key']);
    }
  });

  it('an order in the API projection names its ATOM vehicle: the award key ends with the IDV\'s PIID and agency', () => {
    const csv = readFileSync(realFile('cbp-ice-dashboard', 'CBP_ICE_FY2021_Contract_Obligations.csv'), 'utf8');
    const ordersOf70CDCR20D00000009 = csv.split('\n').filter((l) => l.includes('_70CDCR20D00000009_7012'));
    expect(ordersOf70CDCR20D00000009.length).toBeGreaterThan(0);
    const vehicle = actions(join(ATOM_DIR, 'kenosa-atom-harvest', '70CDCR20D00000009__54cf881d8cd6', 'page-0000-start-0.xml'))[0]!;
    expect(vehicle.transaction['contract_award_unique_key']).toBe('CONT_IDV_70CDCR20D00000009_7012');
    expect(vehicle.idv!['agency_id']).toBe('7012');
  });
});

describe('hostile pages', () => {
  const entry = (doc: string): string => `<entry><title>t</title><modified>2026-11-02 10:00:00</modified><content type="application/xml">${doc}</content></entry>`;
  const award = (amount: string): string => `<award xmlns="https://www.fpds.gov/FPDS" version="1.5"><awardID><awardContractID><agencyID>7012</agencyID><PIID>70CTD024C0001</PIID><modNumber>0</modNumber><transactionNumber>0</transactionNumber></awardContractID></awardID>` +
    `<relevantContractDates><signedDate>2026-11-01 00:00:00</signedDate></relevantContractDates><dollarValues><obligatedAmount>${amount}</obligatedAmount></dollarValues>` +
    `<transactionInformation><lastModifiedDate>2026-11-02 10:00:00</lastModifiedDate></transactionInformation></award>`;
  const feed = (...entries: string[]): string => `<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<title>t</title>\n${entries.join('\n')}\n</feed>\n`;
  const fails = (xml: string, pattern: RegExp, line?: number): void => {
    let error: unknown;
    try { readAtomPage(xml, 'page.xml'); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).message).toMatch(/^page\.xml line \d+/);
    expect((error as BadInputError).message).toMatch(pattern);
    if (line !== undefined) expect((error as BadInputError).where.line).toBe(line);
  };

  it('a well-formed synthetic page reads, and its amount stays exact', () => {
    const page = readAtomPage(feed(entry(award('-1234567.89'))), 'page.xml');
    const a = entryToAction(page.entries[0]!) as FpdsAction;
    expect(a.transaction['federal_action_obligation']).toBe('-1234567.89');
    expect(a.line).toBe(4);
  });

  it('a truncated page fails naming the element left open', () => {
    const xml = feed(entry(award('10.00')), entry(award('20.00')));
    fails(xml.slice(0, xml.lastIndexOf('<obligatedAmount>') + 20), /ends inside <obligatedAmount>.*truncated/);
  });

  it('malformed XML fails with the line of the mismatch', () => {
    fails(feed(entry(award('10.00').replace('</PIID>', '</PIDD>'))), /closing tag <\/PIDD> does not match <PIID>/, 4);
    fails(feed('<entry><title>a & b</title></entry>'), /bare "&"/);
    fails(feed('<entry><title>&nbsp;</title></entry>'), /unknown entity &nbsp;/);
    fails(`<!DOCTYPE feed [<!ENTITY a "aaaa">]>${feed()}`, /DOCTYPE/);
    fails(feed('<x:entry></x:entry>'), /prefix "x:" is used but never declared/);
    fails('not xml at all', /not XML/);
  });

  it('an XML document that is not a feed is told apart (the 1.5.2 skeleton, another root)', () => {
    expect(() => readAtomPage('<award xmlns="https://www.fpds.gov/FPDS"/>', 's.xml')).toThrow(NotAnAtomFeed);
    expect(() => readAtomPage('<rss/>', 'r.xml')).toThrow(/root element is <rss>/);
  });

  it('an entry with neither award nor IDV, and a non-numeric amount, are rejected with entry number, line and element; the others read', () => {
    const xml = feed(entry(award('10.00')), entry('<OtherTransaction xmlns="https://www.fpds.gov/FPDS"/>'), '<entry><title>x</title></entry>', entry(award('12,50')));
    const page = readAtomPage(xml, 'page.xml');
    expect(page.entries.length).toBe(2);
    expect(page.rejected).toEqual([
      expect.objectContaining({ index: 2, line: 5, field: 'content', reason: expect.stringMatching(/entry 2: <content> holds <OtherTransaction>, neither an <award> nor an <IDV>/) }),
      expect.objectContaining({ index: 3, line: 6, field: 'content', reason: expect.stringMatching(/entry 3 has no <award> or <IDV>/) }),
    ]);
    const results = page.entries.map(entryToAction);
    expect('transaction' in results[0]!).toBe(true);
    expect(results[1]).toEqual(expect.objectContaining({
      index: 4, line: 7, field: 'dollarValues/obligatedAmount',
      reason: expect.stringMatching(/entry 4: element dollarValues\/obligatedAmount \(federal_action_obligation\): cannot read "12,50" as an exact amount/),
    }));
    expect(entryToAction({ ...page.entries[0]!, values: new Map([...page.entries[0]!.values].filter(([k]) => k !== 'awardID/awardContractID/PIID')) }))
      .toEqual(expect.objectContaining({ field: 'awardID/awardContractID/PIID', reason: expect.stringMatching(/cannot be keyed/) }));
  });

  it('an impossible date is refused, not rolled over', () => {
    const page = readAtomPage(feed(entry(award('1.00').replace('2026-11-01 00:00:00', '2026-02-30 00:00:00'))), 'page.xml');
    expect(entryToAction(page.entries[0]!)).toEqual(expect.objectContaining({ field: 'relevantContractDates/signedDate' }));
  });
});
