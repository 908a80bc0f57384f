import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { parseJsonDocument } from '../../src/sources/fedramp/jsonDocument.js';
import {
  LDA_FILING_TYPES, NAME_REMOVED, ldaFileFrom, readLdaDocument, readLdaFile, scrubFilingJson, supersededBy,
  type LdaFiling, type LdaFilingsPage, type LdaSingleFiling,
} from '../../src/sources/lda/index.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';

const LDA = (...p: string[]): string => realFile('senate-lda', ...p);
const PAGE = LDA('filings_registrant_401104726_page1.json');
const SINGLE = LDA('filing_00b70943-0447-4a2b-8507-3b77e5d324bf.json');
const LAXSMENON = LDA('laxsmenon-fixture', 'filings_2017q1_page.json');

type Raw = Record<string, any>;
const raw = (path: string): Raw => JSON.parse(readFileSync(path, 'utf8')) as Raw;

/** Every way a lobbyist's name could be written, from the raw JSON (the test's own reading). */
function lobbyistNameForms(...docs: Raw[]): string[] {
  const forms = new Set<string>();
  for (const d of docs) {
    const filings: Raw[] = Array.isArray(d.results) ? d.results : [d];
    for (const f of filings) {
      for (const a of f.lobbying_activities ?? []) {
        for (const l of a.lobbyists ?? []) {
          const { first_name: first, last_name: last } = l.lobbyist;
          forms.add(`${first} ${last}`.toUpperCase());
          forms.add(`${last}, ${first}`.toUpperCase());
          forms.add(String(last).toUpperCase());
          if (l.covered_position) forms.add(String(l.covered_position).toUpperCase());
        }
      }
      forms.add(String(f.posted_by_name).toUpperCase());
      forms.add(String(f.registrant.contact_name).toUpperCase());
      forms.add(String(f.registrant.contact_telephone).toUpperCase());
      if (f.registrant.address_1) forms.add(String(f.registrant.address_1).toUpperCase());
    }
  }
  return [...forms];
}

