import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { categorize, categorizeByDescription, type CategoryId } from '../../src/analysis/categories.js';
import { hasRealData, REAL_DATA_SKIP_REASON, realFile } from '../support/realData.js';
import { csvRows } from '../entities/csvRows.js';

// "Product/Service Description" values from the cbp-ice-dashboard files, with the category their
// PSC would get (worked out from the PSC manual's title for each).
const TITLES: ReadonlyArray<readonly [string, CategoryId]> = [
  ['IT AND TELECOM- OTHER IT AND TELECOMMUNICATIONS', 'it_data_services'], // D399
  ['IT AND TELECOM - BUSINESS APPLICATION/APPLICATION DEVELOPMENT SUPPORT SERVICES (LABOR)', 'it_data_services'], // DA01
  ['IT AND TELECOM - PLATFORM AS A SERVICE: DATABASE, MAINFRAME, MIDDLEWARE', 'it_data_services'], // DH10
  ['IT AND TELECOM - DATA CENTER AS A SERVICE', 'it_data_services'], // DC10
  ['IT AND TELECOM - END USER: HELP DESK; TIER 1-2, WORKSPACE, PRINT, OUTPUT, PRODUCTIVITY TOOLS (LABOR)', 'it_data_services'], // DE01
  ['IT AND TELECOM - END USER: HELP DESK;TIER 1-2,WORKSPACE,PRINT,OUTPUT,PRODUCTIVITY TOOLS (HW/PERP SW)', 'it_products_software'], // 7E20
  ['IT AND TELECOM - BUSINESS APPLICATION SOFTWARE (PERPETUAL LICENSE SOFTWARE)', 'it_products_software'], // 7A21
  ['IT AND TELECOM - COMPUTE: SERVERS (HARDWARE AND PERPETUAL LICENSE SOFTWARE)', 'it_products_software'], // 7B22
  ['INFORMATION TECHNOLOGY SOFTWARE', 'it_products_software'], // 7030
  ['INFORMATION TECHNOLOGY SUPPORT EQUIPMENT', 'it_products_software'], // 7035
  ['SUPPORT- ADMINISTRATIVE: CREDIT REPORTING', 'it_data_services'], // R611
  ['SUPPORT- ADMINISTRATIVE: INFORMATION RETRIEVAL', 'it_data_services'], // R612
  ['SUPPORT- PROFESSIONAL: PROGRAM MANAGEMENT/SUPPORT', 'professional_services'], // R408
  ['SUPPORT- MANAGEMENT: OTHER', 'professional_services'], // R799
  ['SUPPORT- ADMINISTRATIVE: BACKGROUND INVESTIGATION', 'professional_services'], // R615
  ['SPECIAL STUDIES/ANALYSIS- INTELLIGENCE', 'professional_services'], // B538
  ['HOUSEKEEPING- GUARD', 'security_guard'], // S206
  ['HOUSEKEEPING- CUSTODIAL JANITORIAL', 'detention_facilities'], // S201
  ['HOUSEKEEPING- LAUNDRY/DRYCLEANING', 'detention_facilities'], // S209
  ['OPERATION OF OTHER ADMINISTRATIVE FACILITIES AND SERVICE BUILDINGS', 'detention_facilities'], // M1AZ
  ['LEASE/RENTAL OF PENAL FACILITIES', 'detention_facilities'], // X1FF
  ['LEASE/RENTAL OF OTHER ADMINISTRATIVE FACILITIES AND SERVICE BUILDINGS', 'other'], // X1AZ
  ['CONSTRUCTION OF OTHER NON-BUILDING FACILITIES', 'construction'], // Y1PZ
  ['MAINTENANCE OF HIGHWAYS/ROADS/STREETS/BRIDGES/RAILWAYS', 'construction'], // Z1LB
  ['PURCHASE OF PARKING FACILITIES', 'construction'], // E1LZ
  ['MAINT/REPAIR/REBUILD OF EQUIPMENT- AIRCRAFT AND AIRFRAME STRUCTURAL COMPONENTS', 'vehicles_equipment'], // J015
  ['LEASE OR RENTAL OF EQUIPMENT- PREFABRICATED STRUCTURES AND SCAFFOLDING', 'vehicles_equipment'], // W054
  ['INSTALLATION OF EQUIPMENT- FURNITURE', 'other'], // N071
  ['HAZARD-DETECTING INSTRUMENTS AND APPARATUS', 'vehicles_equipment'], // 6665
  ['AMMUNITION, THROUGH 30MM', 'vehicles_equipment'], // 1305
  ['AIRCRAFT, ROTARY WING', 'vehicles_equipment'], // 1520
  ['RADIO AND TELEVISION COMMUNICATION EQUIPMENT, EXCEPT AIRBORNE', 'vehicles_equipment'], // 5820
  ['LABORATORY EQUIPMENT AND SUPPLIES', 'vehicles_equipment'], // 6640
  ['CLOTHING, SPECIAL PURPOSE', 'other'], // 8415
  ['ARMOR, PERSONAL', 'other'], // 8470
  ['OFFICE FURNITURE', 'other'], // 7110
  ['PHONOGRAPHS, RADIOS, AND TELEVISION SETS: HOME TYPE', 'other'], // 7730
  ['SPECIAL DIETARY FOODS AND FOOD SPECIALTY PREPARATIONS', 'other'], // 8925
  ['TRANSPORTATION/TRAVEL/RELOCATION- TRAVEL/LODGING/RECRUITMENT: AIR PASSENGER', 'other'], // V211
  ['MEDICAL- EVALUATION/SCREENING', 'other'], // Q5xx
  ['R&D- DEFENSE OTHER: SERVICES (APPLIED RESEARCH/EXPLORATORY DEVELOPMENT)', 'other'], // AD2x
];

