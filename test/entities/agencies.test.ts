/**
 * The agency directory and lookup: hierarchy from records and from the official list, lookup by code,
 * abbreviation, name and office, not-found and ambiguity errors, the SQL conditions per basis and view
 * (checked by the rows they select from a small store where awarding and funding agencies differ), the
 * bundled fallback file, and real data from ../shared/data/real.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agencyChildren, agencyCondition, agencyEitherCondition, bundledAgenciesPath, describeAgency, findAgency, getAgency,
  loadAgencyDirectory, loadBundledAgencies, normalizeAgencyName, parseBundledAgencies,
  type AgencyBasis, type AgencyDirectory, type AgencyRef, type AgencyView,
} from '../../src/entities/agencies.js';
import { BadInputError, NotFoundError, UsageError } from '../../src/errors.js';
import { ingest } from '../../src/ingest.js';
import type { Database } from '../../src/store/database.js';
import { parseCsvTable, writeCsv } from '../support/csv.js';
import { AGENCY_REFERENCE_HEADER } from '../support/ingestHelpers.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

type Row = Record<string, string>;

// ---------------------------------------------------------------------------------------------------------
// Fixtures: a few records where the awarding and the funding agency differ.

/** [toptier code, toptier name, subtier code, subtier name, office code, office name]. */
type Agency = readonly [string, string, string, string, string, string];
const DHS = 'Department of Homeland Security';
const ICE_NAME = 'U.S. Immigration and Customs Enforcement';
const ICE_IT: Agency = ['070', DHS, '7012', ICE_NAME, '70CTD0', 'INFORMATION TECHNOLOGY DIVISION'];
const ICE_DETENTION: Agency = ['070', DHS, '7012', ICE_NAME, '70CDCR', 'DETENTION COMPLIANCE AND REMOVALS'];
// Same ICE, spelled the way subaward files and some downloads spell it.
const ICE_SHOUTED: Agency = ['070', DHS, '7012', 'U.S. IMMIGRATION & CUSTOMS ENFORCEMENT', '70CMSW', 'MISSION SUPPORT WASHINGTON'];
const OPO: Agency = ['070', DHS, '7001', 'Office of Procurement Operations', '70QS0A', 'DHS OFFICE OF PROCUREMENT OPERATIONS'];
const CBP_AIR: Agency = ['070', DHS, '7014', 'U.S. Customs and Border Protection', '70B002', 'OFFICE OF AIR AND MARINE OPERATIONS'];
// A spreadsheet dropped the leading zero of the toptier code.
const CBP_SHORT_CODE: Agency = ['70', DHS, '7014', 'U.S. Customs and Border Protection', '70B02C', 'AIR AND MARINE CONTRACTING DIVISION'];
const GSA_FAS: Agency = ['047', 'General Services Administration', '4732', 'Federal Acquisition Service', '47QTCK', 'GSA/FAS ADMIN SVCS DIV'];
const FBI: Agency = ['015', 'Department of Justice', '1549', 'Federal Bureau of Investigation', '15F067', 'FBI-JEH'];

const SUFFIXES = ['agency_code', 'agency_name', 'sub_agency_code', 'sub_agency_name', 'office_code', 'office_name'];
const agencyFields = (prefix: string, a: Agency, withOffice = true): Row =>
  Object.fromEntries(SUFFIXES.slice(0, withOffice ? 6 : 4).map((s, i) => [`${prefix}${s}`, a[i]!]));

interface Fixture {
  key: string;
  awarding: Agency;
  funding: Agency;
}

const TRANSACTIONS: Fixture[] = [
  { key: 'T1', awarding: ICE_IT, funding: ICE_IT },
  { key: 'T2', awarding: OPO, funding: ICE_DETENTION }, // awarded by DHS OPO for ICE
  { key: 'T3', awarding: ICE_SHOUTED, funding: CBP_AIR }, // awarded by ICE, funded by CBP
  { key: 'T4', awarding: GSA_FAS, funding: ICE_IT }, // GSA awarded, ICE's IT division funds
  { key: 'T5', awarding: FBI, funding: FBI },
  { key: 'T6', awarding: CBP_SHORT_CODE, funding: CBP_SHORT_CODE },
];
const SUMMARIES: Fixture[] = [
  { key: 'S1', awarding: ICE_IT, funding: ICE_IT },
  { key: 'S2', awarding: OPO, funding: ICE_DETENTION },
  { key: 'S3', awarding: FBI, funding: CBP_AIR },
];
const SUBAWARDS: Fixture[] = [
  { key: 'U1', awarding: ICE_IT, funding: ICE_IT },
  { key: 'U2', awarding: OPO, funding: ICE_IT },
  { key: 'U3', awarding: GSA_FAS, funding: CBP_AIR },
];