describe.skipIf(!hasRealData)('LDA reader on the real Senate LDA files', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('reads the real page of 10-Square Solutions filings: 25 of the query\'s 87, next page named', () => {
    const page = readLdaFile(PAGE, 'page1.json').document as LdaFilingsPage;
    expect(page.kind).toBe('filings_page');
    expect(page.count).toBe(87);
    expect(page.next).toBe('https://lda.senate.gov/api/v1/filings/?page=2&registrant_country=US&registrant_id=401104726');
    expect(page.counts).toEqual({ read: 25, loaded: 25, rejected: 0 });
    expect(new Set(page.filings.map((f) => f.registrant.name))).toEqual(new Set(['10-SQUARE SOLUTIONS']));
  });

  it('gives the Microsoft filings with periods, issue codes and amounts as the JSON has them', () => {
    const page = readLdaFile(PAGE, 'page1.json').document as LdaFilingsPage;
    const ms = page.filings.filter((f) => f.client.name === 'MICROSOFT CORPORATION');
    // Independent reading of the raw JSON: the test's own code, no whosbehind function.
    const expected = raw(PAGE).results.filter((r: Raw) => r.client.name === 'MICROSOFT CORPORATION');
    expect(ms).toHaveLength(5);
    expect(expected).toHaveLength(5);
    expect(ms.map((f) => [f.type.code, f.year, f.period, f.income ?? null, f.expenses ?? null]))
      .toEqual(expected.map((r: Raw) => [r.filing_type, r.filing_year, r.filing_period, r.income, r.expenses]));
    expect(ms.map((f) => f.activities.map((a) => a.issueCode))).toEqual(expected.map((r: Raw) => r.lobbying_activities.map((a: Raw) => a.general_issue_code)));
    const q4 = ms.find((f) => f.type.code === 'Q4')!;
    expect(q4.income).toBe('60000.00');
    expect(q4.activities[0]!.governmentEntities.map((e) => e.name)).toEqual(['HOUSE OF REPRESENTATIVES', 'SENATE', 'Veterans Affairs, Dept of (VA)']);
    expect(q4.client).toMatchObject({ id: '202513', registrantClientNumber: '36', country: 'US', state: 'DC', personal: false });
  });

  it('keeps income and expenses apart, and null as unknown', () => {
    const page = readLdaFile(PAGE, 'page1.json').document as LdaFilingsPage;
    const registrations = page.filings.filter((f) => f.type.document === 'registration');
    expect(registrations.length).toBeGreaterThan(0);
    for (const f of registrations) {
      expect(f.income).toBeUndefined();
      expect(f.expenses).toBeUndefined();
    }
    expect(page.filings.every((f) => f.expenses === undefined)).toBe(true);
  });

  it('stores no lobbyist, contact, poster, telephone or street address from any real file', () => {
    const docs = [raw(PAGE), raw(SINGLE), raw(LAXSMENON)];
    const forms = lobbyistNameForms(...docs);
    expect(forms).toContain('MIKE COPHER');
    expect(forms).toContain('STEVE BUYER');
    const read = JSON.stringify([PAGE, SINGLE, LAXSMENON].map((p) => readLdaFile(p, p).document)).toUpperCase();
    for (const form of forms) expect(read, form).not.toContain(form);
    // The scrubbed API answer (what a fetch keeps on disk) holds none of them either.
    const scrubbed = scrubFilingJson(readFileSync(PAGE, 'utf8'));
    for (const form of forms) expect(scrubbed.toUpperCase(), form).not.toContain(form);
    expect(JSON.parse(scrubbed).results).toHaveLength(25);
  });

  it('reads the single filing and the newer-API page (an organisation filing for itself is not a person)', () => {
    const single = readLdaFile(SINGLE, 'single.json').document as LdaSingleFiling;
    expect(single.kind).toBe('filing');
    expect(single.filings[0]).toMatchObject({ uuid: '00b70943-0447-4a2b-8507-3b77e5d324bf', year: 2018, period: 'first_quarter' });
    expect(single.filings[0]!.type).toMatchObject({ code: 'RR', document: 'registration', amendment: false });
    const lax = readLdaFile(LAXSMENON, 'lax.json').document as LdaFilingsPage;
    expect(lax.count).toBe(19546);
    expect(lax.filings.map((f) => [f.type.code, f.registrant.name, f.client.name])).toEqual(
      raw(LAXSMENON).results.map((r: Raw) => [r.filing_type, r.registrant.name, r.client.name]),
    );
    expect(lax.filings.every((f) => !f.registrant.selfEmployed && !f.client.personal)).toBe(true);
  });

  it('reads the three constants lists, and the filing types table agrees with the LDA\'s own', () => {
    const entities = readLdaFile(LDA('constants_filing_governmententities.json'), 'ge.json').document;
    expect(entities.kind === 'constants' && entities.list).toBe('government_entities');
    const byValue = new Map(entities.kind === 'constants' ? entities.entries.map((e) => [e.value, e.name]) : []);
    expect(byValue.size).toBe(256);
    expect(byValue.get('201')).toBe('Homeland Security, Dept of (DHS)');
    expect(byValue.get('251')).toBe('U.S. Immigration & Customs Enforcement (ICE)');
    const issues = readLdaFile(LDA('constants_filing_lobbyingactivityissues.json'), 'issues.json').document;
    expect(issues.kind === 'constants' && issues.list).toBe('issue_codes');
    const codes = new Map(issues.kind === 'constants' ? issues.entries.map((e) => [e.value, e.name]) : []);
    expect(codes.size).toBe(79);
    expect(codes.get('HOM')).toBe('Homeland Security');
    expect(codes.get('IMM')).toBe('Immigration');
    const types = readLdaFile(LDA('constants_filing_filingtypes.json'), 'types.json').document;
    expect(types.kind === 'constants' && types.list).toBe('filing_types');
    expect(types.kind === 'constants' ? types.entries.map((e) => [e.value, e.name]) : [])
      .toEqual([...LDA_FILING_TYPES.values()].map((t) => [t.code, t.name]));
  });

  it('applies the amendment rule to the real page', () => {
    const page = readLdaFile(PAGE, 'page1.json').document as LdaFilingsPage;
    const rule = supersededBy(page.filings.map((f) => ({
      uuid: f.uuid, registrantId: f.registrant.id, clientId: f.client.id, year: f.year, period: f.period,
      document: f.type.document, amendment: f.type.amendment, postedAt: f.postedAt,
    })));
    const find = (client: string, code: string, year: number): LdaFiling =>
      page.filings.find((f) => f.client.name.startsWith(client) && f.type.code === code && f.year === year)!;
    // Medtronic 2017 Q4: the 4A replaces the Q4 report, the RA replaces the RR; report and registration stay apart.
    expect(rule.get(find('MEDTRONIC', 'Q4', 2017).uuid)).toBe(find('MEDTRONIC', '4A', 2017).uuid);
    expect(rule.get(find('MEDTRONIC', '4A', 2017).uuid)).toBeNull();
    expect(rule.get(find('MEDTRONIC', 'RR', 2017).uuid)).toBe(find('MEDTRONIC', 'RA', 2017).uuid);
    // Medtronic 2018 Q4: the 4AY (no activity) replaces the $15,000.00 report.
    expect(rule.get(find('MEDTRONIC', 'Q4', 2018).uuid)).toBe(find('MEDTRONIC', '4AY', 2018).uuid);
    expect(find('MEDTRONIC', '4AY', 2018).income).toBeUndefined();
    // Gilead 2018 Q4: an amendment whose original is not on this page is in force on its own.
    expect(rule.get(find('GILEAD', '4A', 2018).uuid)).toBeNull();
    // Microsoft: nothing amended.
    for (const f of page.filings.filter((x) => x.client.name === 'MICROSOFT CORPORATION')) expect(rule.get(f.uuid)).toBeNull();
  });
});

