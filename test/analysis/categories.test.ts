import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_IDS, categorize, type CategoryId } from '../../src/analysis/categories.js';
import { hasRealData, REAL_DATA_SKIP_REASON, realFile } from '../support/realData.js';
import { csvRows } from '../entities/csvRows.js';

// Real PSCs (from the CSIS list and the CBP/ICE records) with the category decided in docs/categories.md.
const PSC_CASES: ReadonlyArray<readonly [string, CategoryId]> = [
  ['D302', 'it_data_services'], // ADP systems development
  ['D399', 'it_data_services'], // other IT and telecom
  ['DA01', 'it_data_services'], // application development support (labor), 2020 code
  ['DH10', 'it_data_services'], // platform as a service
  ['R302', 'it_data_services'], // obsolete ADP systems development code
  ['R611', 'it_data_services'], // credit reporting (data brokers)
  ['R612', 'it_data_services'], // information retrieval
  ['S113', 'it_data_services'], // telephone utility
  ['J070', 'it_data_services'], // maintenance of ADP equipment
  ['7030', 'it_products_software'], // ADP software
  ['7A21', 'it_products_software'], // business application software, perpetual licence
  ['7K20', 'it_products_software'], // storage products
  ['R408', 'professional_services'], // program management/support (BI's ISAP contract)
  ['R499', 'professional_services'],
  ['R706', 'professional_services'], // logistics support
  ['B506', 'professional_services'], // data studies (not R&D)
  ['S206', 'security_guard'], // guard services
  ['S211', 'security_guard'], // surveillance
  ['R430', 'security_guard'], // physical security and badging
  ['M1FF', 'detention_facilities'], // operation of penal facilities
  ['M1AZ', 'detention_facilities'], // operation of other administrative facilities
  ['M166', 'detention_facilities'],
  ['X1FF', 'detention_facilities'], // lease of penal facilities
  ['S203', 'detention_facilities'], // food services
  ['S209', 'detention_facilities'], // laundry
  ['S299', 'detention_facilities'], // other housekeeping
  ['Y1AZ', 'construction'],
  ['Z2LB', 'construction'],
  ['C211', 'construction'], // architect-engineer services
  ['E1AA', 'construction'], // purchase of office buildings
  ['R211', 'construction'], // obsolete A&E code
  ['1005', 'vehicles_equipment'], // guns through 30mm
  ['1305', 'vehicles_equipment'], // ammunition through 30mm
  ['1510', 'vehicles_equipment'], // aircraft, fixed wing
  ['2310', 'vehicles_equipment'], // passenger motor vehicles
  ['5820', 'vehicles_equipment'], // radio communication equipment (not IT)
  ['6350', 'vehicles_equipment'], // alarm and security detection systems
  ['6665', 'vehicles_equipment'], // hazard-detecting instruments
  ['J015', 'vehicles_equipment'], // maintenance of aircraft
  ['W054', 'vehicles_equipment'], // lease of prefabricated structures
  ['J998', 'vehicles_equipment'], // non-nuclear ship repair
  ['7110', 'other'], // office furniture
  ['8415', 'other'], // clothing, special purpose
  ['8470', 'other'], // body armor sits in group 84
  ['8905', 'other'], // food
  ['J071', 'other'], // maintenance of furniture
  ['V211', 'other'], // air passenger service (removal flights)
  ['V231', 'other'], // lodging
  ['Q201', 'other'], // general health care
  ['AJ11', 'other'], // R&D
  ['U008', 'other'], // training
  ['X1AA', 'other'], // lease of office buildings
];

describe('categorize by PSC', () => {
  it.each(PSC_CASES)('PSC %s → %s', (psc, category) => {
    const c = categorize({ psc });
    expect(c.category).toBe(category);
    expect(c.basis).toBe('psc');
    expect(c.rule).toContain(psc);
    expect(c.label).toBe(CATEGORIES.find((x) => x.id === category)!.label);
  });

  it('explains the rule in words', () => {
    expect(categorize({ psc: 'D302' }).rule).toBe('PSC D302 starts with D: IT and telecom services');
    expect(categorize({ psc: '7030' }).rule).toBe('PSC 7030 is a product in group 70: IT equipment, software and supplies');
    expect(categorize({ psc: 'S206' }).rule).toBe('PSC S206 is guard services');
    expect(categorize({ psc: 'J015' }).rule).toBe(
      'PSC J015 is maintenance and repair of equipment in group 15 (10-69: weapons, vehicles, machinery and equipment)',
    );
  });

  it('cleans messy codes', () => {
    expect(categorize({ psc: ' d302 ' }).category).toBe('it_data_services');
    expect(categorize({ psc: '7a21' }).category).toBe('it_products_software');
  });

  it('moves guard services bought from facility operators to detention', () => {
    // GEO Group's ICE detention awards: S206 under NAICS 561210 and 922140; CoreCivic also 922190.
    for (const naics of ['561210', '922140', '922190']) {
      const c = categorize({ psc: 'S206', naics });
      expect(c.category).toBe('detention_facilities');
      expect(c.basis).toBe('psc+naics');
      expect(c.rule).toContain(`NAICS ${naics}`);
    }
    expect(categorize({ psc: 'S206', naics: '561612' }).category).toBe('security_guard');
    expect(categorize({ psc: 'D302', naics: '922140' }).category).toBe('it_data_services');
  });
});