const TX_HEADER = ['contract_transaction_unique_key', 'contract_award_unique_key', 'federal_action_obligation', 'action_date',
  ...['awarding_', 'funding_'].flatMap((p) => SUFFIXES.map((s) => p + s))];
const SUMMARY_HEADER = ['contract_award_unique_key', 'total_obligated_amount', 'award_base_action_date',
  ...['awarding_', 'funding_'].flatMap((p) => SUFFIXES.map((s) => p + s))];
const SUB_HEADER = ['prime_award_unique_key', 'prime_award_piid', 'subaward_number', 'subaward_amount', 'subaward_fsrs_report_id',
  ...SUFFIXES.map((s) => `prime_award_awarding_${s}`), ...SUFFIXES.slice(0, 4).map((s) => `prime_award_funding_${s}`)];

/** Subaward files name the department 'Department of Homeland Security (DHS)'. */
const asSubawardsSpellIt = (a: Agency): Agency => (a[1] === DHS ? [a[0], `${DHS} (DHS)`, a[2], a[3], a[4], a[5]] : a);

function recordFiles(store: TempStore): string[] {
  return [
    store.write('records/tx.csv', writeCsv(TX_HEADER, TRANSACTIONS.map((f) => ({
      contract_transaction_unique_key: f.key, contract_award_unique_key: `CONT_AWD_${f.key}`, federal_action_obligation: '100.00',
      action_date: '2023-03-15', ...agencyFields('awarding_', f.awarding), ...agencyFields('funding_', f.funding),
    })))),
    store.write('records/summaries.csv', writeCsv(SUMMARY_HEADER, SUMMARIES.map((f) => ({
      contract_award_unique_key: f.key, total_obligated_amount: '100.00', award_base_action_date: '2023-03-15',
      ...agencyFields('awarding_', f.awarding), ...agencyFields('funding_', f.funding),
    })))),
    store.write('records/subawards.csv', writeCsv(SUB_HEADER, SUBAWARDS.map((f) => ({
      // The subaward key is prime key | subaward number | report id.
      prime_award_unique_key: f.key, prime_award_piid: f.key, subaward_number: '1', subaward_amount: '50.00', subaward_fsrs_report_id: 'R1',
      ...agencyFields('prime_award_awarding_', asSubawardsSpellIt(f.awarding)),
      ...agencyFields('prime_award_funding_', asSubawardsSpellIt(f.funding), false),
    })))),
  ];
}

/** A small official list (agency_codes.csv columns), with the collisions the real list has. */
function officialRow(cgac: string, agencyName: string, agencyAbbr: string, frec: string, frecName: string, frecAbbr: string,
  subtier: string, subtierName: string, subtierAbbr: string, toptier: boolean, isFrec: boolean, selectable: boolean): Row {
  return {
    'CGAC AGENCY CODE': cgac, 'AGENCY NAME': agencyName, 'AGENCY ABBREVIATION': agencyAbbr, FREC: frec,
    'FREC Entity Description': frecName, 'FREC ABBREVIATION': frecAbbr, 'SUBTIER CODE': subtier, 'SUBTIER NAME': subtierName,
    'SUBTIER ABBREVIATION': subtierAbbr, TOPTIER_FLAG: toptier ? 'TRUE' : 'FALSE', IS_FREC: isFrec ? 'TRUE' : 'FALSE',
    'USER SELECTABLE ON USASPENDING.GOV': selectable ? 'TRUE' : 'FALSE',
  };
}
const dhs = (sub: string, name: string, abbr: string, selectable = true, toptier = false): Row =>
  officialRow('070', DHS, 'DHS', '7000', DHS, 'DHS', sub, name, abbr, toptier, false, selectable);
const dol = (sub: string, name: string, abbr: string, toptier = false): Row =>
  officialRow('016', 'Department of Labor', 'DOL', '1601', 'Department of Labor', 'DOL', sub, name, abbr, toptier, true, true);
const OFFICIAL_ROWS: Row[] = [
  dhs('7000', DHS, 'DHS', true, true),
  dhs('7001', 'Office of Procurement Operations', 'OPO'),
  dhs('7004', 'Office of the Inspector General', 'OIG'),
  dhs('7007', 'Federal Emergency Management Agency- associated to Assistance Data', 'FEMA', false),
  dhs('7012', ICE_NAME, 'ICE'),
  dhs('7014', 'U.S. Customs and Border Protection', 'CBP'),
  dhs('7022', 'Federal Emergency Management Agency', 'FEMA'),
  dhs('7061', 'Cybersecurity and Infrastructure Security Agency', ''), // no abbreviation in the list
  dol('1600', 'Department of Labor', 'DOL', true),
  dol('1601', 'Immediate Office of the Secretary', 'OS'), // subtier code = the DOL toptier's FREC
  dol('1604', 'Office of Inspector General', 'OIG'),
  officialRow('047', 'General Services Administration', 'GSA', '4700', 'General Services Administration', 'GSA', '4700', 'General Services Administration', 'GSA', true, false, true),
  officialRow('047', 'General Services Administration', 'GSA', '4700', 'General Services Administration', 'GSA', '4732', 'Federal Acquisition Service', 'FAS', false, false, true),
  officialRow('015', 'Department of Justice', 'DOJ', '1500', 'Department of Justice', 'DOJ', '1500', 'Department of Justice', 'DOJ', true, false, true),
];