const filing = (over: Raw = {}): Raw => ({
  filing_uuid: '11111111-2222-3333-4444-555555555555', filing_type: 'Q1', filing_year: 2019, filing_period: 'first_quarter',
  income: '10000.00', expenses: null, dt_posted: '2019-04-10T10:00:00-04:00', posted_by_name: 'Jane Q Roe',
  registrant: { id: 7, name: 'EXAMPLE ADVOCATES LLC', contact_name: 'JANE ROE', contact_telephone: '+1 202-555-0100', address_1: '1 Main St' },
  client: { id: 9, name: 'EXAMPLE CORP' },
  lobbying_activities: [{
    general_issue_code: 'IMM', description: 'Detention contracts; met staff with Jane Roe and Roe, Jane.',
    lobbyists: [{ lobbyist: { first_name: 'JANE', middle_name: 'Q', last_name: 'ROE' }, covered_position: 'Former chief of staff' }],
    government_entities: [{ id: 251, name: 'U.S. Immigration & Customs Enforcement (ICE)' }],
  }],
  ...over,
});
const page = (results: unknown): string => JSON.stringify({ count: 1, next: null, previous: null, results });
const read = (text: string): LdaFilingsPage => readLdaDocument(parseJsonDocument(text, 'p.json'), 'p.json') as LdaFilingsPage;