describe('categorize by NAICS when the PSC is missing', () => {
  it.each([
    ['541512', 'it_data_services'],
    ['541519', 'it_data_services'],
    ['518210', 'it_data_services'],
    ['519130', 'it_data_services'],
    ['561450', 'it_data_services'], // credit bureaus
    ['511210', 'it_products_software'],
    ['513210', 'it_products_software'],
    ['541330', 'professional_services'],
    ['541611', 'professional_services'],
    ['541310', 'construction'],
    ['561612', 'security_guard'],
    ['922140', 'detention_facilities'],
    ['561210', 'detention_facilities'],
    ['236220', 'construction'],
    ['237990', 'construction'],
    ['238210', 'construction'],
    ['336411', 'vehicles_equipment'],
    ['332992', 'vehicles_equipment'],
    ['721110', 'other'], // hotels: travel lodging as often as family detention, so not detention
    ['623990', 'other'], // residential care
    ['481211', 'other'], // charter air (removal flights)
  ] as const)('NAICS %s → %s', (naics, category) => {
    for (const psc of [undefined, null, '', '0000']) {
      const c = categorize({ psc, naics });
      expect(c.category).toBe(category);
      expect(c.basis).toBe('naics');
    }
  });

  it('says why it fell back', () => {
    expect(categorize({ naics: '541512' }).rule).toBe('no PSC code; NAICS 541512 starts with 5415: computer systems design and related services');
    expect(categorize({ psc: '0000', naics: '721110' }).rule).toBe(
      'PSC 0000 is the "no code" placeholder; NAICS 721110 is outside the industries mapped to a category',
    );
    expect(categorize({ psc: 'I123', naics: '541512.0' }).rule).toBe(
      'PSC "I123" is not a product or service code; NAICS 541512 starts with 5415: computer systems design and related services',
    );
  });

  it('returns other with the reason when nothing is usable', () => {
    expect(categorize({})).toEqual({ category: 'other', label: 'Other', rule: 'no PSC code and no NAICS code', basis: 'none' });
    expect(categorize({ psc: '0000', naics: '' }).rule).toBe('PSC 0000 is the "no code" placeholder and no NAICS code');
    expect(categorize({ psc: 'D30!', naics: '5' }).rule).toBe('PSC "D30!" is not a product or service code and NAICS "5" is not an industry code');
  });
});

describe('category list', () => {
  it('declares every id once, with a label and a description', () => {
    expect(CATEGORIES.map((c) => c.id)).toEqual([...CATEGORY_IDS]);
    expect(new Set(CATEGORIES.map((c) => c.label)).size).toBe(CATEGORIES.length);
    for (const c of CATEGORIES) expect(c.description.length).toBeGreaterThan(40);
  });
});

const DOC = fileURLToPath(new URL('../../docs/categories.md', import.meta.url));

/** The "PSCs per category" table of docs/categories.md, between its marker comments. */
function documentedDistribution(): Record<string, number> {
  const text = readFileSync(DOC, 'utf8');
  const block = /<!-- csis-distribution:start -->([\s\S]*?)<!-- csis-distribution:end -->/.exec(text)?.[1] ?? '';
  const out: Record<string, number> = {};
  for (const m of block.matchAll(/^\|\s*`(\w+)`\s*\|[^|]*\|\s*(\d+)\s*\|/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

describe.skipIf(!hasRealData)('every PSC in the CSIS list', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  const rows = hasRealData ? csvRows(realFile('csis-lookup-tables', 'ProductOrServiceCodes.csv')) : [];
  const text = new Map(rows.map((r) => [r['ProductOrServiceCode'], r['ProductOrServiceCodeText'] ?? '']));

  it('maps to exactly one category, matching the table in docs/categories.md', () => {
    expect(rows.length).toBe(3584);
    const counts: Record<string, number> = {};
    for (const r of rows) {
      const c = categorize({ psc: r['ProductOrServiceCode'] });
      expect(CATEGORY_IDS).toContain(c.category);
      expect(categorize({ psc: r['ProductOrServiceCode'] })).toEqual(c);
      counts[c.category] = (counts[c.category] ?? 0) + 1;
    }
    expect(counts).toEqual(documentedDistribution());
  });

  it('names the codes the exceptions are about', () => {
    expect(text.get('S206')).toBe('GUARD SERVICES');
    expect(text.get('S211')).toMatch(/SURVEILLANCE/);
    expect(text.get('R430')).toMatch(/PHYSICAL SECURITY/);
    expect(text.get('R611')).toBe('CREDIT REPORTING SERVICES');
    expect(text.get('R612')).toBe('INFORMATION RETRIEVAL');
    expect(text.get('S113')).toMatch(/TELEPHONE/);
    expect(text.get('M1FF')).toMatch(/PENAL/);
    expect(text.get('M166')).toMatch(/PENAL/);
    expect(text.get('X1FF')).toMatch(/PENAL/);
    expect(text.get('X166')).toMatch(/PENAL/);
    expect(text.get('D302')).toMatch(/SYSTEMS DEVELOPMENT/);
  });
});