function officialFile(store: TempStore): string {
  return store.write('reference/agency_codes.csv', writeCsv(AGENCY_REFERENCE_HEADER, OFFICIAL_ROWS, { bom: true }));
}

async function storeWith(kinds: { official: boolean; records: boolean }): Promise<TempStore> {
  const store = await tempStore({ autoCleanup: false });
  const paths = [...(kinds.official ? [officialFile(store)] : []), ...(kinds.records ? recordFiles(store) : [])];
  const result = await ingest(store.db, { paths });
  for (const f of result.files) {
    expect(f.error, f.name).toBeUndefined();
    expect(f.counts?.rejected, f.name).toBe(0);
  }
  return store;
}

function notFound(dir: AgencyDirectory, query: string): NotFoundError {
  let caught: unknown;
  try {
    findAgency(dir, query);
  } catch (error) {
    caught = error;
  }
  expect(caught, `findAgency(${JSON.stringify(query)}) should fail`).toBeInstanceOf(NotFoundError);
  return caught as NotFoundError;
}

const stores: TempStore[] = [];
let recordsOnly: TempStore;
let officialOnly: TempStore;
let both: TempStore;

beforeAll(async () => {
  recordsOnly = await storeWith({ official: false, records: true });
  officialOnly = await storeWith({ official: true, records: false });
  both = await storeWith({ official: true, records: true });
  stores.push(recordsOnly, officialOnly, both);
});
afterAll(() => {
  for (const s of stores) s.cleanup();
});

// ---------------------------------------------------------------------------------------------------------

describe('directory from the records only', () => {
  it('builds toptier → subtier → office from awarding and funding columns of all three views', async () => {
    const dir = await loadAgencyDirectory(recordsOnly.db, { bundledPath: null });
    expect(dir.officialList).toBe(false);
    expect(dir.bundled).toBe(false);
    const keys = (level: string): string[] => dir.nodes.filter((n) => n.level === level).map((n) => n.code);
    expect(keys('toptier')).toEqual(['015', '047', '070']);
    expect(keys('subtier')).toEqual(['1549', '4732', '7001', '7012', '7014']);
    expect(keys('office')).toEqual(['15F067', '47QTCK', '70B002', '70B02C', '70CDCR', '70CMSW', '70CTD0', '70QS0A']);

    const ice = getAgency(dir, 'subtier', '7012')!;
    expect(ice).toMatchObject({
      name: ICE_NAME, nameSource: 'records', abbreviation: null, abbreviationSource: null,
      parents: [{ level: 'toptier', code: '070' }], seenIn: ['records'], selectable: null,
    });
    // The less used spelling is kept as an alias.
    expect(ice.aliases).toEqual(['U.S. IMMIGRATION & CUSTOMS ENFORCEMENT']);
    // Counted per view and basis: T1,T3 awarded by ICE; T1,T2,T4 funded by ICE; S1,S2 funded; U1 awarded; U1,U2 funded.
    expect(ice.counts).toEqual({
      transactions: { awarding: 2, funding: 3 },
      award_summaries: { awarding: 1, funding: 2 },
      subawards: { awarding: 1, funding: 2 },
    });
    expect(agencyChildren(dir, { level: 'subtier', code: '7012' }).map((n) => n.code)).toEqual(['70CDCR', '70CMSW', '70CTD0']);
    expect(getAgency(dir, 'office', '70CTD0')!.parents).toEqual([{ level: 'subtier', code: '7012' }]);
    // Subawards name the department '... (DHS)': an alias of the same toptier.
    expect(getAgency(dir, 'toptier', '070')).toMatchObject({ name: DHS, aliases: [`${DHS} (DHS)`] });
  });

  it('pads a spreadsheet-shortened toptier code and keeps the spelling seen so conditions still match it', async () => {
    const dir = await loadAgencyDirectory(recordsOnly.db, { bundledPath: null });
    const top = getAgency(dir, 'toptier', '70')!;
    expect(top.code).toBe('070');
    expect(top.codes).toEqual(['070', '70']);
    expect(getAgency(dir, 'subtier', '7014')!.parents).toEqual([{ level: 'toptier', code: '070' }]);
  });

  it('without the official list or the bundled file, "ICE" is not known but its name and code are', async () => {
    const dir = await loadAgencyDirectory(recordsOnly.db, { bundledPath: null });
    const e = notFound(dir, 'ICE');
    expect(e.message).toMatch(/official agency codes list is not loaded/);
    expect(findAgency(dir, 'Immigration and Customs Enforcement').code).toBe('7012');
    expect(findAgency(dir, '7012').name).toBe(ICE_NAME);
  });

  it('the bundled fallback supplies abbreviations, and well-known agencies with no records', async () => {
    const dir = await loadAgencyDirectory(recordsOnly.db);
    expect(dir.bundled).toBe(true);
    const ice = findAgency(dir, 'ICE');
    expect(ice).toMatchObject({ level: 'subtier', code: '7012', matchedBy: 'abbreviation', hasRecords: true });
    expect(getAgency(dir, 'subtier', '7012')).toMatchObject({ abbreviation: 'ICE', abbreviationSource: 'bundled', name: ICE_NAME, nameSource: 'records' });
    // FEMA is in no record: known from the bundled file only, and says so.
    const fema = findAgency(dir, 'FEMA');
    expect(fema).toMatchObject({ code: '7022', seenIn: ['bundled'], hasRecords: false });
    expect(describeAgency(fema)).toBe('Federal Emergency Management Agency (FEMA, subtier 7022 of 070 Department of Homeland Security)');
  });
});