describe('LDA reader on hostile and edge input', () => {
  it('refuses a page whose results is not a list, or holds a non-object, naming the JSON pointer', () => {
    const err = (text: string): BadInputError => {
      try { read(text); } catch (e) { return e as BadInputError; }
      throw new Error('no error');
    };
    expect(err(JSON.stringify({ count: 3, next: null, previous: null, results: { a: 1 } })).where).toEqual({ file: 'p.json', field: '/results' });
    const e = err(page([filing(), filing(), 'oops']));
    expect(e).toBeInstanceOf(BadInputError);
    expect(e.where.field).toBe('/results/2');
    expect(e.message).toMatch(/p\.json, field \/results\/2: broken page of LDA filings/);
    expect(() => read(JSON.stringify({ count: 'many', next: null, results: [] }))).toThrow(/\/count/);
    expect(() => read(`{"count": 1, "next": null, "results": [${JSON.stringify(filing())}`)).toThrow(/line 1.*not valid JSON/);
  });

  it('rejects a filing with a bad field, by pointer and line, with an excerpt free of personal fields', () => {
    const text = JSON.stringify({ count: 2, next: null, previous: null, results: [filing(), filing({ income: '12,000' })] }, null, 1);
    const file = ldaFileFrom(JSON.parse(text), text, Buffer.from(text), 'p.json');
    expect(file.document.counts).toEqual({ read: 2, loaded: 1, rejected: 1 });
    const [reject] = file.document.rejects;
    expect(reject!.pointer).toBe('/results/1/income');
    expect(reject!.reason).toMatch(/not an amount/);
    expect(file.lineOf(reject!.pointer)).toBe(text.split('\n').findIndex((l) => l.includes('"12,000"')) + 1);
    expect(reject!.excerpt).not.toMatch(/ROE|555-0100|Main St|chief of staff/i);
    for (const [field, value, why] of [
      ['filing_type', 'ZZ', /unknown filing type/], ['filing_period', 'q5', /unknown filing period/],
      ['income', '-5.00', /negative/], ['filing_uuid', 'x', /not a filing UUID/], ['client', null, /expected an object/],
    ] as const) {
      const doc = read(page([filing({ [field]: value })]));
      expect(doc.rejects[0]?.reason, field).toMatch(why);
    }
  });

  it('keeps amounts exact, null as unknown, and drops every personal field', () => {
    const doc = read(page([filing({ income: 15000.5, expenses: '0.00' })]));
    const f = doc.filings[0]!;
    expect(f.income).toBe('15000.50');
    expect(f.expenses).toBe('0.00');
    expect(read(page([filing({ income: null })])).filings[0]!.income).toBeUndefined();
    expect(f.postedAt).toBe('2019-04-10 14:00:00.000');
    expect(f.activities[0]!.description).toBe(`Detention contracts; met staff with ${NAME_REMOVED} and ${NAME_REMOVED}.`);
    expect(JSON.stringify(doc)).not.toMatch(/ROE|555-0100|Main St|chief of staff/i);
  });

  it('does not keep the name of a self-employed lobbyist registrant, or of an individual client', () => {
    const doc = read(page([filing({ registrant: { id: 7, name: 'Roe, Jane Q.' }, client: { id: 9, name: 'JANE ROE' } })]));
    const f = doc.filings[0]!;
    expect(f.registrant).toMatchObject({ id: '7', selfEmployed: true });
    expect(f.client).toMatchObject({ id: '9', personal: true });
    expect(JSON.stringify(doc)).not.toMatch(/ROE/i);
  });
});

describe('amendment rule', () => {
  const v = (uuid: string, type: string, postedAt: string, over: Partial<Parameters<typeof supersededBy>[0][number]> = {}) => ({
    uuid, registrantId: '1', clientId: '2', year: 2019, period: 'first_quarter' as const,
    document: type.startsWith('R') ? 'registration' as const : 'report' as const, amendment: LDA_FILING_TYPES.get(type)!.amendment, postedAt, ...over,
  });

  it('puts the latest amendment in force over the original, in any load order', () => {
    const list = [v('a', 'Q1', '2019-04-10'), v('b', '1A', '2019-05-01'), v('c', '1A', '2019-06-01'), v('d', 'RR', '2019-01-01')];
    for (const order of [list, [...list].reverse()]) {
      const rule = supersededBy(order);
      expect(Object.fromEntries(rule)).toEqual({ a: 'c', b: 'c', c: null, d: null });
    }
  });

  it('keeps other clients, periods and registrants apart and breaks ties by UUID', () => {
    const rule = supersededBy([
      v('a', 'Q1', '2019-04-10'), v('b', '1A', '2019-04-11', { clientId: '3' }), v('c', '1A', '2019-04-11', { period: 'second_quarter' }),
      v('d', '1A', '2019-05-01', { registrantId: '9' }), v('e', '1A', '2019-05-01', { registrantId: '9' }),
    ]);
    expect(Object.fromEntries(rule)).toEqual({ a: null, b: null, c: null, d: 'e', e: null });
  });
});