describe('categorizeByDescription', () => {
  it.each(TITLES)('%s → %s', (pscDescription, category) => {
    const c = categorizeByDescription({ pscDescription });
    expect(c.category).toBe(category);
    expect(c.basis).toBe('description');
    expect(c.rule).toContain('inferred from the description');
  });

  it('is case- and space-insensitive', () => {
    expect(categorizeByDescription({ pscDescription: '  it and telecom-   other it ' }).category).toBe('it_data_services');
  });

  it('moves guard services bought from facility operators to detention, as the code rule does', () => {
    const geo = categorizeByDescription({ pscDescription: 'HOUSEKEEPING- GUARD', naicsDescription: 'CORRECTIONAL INSTITUTIONS' });
    expect(geo.category).toBe('detention_facilities');
    expect(categorizeByDescription({ pscDescription: 'HOUSEKEEPING- GUARD', naicsDescription: 'FACILITIES SUPPORT SERVICES' }).category).toBe(
      'detention_facilities',
    );
    expect(categorizeByDescription({ pscDescription: 'HOUSEKEEPING- GUARD', naicsDescription: 'SECURITY GUARDS AND PATROL SERVICES' }).category).toBe(
      'security_guard',
    );
  });

  it('falls back to the NAICS description, then to other with the reason', () => {
    const viaNaics = categorizeByDescription({ pscDescription: 'COLLECTIVE MODULAR SUPPORT SYSTEM', naicsDescription: 'COMPUTER SYSTEMS DESIGN SERVICES' });
    expect(viaNaics.category).toBe('it_data_services');
    expect(viaNaics.rule).toMatch(/^PSC description "COLLECTIVE MODULAR SUPPORT SYSTEM" not recognised; NAICS description/);
    expect(categorizeByDescription({ pscDescription: 'COLLECTIVE MODULAR SUPPORT SYSTEM' })).toEqual({
      category: 'other',
      label: 'Other',
      rule: 'PSC description "COLLECTIVE MODULAR SUPPORT SYSTEM" not recognised; no NAICS description',
      basis: 'none',
    });
    expect(categorizeByDescription({}).rule).toBe('no PSC code or description; no NAICS description');
  });
});

describe.skipIf(!hasRealData)('categorizeByDescription on real data', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('recognises the PSC description of at least 97% of CBP and ICE transactions and dollars', () => {
    const dir = realFile('cbp-ice-dashboard');
    let rows = 0;
    let recognised = 0;
    let dollars = 0;
    let recognisedDollars = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
      for (const r of csvRows(`${dir}/${f}`)) {
        const amount = Math.abs(Number(r['Federal Action Obligation']));
        const c = categorizeByDescription({ pscDescription: r['Product/Service Description'], naicsDescription: r['NAICS Description'] });
        rows++;
        dollars += amount;
        if (!c.rule.includes('not recognised') && c.basis === 'description') {
          recognised++;
          recognisedDollars += amount;
        }
      }
    }
    expect(rows).toBeGreaterThan(29000);
    expect(recognised / rows).toBeGreaterThan(0.97);
    expect(recognisedDollars / dollars).toBeGreaterThan(0.97);
  });

  it('agrees with the code-based category for at least 95% of the CSIS titles it recognises', () => {
    let fired = 0;
    let agree = 0;
    for (const r of csvRows(realFile('csis-lookup-tables', 'ProductOrServiceCodes.csv'))) {
      const byText = categorizeByDescription({ pscDescription: r['ProductOrServiceCodeText'] });
      if (byText.basis !== 'description') continue;
      fired++;
      if (byText.category === categorize({ psc: r['ProductOrServiceCode'] }).category) agree++;
    }
    expect(fired).toBeGreaterThan(2500);
    expect(agree / fired).toBeGreaterThan(0.95);
  });
});