describe('directory from the official list only', () => {
  it('has every listed agency, FREC toptiers keyed by FREC, and no records', async () => {
    const dir = await loadAgencyDirectory(officialOnly.db);
    expect(dir.officialList).toBe(true);
    expect(dir.nodes.filter((n) => n.level === 'toptier').map((n) => n.code)).toEqual(['015', '047', '070', '1601']);
    expect(dir.nodes.filter((n) => n.level === 'office')).toEqual([]);
    expect(getAgency(dir, 'subtier', '1604')!.parents).toEqual([{ level: 'toptier', code: '1601' }]);
    expect(getAgency(dir, 'toptier', '070')).toMatchObject({ name: DHS, abbreviation: 'DHS', seenIn: ['official'], selectable: true });
    const ice = findAgency(dir, 'ice');
    expect(ice).toMatchObject({ level: 'subtier', code: '7012', name: ICE_NAME, hasRecords: false, seenIn: ['official'] });
    expect(ice.counts.transactions).toEqual({ awarding: 0, funding: 0 });
  });

  it('the bundled file fills a missing abbreviation but adds no agency the list lacks', async () => {
    const dir = await loadAgencyDirectory(officialOnly.db);
    expect(getAgency(dir, 'subtier', '7061')).toMatchObject({ abbreviation: 'CISA', abbreviationSource: 'bundled', nameSource: 'official' });
    expect(findAgency(dir, 'CISA').code).toBe('7061');
    // FBI (1549) is in the bundled file but not in this official list.
    expect(getAgency(dir, 'subtier', '1549')).toBeUndefined();
    notFound(dir, 'FBI');
  });

  it('an agency beats its own same-named subtier; current agencies beat retired ones', async () => {
    const dir = await loadAgencyDirectory(officialOnly.db);
    expect(findAgency(dir, 'Department of Homeland Security')).toMatchObject({ level: 'toptier', code: '070' });
    expect(findAgency(dir, 'DHS')).toMatchObject({ level: 'toptier', code: '070' });
    expect(findAgency(dir, 'Department of Labor')).toMatchObject({ level: 'toptier', code: '1601' });
    // 7000 itself is still reachable by code.
    expect(findAgency(dir, '7000')).toMatchObject({ level: 'subtier', code: '7000', name: DHS });
    // FEMA: 7022 is user-selectable on USAspending, 7007 (assistance data) is not.
    expect(findAgency(dir, 'FEMA').code).toBe('7022');
  });
});

describe('findAgency on the official list plus records', () => {
  let dir: AgencyDirectory;
  beforeAll(async () => {
    dir = await loadAgencyDirectory(both.db);
  });

  it('official names win over record names, which stay as aliases', () => {
    const ice = getAgency(dir, 'subtier', '7012')!;
    expect(ice).toMatchObject({ name: ICE_NAME, nameSource: 'official', abbreviation: 'ICE', abbreviationSource: 'official', seenIn: ['official', 'records'] });
    expect(ice.aliases).toEqual(['U.S. IMMIGRATION & CUSTOMS ENFORCEMENT']);
    // The records' Justice subtier is unknown to this official list: named from records, abbreviation bundled.
    expect(getAgency(dir, 'subtier', '1549')).toMatchObject({ name: 'Federal Bureau of Investigation', nameSource: 'records', abbreviation: 'FBI', abbreviationSource: 'bundled' });
  });

  it.each([
    ['7012', 'code'], ['ICE', 'abbreviation'], ['ice', 'abbreviation'], [' I.C.E. ', 'abbreviation'],
    ['Immigration and Customs Enforcement', 'name'], ['U.S. Immigration and Customs Enforcement', 'name'],
    ['u.s. immigration & customs enforcement', 'name'], ['US Immigration and Customs Enforcement', 'name'],
    ['Immigration and Cust', 'partial name'], ['subtier:7012', 'code'], ['SUBTIER: ice', 'abbreviation'],
  ] as const)('%j resolves to ICE (subtier 7012 of 070) by %s', (query, how) => {
    const ref = findAgency(dir, query);
    expect(ref).toMatchObject({ level: 'subtier', code: '7012', matchedBy: how, hasRecords: true, query });
    expect(ref.parents).toEqual([{ level: 'toptier', code: '070', name: DHS, abbreviation: 'DHS' }]);
  });

  it('toptier codes: 3 digits, or 1-2 digits padded', () => {
    for (const q of ['070', '70']) expect(findAgency(dir, q)).toMatchObject({ level: 'toptier', code: '070', matchedBy: 'code' });
    expect(findAgency(dir, '47')).toMatchObject({ level: 'toptier', code: '047' });
  });

  it('offices by code (any case) and by name, under the subtier they appear with', () => {
    const office = findAgency(dir, '70ctd0');
    expect(office).toMatchObject({ level: 'office', code: '70CTD0', name: 'INFORMATION TECHNOLOGY DIVISION', matchedBy: 'code' });
    expect(office.parents).toEqual([{ level: 'subtier', code: '7012', name: ICE_NAME, abbreviation: 'ICE' }]);
    expect(office.counts).toEqual({ transactions: { awarding: 1, funding: 2 }, award_summaries: { awarding: 1, funding: 1 }, subawards: { awarding: 1, funding: 0 } });
    expect(findAgency(dir, 'Detention Compliance and Removals')).toMatchObject({ level: 'office', code: '70CDCR', matchedBy: 'name' });
    expect(findAgency(dir, 'office:INFORMATION TECHNOLOGY')).toMatchObject({ code: '70CTD0', matchedBy: 'partial name' });
  });

  it('an unknown code or name: NotFoundError with up to five closest matches', () => {
    const xyz = notFound(dir, 'XYZ');
    expect(xyz.message).toMatch(/^no agency matches "XYZ"/);
    expect(xyz.message).not.toMatch(/not loaded/);
    // nothing is close to XYZ, yet the user still sees the nearest agencies to try
    expect(xyz.suggestions.length).toBeGreaterThan(0);
    expect(xyz.suggestions.length).toBeLessThanOrEqual(5);
    expect(xyz.message).toContain('Closest matches:');
    const typo = notFound(dir, 'Imigration and Customs');
    expect(typo.suggestions[0]).toBe('ICE — U.S. Immigration and Customs Enforcement (subtier 7012)');
    expect(typo.suggestions.length).toBeLessThanOrEqual(5);
    expect(typo.message).toContain('Closest matches: ICE — U.S. Immigration and Customs Enforcement (subtier 7012)');
    const code = notFound(dir, '7O12'); // letter O for zero
    expect(code.suggestions).toContain('ICE — U.S. Immigration and Customs Enforcement (subtier 7012)');
    // Restricted to a level: ICE is a subtier, not an office.
    const office = notFound(dir, 'office:ICE');
    expect(office.message).toMatch(/among office agencies/);
  });

  it('an empty query is a usage error', () => {
    expect(() => findAgency(dir, '  ')).toThrow(UsageError);
    expect(() => findAgency(dir, 'office:')).toThrow(UsageError);
  });

  it('ambiguous abbreviation, name fragment or code: NotFoundError listing the candidates', () => {
    const oig = notFound(dir, 'OIG');
    expect(oig.message).toMatch(/^agency "OIG" is ambiguous: it matches 2 agencies by abbreviation or name/);
    expect([...oig.suggestions].sort()).toEqual([
      'OIG — Office of Inspector General (subtier 1604)',
      'OIG — Office of the Inspector General (subtier 7004)',
    ]);
    const customs = notFound(dir, 'Customs');
    expect(customs.message).toMatch(/ambiguous: it matches 2 agencies by part of a name/);
    expect([...customs.suggestions].sort()).toEqual([
      'CBP — U.S. Customs and Border Protection (subtier 7014)',
      'ICE — U.S. Immigration and Customs Enforcement (subtier 7012)',
    ]);
    // 1601 is both the Department of Labor (FREC toptier) and its Office of the Secretary (subtier).
    const code = notFound(dir, '1601');
    expect(code.message).toContain('write toptier:1601 or subtier:1601 to pick one');
    expect(findAgency(dir, 'toptier:1601')).toMatchObject({ level: 'toptier', name: 'Department of Labor' });
    expect(findAgency(dir, 'subtier:1601')).toMatchObject({ level: 'subtier', name: 'Immediate Office of the Secretary' });
  });
});

describe('describeAgency', () => {
  it('names the agency, its abbreviation, level, code and parent', async () => {
    const dir = await loadAgencyDirectory(both.db);
    expect(describeAgency(findAgency(dir, 'ICE'))).toBe('U.S. Immigration and Customs Enforcement (ICE, subtier 7012 of 070 Department of Homeland Security)');
    expect(describeAgency(findAgency(dir, 'DHS'))).toBe('Department of Homeland Security (DHS, toptier 070)');
    expect(describeAgency(findAgency(dir, '70CTD0'))).toBe('INFORMATION TECHNOLOGY DIVISION (office 70CTD0 of 7012 U.S. Immigration and Customs Enforcement)');
    expect(describeAgency({ level: 'toptier', code: '999', name: null, abbreviation: null, parents: [] })).toBe('(no name on record) (toptier 999)');
  });
});

describe('agencyCondition selects exactly the rows of the agency on each basis', () => {
  let dir: AgencyDirectory;
  beforeAll(async () => {
    dir = await loadAgencyDirectory(both.db);
  });

  const KEY: Record<AgencyView, string> = {
    transactions: 'contract_transaction_unique_key', award_summaries: 'contract_award_unique_key', subawards: 'prime_award_unique_key',
  };
  const FIXTURES: Record<AgencyView, Fixture[]> = { transactions: TRANSACTIONS, award_summaries: SUMMARIES, subawards: SUBAWARDS };
  const LEVEL_INDEX = { toptier: 0, subtier: 2, office: 4 } as const;

  async function selected(db: Database, view: AgencyView, condition: string): Promise<string[]> {
    const rows = await db.all<{ k: string }>(`SELECT r.${KEY[view]} AS k FROM ${view} r WHERE ${condition} ORDER BY 1`);
    return rows.map((r) => r.k);
  }

  /** From the fixture definitions: rows whose agency on this basis has the code (the toptier also as a padded '70'). */
  function expected(ref: AgencyRef, basis: AgencyBasis | 'either', view: AgencyView): string[] {
    const i = LEVEL_INDEX[ref.level];
    const codeOf = (a: Agency): string => (ref.level === 'toptier' ? a[i]!.padStart(3, '0') : a[i]!);
    // Subaward files have no funding office column.
    const fundingKnown = !(view === 'subawards' && ref.level === 'office');
    return FIXTURES[view].filter((f) => {
      const aw = codeOf(f.awarding) === ref.code;
      const fu = fundingKnown && codeOf(f.funding) === ref.code;
      return basis === 'awarding' ? aw : basis === 'funding' ? fu : aw || fu;
    }).map((f) => f.key).sort();
  }

  it.each(['ICE', 'DHS', 'CBP', '70CTD0', 'OPO', 'GSA'])('%s', async (query) => {
    const ref = findAgency(dir, query);
    for (const view of ['transactions', 'award_summaries', 'subawards'] as const) {
      for (const basis of ['awarding', 'funding'] as const) {
        expect(await selected(both.db, view, agencyCondition(ref, basis, view, 'r')), `${query} ${basis} ${view}`).toEqual(expected(ref, basis, view));
      }
      expect(await selected(both.db, view, agencyEitherCondition(ref, view, 'r')), `${query} either ${view}`).toEqual(expected(ref, 'either', view));
    }
  });

  it('spot checks: awarding and funding differ', async () => {
    const ice = findAgency(dir, 'ICE');
    expect(await selected(both.db, 'transactions', agencyCondition(ice, 'awarding', 'transactions', 'r'))).toEqual(['T1', 'T3']);
    expect(await selected(both.db, 'transactions', agencyCondition(ice, 'funding', 'transactions', 'r'))).toEqual(['T1', 'T2', 'T4']);
    expect(await selected(both.db, 'transactions', agencyEitherCondition(ice, 'transactions', 'r'))).toEqual(['T1', 'T2', 'T3', 'T4']);
    expect(await selected(both.db, 'subawards', agencyCondition(ice, 'funding', 'subawards', 'r'))).toEqual(['U1', 'U2']);
    // DHS as awarding toptier includes T6, whose file wrote '70'.
    const dhsRef = findAgency(dir, 'DHS');
    expect(dhsRef.codes).toEqual(['070', '70']);
    expect(await selected(both.db, 'transactions', agencyCondition(dhsRef, 'awarding', 'transactions', 'r'))).toEqual(['T1', 'T2', 'T3', 'T6']);
  });

  it('subawards have no funding office: the condition is FALSE, and "either" is the awarding office', async () => {
    const office = findAgency(dir, '70CTD0');
    expect(agencyCondition(office, 'funding', 'subawards')).toBe('FALSE');
    expect(agencyEitherCondition(office, 'subawards', 'r')).toBe(agencyCondition(office, 'awarding', 'subawards', 'r'));
    expect(await selected(both.db, 'subawards', agencyEitherCondition(office, 'subawards', 'r'))).toEqual(['U1']);
  });

  it('uses the right columns, quotes literals and identifiers, works without an alias', async () => {
    const ice = findAgency(dir, 'ICE');
    expect(agencyCondition(ice, 'funding', 'transactions')).toBe(`("funding_sub_agency_code" = '7012')`);
    expect(agencyCondition(ice, 'awarding', 'subawards', 't')).toBe(`("t"."prime_award_awarding_sub_agency_code" = '7012')`);
    expect(agencyCondition({ level: 'toptier', code: '070' }, 'funding', 'award_summaries')).toBe(`("funding_agency_code" = '070')`);
    const odd = agencyCondition({ level: 'office', code: "7'0", codes: ["7'0"] }, 'awarding', 'transactions', 'x"y');
    expect(odd).toBe(`("x""y"."awarding_office_code" = '7''0')`);
    expect(await both.db.all(`SELECT 1 FROM transactions "x""y" WHERE ${odd}`)).toEqual([]);
  });
});

describe('normalizeAgencyName', () => {
  it.each([
    ['U.S. Immigration and Customs Enforcement', 'IMMIGRATION AND CUSTOMS ENFORCEMENT'],
    ['United States Secret Service', 'SECRET SERVICE'],
    ['Department of Homeland Security (DHS)', 'DEPARTMENT OF HOMELAND SECURITY'],
    ['Office of Intelligence & Analysis', 'OFFICE OF INTELLIGENCE AND ANALYSIS'],
    ['The Senate', 'SENATE'],
    ['U.S.', 'US'],
  ])('%j → %j', (raw, normalized) => {
    expect(normalizeAgencyName(raw)).toBe(normalized);
    expect(normalizeAgencyName(normalized)).toBe(normalized);
  });
});

describe('bundled fallback file (data/agencies.yaml)', () => {
  it('is short, unique, and names the well-known agencies', () => {
    const entries = loadBundledAgencies();
    expect(entries.length).toBeGreaterThanOrEqual(30);
    expect(entries.length).toBeLessThanOrEqual(60);
    const byAbbr = new Map(entries.map((e) => [e.abbreviation, e]));
    expect(byAbbr.size).toBe(entries.length);
    const want: Array<[string, string, string]> = [
      ['ICE', 'subtier', '7012'], ['CBP', 'subtier', '7014'], ['USCIS', 'subtier', '7003'], ['FEMA', 'subtier', '7022'],
      ['OPO', 'subtier', '7001'], ['TSA', 'subtier', '7013'], ['USSS', 'subtier', '7009'], ['USCG', 'subtier', '7008'],
      ['DHS', 'toptier', '070'], ['DOJ', 'toptier', '015'], ['DOD', 'toptier', '097'], ['GSA', 'toptier', '047'],
      ['HHS', 'toptier', '075'], ['VA', 'toptier', '036'], ['DOS', 'toptier', '019'], ['TREAS', 'toptier', '020'],
    ];
    for (const [abbr, level, code] of want) expect(byAbbr.get(abbr), abbr).toMatchObject({ level, code });
    expect(readFileSync(bundledAgenciesPath(), 'utf8')).toMatch(/agency_codes\.csv/);
  });

  it('reports bad entries with file, line and field', () => {
    const bad = (text: string): BadInputError => {
      try {
        parseBundledAgencies(text, 'x.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(BadInputError);
        return error as BadInputError;
      }
      throw new Error('expected a BadInputError');
    };
    const head = 'version: 1\nagencies:\n';
    expect(bad(`${head}  - { level: subtier, code: '7012', name: ICE, abbreviation: ICE }\n`).message).toBe('x.yaml line 3, field parent: missing parent');
    expect(bad(`${head}  - { level: toptier, code: '70', name: DHS, abbreviation: DHS }\n`).message).toMatch(/^x\.yaml line 3, field code: "70" is not a toptier code/);
    expect(bad(`${head}  - { level: toptier, code: '070', name: DHS, abbreviation: DHS, colour: red }\n`).message).toMatch(/field colour: unknown field/);
    expect(bad(`${head}  - { level: toptier, code: '070', name: A, abbreviation: A }\n  - { level: toptier, code: '070', name: B, abbreviation: B }\n`).message)
      .toMatch(/^x\.yaml line 4, field code: toptier 070 is listed twice/);
    expect(bad('version: 2\nagencies: []\n').message).toMatch(/field version/);
    expect(parseBundledAgencies(`${head}  - { level: toptier, code: '070', name: DHS, abbreviation: DHS, aliases: [Homeland Security] }\n`, 'x.yaml'))
      .toEqual([{ level: 'toptier', code: '070', name: 'DHS', abbreviation: 'DHS', aliases: ['Homeland Security'], line: 3 }]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe.skipIf(!hasRealData)('real data from ../shared/data/real', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  const AGENCY_CODES = realFile('data-act-broker', 'agency_codes.csv');

  it('every bundled entry agrees with the official agency codes list', () => {
    const list = parseCsvTable(readFileSync(AGENCY_CODES)).rows.map((r) => r.values);
    const toptiers = new Map<string, { name: string; abbr: string; parent?: string }>();
    const subtiers = new Map<string, { name: string; abbr: string; parent?: string }>();
    for (const r of list) {
      const frec = r['IS_FREC'] === 'TRUE';
      const top = frec ? r['FREC']! : r['CGAC AGENCY CODE']!;
      toptiers.set(top, { name: frec ? r['FREC Entity Description']! : r['AGENCY NAME']!, abbr: frec ? r['FREC ABBREVIATION']! : r['AGENCY ABBREVIATION']! });
      if (r['SUBTIER CODE']) subtiers.set(r['SUBTIER CODE'], { name: r['SUBTIER NAME']!, abbr: r['SUBTIER ABBREVIATION']!, parent: top });
    }
    for (const e of loadBundledAgencies()) {
      const official = e.level === 'toptier' ? toptiers.get(e.code) : subtiers.get(e.code);
      expect(official, `${e.level} ${e.code} (line ${e.line}) is in the official list`).toBeDefined();
      expect(official!.name, `${e.code} name`).toBe(e.name);
      // Where the list has an abbreviation the bundled one must be the same; blank ones may be filled.
      if (official!.abbr) expect(e.abbreviation, `${e.code} abbreviation`).toBe(official!.abbr);
      if (e.level === 'subtier') expect(official!.parent, `${e.code} parent`).toBe(e.parent);
    }
  });

  it('agency_codes.csv + cbp-ice-dashboard: ICE, 7012 and its name resolve to subtier 7012 of 070; CBP to 7014', async () => {
    const store = await tempStore();
    const dashboard = ['2021', '2022', '2023'].map((fy) => realFile('cbp-ice-dashboard', `CBP_ICE_FY${fy}_Contract_Obligations.csv`));
    const result = await ingest(store.db, { paths: [AGENCY_CODES, ...dashboard] });
    for (const f of result.files) expect(f.error, f.name).toBeUndefined();

    const started = performance.now();
    const dir = await loadAgencyDirectory(store.db);
    const ms = performance.now() - started;
    expect(dir.officialList).toBe(true);
    expect(ms, 'directory load time (ms)').toBeLessThan(5000);

    for (const q of ['ICE', 'ice', '7012', 'Immigration and Customs Enforcement', 'U.S. Immigration and Customs Enforcement']) {
      const ref = findAgency(dir, q);
      expect(ref, q).toMatchObject({ level: 'subtier', code: '7012', name: 'U.S. Immigration and Customs Enforcement', abbreviation: 'ICE', hasRecords: true });
      expect(ref.parents, q).toEqual([{ level: 'toptier', code: '070', name: 'Department of Homeland Security', abbreviation: 'DHS' }]);
    }
    expect(findAgency(dir, 'CBP')).toMatchObject({ level: 'subtier', code: '7014', name: 'U.S. Customs and Border Protection', hasRecords: true });
    // The real list shares abbreviations: FEMA (7007 assistance, 7022), USSS (Treasury's old 2028, DHS 7009).
    expect(findAgency(dir, 'FEMA').code).toBe('7022');
    expect(findAgency(dir, 'USSS')).toMatchObject({ code: '7009', hasRecords: false });
    expect(findAgency(dir, 'Department of Labor')).toMatchObject({ level: 'toptier', code: '1601' });
    notFound(dir, 'OCFO');

    // Counts and conditions agree with the raw files: distinct rows (identical repeats are one transaction) per Agency.
    const distinct = new Map<string, string>();
    for (const path of dashboard) {
      const t = parseCsvTable(readFileSync(path));
      for (const r of t.rows) distinct.set(JSON.stringify(t.header.map((h) => r.values[h])), r.values['Agency']!);
    }
    const rawCount = (agency: string): number => [...distinct.values()].filter((a) => a === agency).length;
    for (const [abbr, code] of [['ICE', '7012'], ['CBP', '7014']] as const) {
      const ref = findAgency(dir, abbr);
      expect(ref.counts.transactions, abbr).toEqual({ awarding: rawCount(abbr), funding: 0 });
      const n = await store.db.one<{ n: string }>(`SELECT count(*) AS n FROM transactions t WHERE ${agencyCondition(ref, 'awarding', 'transactions', 't')}`);
      expect(Number(n!.n), `${abbr} ${code}`).toBe(rawCount(abbr));
    }
    const dhsRef = findAgency(dir, 'DHS');
    expect(dhsRef.counts.transactions.awarding).toBe(rawCount('ICE') + rawCount('CBP'));
  });
});
