import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  brandFamiliesIn,
  brandSnippet,
  defaultBrandLexicon,
  matchBrands,
  parseBrandLexicon,
} from '../../src/graph/brandLexicon.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { readCsv } from './readCsv.js';

const families = (text: string) => [...new Set(matchBrands(text).map((m) => m.family))].sort();

describe('brand lexicon file', () => {
  it('loads data/brands.yaml with every family the graph needs', () => {
    const ids = defaultBrandLexicon().families.map((f) => f.id);
    for (const id of ['amazon', 'microsoft', 'palantir', 'salesforce', 'oracle', 'google', 'servicenow', 'adobe', 'cisco', 'ibm', 'vmware', 'broadcom', 'splunk', 'dell', 'relx', 'thomson-reuters']) {
      expect(ids).toContain(id);
    }
    const vmware = defaultBrandLexicon().families.find((f) => f.id === 'vmware')!;
    expect(vmware.partOf).toMatchObject({ family: 'broadcom', since: '2023-11-22' });
    expect(vmware.terms[0]!.line).toBeGreaterThan(1);
  });
});

describe('matchBrands: true positives', () => {
  const cases: Array<[string, string, string]> = [
    ['AMAZON WEB SERVICES. THE PURPOSE OF THIS MODIFICATION IS TO EXERCISE OPTION PERIOD 1', 'amazon', 'AMAZON WEB SERVICES'],
    ['Bridge task order for Amazon Web Services (AWS) for CBP.', 'amazon', 'Amazon Web Services'],
    ['AWS PROFESSIONAL SERVICES', 'amazon', 'AWS'],
    ['MIGRATION INTO THE AMAZON CLOUD ENVIRONMENT', 'amazon', 'AMAZON CLOUD'],
    ['AMAZON WES SERVICES', 'amazon', 'AMAZON'], // a typo in a real Four Points row
    ['purchase via Amazon.com', 'amazon', 'Amazon'],
    ['CISCO CATALYST 8000V FOR AWS GOVCLOUD EAST AND WEST', 'amazon', 'AWS GOVCLOUD'],
    ['MICROSOFT AZURE GOVT. CLOUD CONSUMPTION SERVICES', 'microsoft', 'MICROSOFT'],
    ['Office-365 licences', 'microsoft', 'Office-365'],
    ['M365 OPERATIONS AND MAINTENANCE', 'microsoft', 'M365'],
    ['Microsoft® Teams room', 'microsoft', 'Microsoft'],
    ['DYNAMICS 365 LICENSES RENEWAL', 'microsoft', 'DYNAMICS 365'],
    ['O&M SUPPORT SERVICES FOR PALANTIR GOVERNMENT', 'palantir', 'PALANTIR'],
    ['Palantir Gotham licenses', 'palantir', 'Gotham'],
    ['PALANTIR FOUNDRY ENTERPRISE LICENSE', 'palantir', 'FOUNDRY'],
    ['SALESFORCE PROGRAM ARCHITECT PLUS', 'salesforce', 'SALESFORCE'],
    ['ORACLE ADVANCED CUSTOMER SUPPORT (ACS) SERVICES', 'oracle', 'ORACLE'],
    ["ORACLE'S DATABASE LICENSES", 'oracle', 'ORACLE'],
    ['GOOGLE CLOUD PLATFORM LICENSES', 'google', 'GOOGLE CLOUD'],
    ['SERVICENOW ANNUAL RENEWAL AND SUPPORT', 'servicenow', 'SERVICENOW'],
    ['ADOBE CONNECT', 'adobe', 'ADOBE'],
    ['CISCO SMARTNET MAINTENANCE', 'cisco', 'CISCO'],
    ['IBM COGNOS BUSINESS INTELLIGENCE', 'ibm', 'IBM'],
    ['VMWARE VIRTUALIZATION SOFTWARE', 'vmware', 'VMWARE'],
    ['SPLUNK ENTERPRISE TERM LICENSE', 'splunk', 'SPLUNK'],
    ['DELL/EMC MAINTENANCE FOR VXRAIL AND ISILON', 'dell', 'DELL/EMC'],
    ['LEXIS NEXIS ACCURINT BUNDLE SUBSCRIPTIONS', 'relx', 'LEXIS NEXIS'],
    ['ACCURINT FOR LAW ENFORCEMENT SUBSCRIPTIONS', 'relx', 'ACCURINT'],
    ['WESTLAW EDGE SUBSCRIPTION', 'thomson-reuters', 'WESTLAW'],
    ['THOMSON REUTERS CLEAR', 'thomson-reuters', 'THOMSON REUTERS'],
    ['CLEAR SUBSCRIPTION FOR ERO OFFICERS', 'thomson-reuters', 'CLEAR'],
    ['CONTACT LEAD AND REPORTING FOR LAW ENFORCEMENT (CLEAR)DATABASE', 'thomson-reuters', 'CLEAR'],
    ['CONSOLIDATED LEAD EVALUATION AND REPORTING (CLEAR) SYSTEM ACCESS', 'thomson-reuters', 'CONSOLIDATED LEAD EVALUATION AND REPORTING'],
    ['ANNUAL SAP LEGACY SOFTWARE LICENSE RENEWAL FOR CBP.', 'sap', 'SAP'],
  ];
  it.each(cases)('%s → %s', (text, family, matchedText) => {
    const found = matchBrands(text).filter((m) => m.family === family);
    expect(found.map((m) => m.matchedText)).toContain(matchedText);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.matchedText);
  });

  it('keeps the longest match within a family and overlapping matches across families', () => {
    expect(matchBrands('AMAZON WEB SERVICES (AWS) FOR CBP')).toEqual([
      { family: 'amazon', term: 'AMAZON WEB SERVICES', matchedText: 'AMAZON WEB SERVICES', start: 0, end: 19, confidence: 'strong' },
      { family: 'amazon', term: 'AWS', matchedText: 'AWS', start: 21, end: 24, confidence: 'strong' },
    ]);
    expect(families('CISCO CATALYST 8000V FOR ICE CLOUDS AMAZON GOVCLOUD AND AZURE')).toEqual(['amazon', 'cisco', 'microsoft']);
    expect(families('MIGRATION OF ORACLE APPLICATIONS INTO THE AMAZON CLOUD')).toEqual(['amazon', 'oracle']);
  });

  it('keeps offsets right around characters outside ASCII', () => {
    const text = 'Café équipement — Amazon  Web\u00a0Services, Zürich';
    const [m] = matchBrands(text);
    expect(m).toMatchObject({ family: 'amazon', term: 'AMAZON WEB SERVICES', matchedText: 'Amazon  Web\u00a0Services' });
    expect(text.slice(m!.start, m!.end)).toBe(m!.matchedText);
  });

  it('reports a yes/no per family, strongest evidence first', () => {
    expect(brandFamiliesIn('THOMSON REUTERS CLEAR SUBSCRIPTION; APPLE IPADS')).toEqual([
      { family: 'apple', confidence: 'strong' },
      { family: 'thomson-reuters', confidence: 'strong' },
    ]);
    expect(brandFamiliesIn('APPLE DESKTOPS')).toEqual([{ family: 'apple', confidence: 'weak' }]);
  });
});

describe('matchBrands: false positives it must not make', () => {
  const cases: Array<[string, string]> = [
    ['IMMIGRATION LAWS TRAINING', 'amazon'],
    ['CONTRACTOR DRAWS FUNDS MONTHLY', 'amazon'],
    ['JAWS SCREEN READER LICENSES', 'amazon'],
    ['AWS D1.1 CERTIFIED WELDER FOR FENCE REPAIR', 'amazon'],
    ['WELDING INSPECTION PER AWS STANDARDS', 'amazon'],
    ['AMAZONIA CONSERVATION PROGRAM', 'amazon'],
    ['AMAZON RIVER BASIN RESEARCH', 'amazon'],
    ['MICROSOFTWARE DEVELOPMENT KIT', 'microsoft'],
    ['REMOVAL AND REPLACEMENT OF WINDOWS AT THE FLORENCE DETENTION FACILITY', 'microsoft'],
    ['GENERAL DYNAMICS 8200 FULLY RUGGED LAPTOPS', 'microsoft'],
    ['AZURE BLUE PAINT FOR LOBBY', 'microsoft'],
    ['GOTHAM SATELLITE SERVICES', 'palantir'],
    ['IRON FOUNDRY CASTINGS FOR BOLLARDS', 'palantir'],
    ['TEST ORACLES FOR THE VALIDATION SUITE', 'oracle'],
    ['THE ORACLE OF OMAHA LECTURE SERIES', 'oracle'],
    ['TOAD FOR ORACLE', 'oracle'],
    ['TOAD LICENSE RENEWAL FOR ORACLE USERS. 25 LICENES TOTAL.', 'oracle'],
    ['CLEAR THE AREA FOR LAW ENFORCEMENT OPERATIONS', 'thomson-reuters'],
    ['CLEAR TRASH BAG PURCHASE FOR THE EL PASO PROCESSING CENTER', 'thomson-reuters'],
    ['PURCHASE OF 124,500 ROUNDS OF .223 NONMARKING/CLEAR (5.56)', 'thomson-reuters'],
    ['SECURITY CLEARANCE PROCESSING', 'thomson-reuters'],
    ['NUCLEAR DETECTION EQUIPMENT', 'thomson-reuters'],
    ['ADOBE BRICK WALL REPAIR AT THE STATION', 'adobe'],
    ['HISTORIC ADOBE STRUCTURE STABILIZATION', 'adobe'],
    ['SAN FRANCISCO FIELD OFFICE LEASE', 'cisco'],
    ['MOTOROLA SMARTNET RADIO SYSTEM UPGRADE', 'cisco'],
    ['IBMS UPGRADE FOR HVAC CONTROLS', 'ibm'],
    ['RED HAT AND GLOVES FOR HONOR GUARD UNIFORM', 'redhat'],
    ['DELL CITY BORDER PATROL STATION', 'dell'],
    ["O'DELL HALL RENOVATION", 'dell'],
    ['EMC TESTING FOR ELECTROMAGNETIC COMPATIBILITY', 'dell'],
    ['APPLE JUICE AND SNACKS FOR DETAINEES', 'apple'],
    ['PINEAPPLE CHUNKS', 'apple'],
    ['FULLY FUND OP 2, DEOB SAP LINE 30 BY $50,000.00', 'sap'],
    ['THIS IS FOR THE PURCHASE OF QLIK SAP CONNECTOR SOFTWARE LICENSES.', 'sap'],
    ['GOOD CLINICAL PRACTICE (GCP) AUDIT', 'google'],
  ];
  it.each(cases)('%s ↛ %s', (text, family) => {
    expect(families(text)).not.toContain(family);
  });
});

describe('brandSnippet', () => {
  it('shows the match in brackets with about 80 characters of context', () => {
    const text = 'DEPARTMENT OF HOMELAND SECURITY US CUSTOMS AND BORDER PROTECTION AMAZON PROFESSIONAL ADVISORY DATABASE SUPPORT SERVICES TO ASSIST CBP';
    const m = matchBrands(text).find((x) => x.family === 'amazon')!;
    const s = brandSnippet(text, m);
    expect(s).toMatch(/^….*\[AMAZON\].*…$/);
    expect(s.length).toBeGreaterThanOrEqual(78);
    expect(s.length).toBeLessThanOrEqual(86);
  });
  it('spends unused room on the other side and collapses whitespace', () => {
    expect(brandSnippet('AWS\r\n  SUPPORT', { start: 0, end: 3 })).toBe('[AWS] SUPPORT');
    const text = `ORACLE ${'X'.repeat(200)}`;
    const s = brandSnippet(text, { start: 0, end: 6 });
    expect(s.startsWith('[ORACLE] XXX')).toBe(true);
    expect(s.length).toBe(83);
  });
});

describe('parseBrandLexicon validation', () => {
  const family = (terms: string, extra = '') => `version: 1\nfamilies:\n  - id: acme\n    name: Acme${extra}\n    terms:\n${terms}`;
  const error = (text: string): BadInputError => {
    try {
      parseBrandLexicon(text, 'brands.yaml');
    } catch (err) {
      expect(err).toBeInstanceOf(BadInputError);
      return err as BadInputError;
    }
    throw new Error('expected BadInputError');
  };
  it('accepts a minimal lexicon', () => {
    const lexicon = parseBrandLexicon(family('      - term: ACME\n        confidence: strong\n'), 'brands.yaml');
    expect(lexicon.families[0]!.terms[0]).toMatchObject({ term: 'ACME', window: 60, onlyNear: [], line: 6 });
  });
  it.each([
    ['not YAML', 'families: [a, b\nversion: 1\n', 2, undefined, /not valid YAML/],
    ['wrong version', 'version: 2\nfamilies: []\n', 1, 'version', /version must be 1/],
    ['unknown field', family('      - term: ACME\n        confidence: strong\n        exeptNear: [X]\n'), 8, 'families[0].terms[0].exeptNear', /unknown field "exeptNear"/],
    ['bad confidence', family('      - term: ACME\n        confidence: high\n'), 7, 'families[0].terms[0].confidence', /strong or weak/],
    ['term not normalized', family('      - term: Acme-Cloud\n        confidence: strong\n'), 6, 'families[0].terms[0].term', /"ACME CLOUD"/],
    ['number as term', family('      - term: 365\n        confidence: strong\n'), 6, 'families[0].terms[0].term', /expected text/],
    ['duplicate term', family('      - term: ACME\n        confidence: strong\n      - term: ACME\n        confidence: weak\n'), 8, 'families[0].terms[1].term', /already declared/],
    ['bad window', family('      - term: ACME\n        confidence: strong\n        window: 0\n'), 8, 'families[0].terms[0].window', /window/],
    ['unknown owner', family('      - term: ACME\n        confidence: strong\n', '\n    partOf: {family: nobody, since: "2020-01-01", source: x}'), 5, 'families[0].partOf.family', /not declared/],
    ['bad since', family('      - term: ACME\n        confidence: strong\n', '\n    partOf: {family: acme, since: "2020-02-30", source: x}'), 5, 'families[0].partOf.since', /YYYY-MM-DD/],
  ])('%s', (_name, text, line, field, reason) => {
    const err = error(text);
    expect(err.where.line).toBe(line);
    expect(err.where.field).toBe(field);
    expect(err.reason).toMatch(reason);
    expect(err.message.startsWith(`brands.yaml line ${line}`)).toBe(true);
  });
});

describe.skipIf(!hasRealData)('matchBrands on real CBP and ICE transaction descriptions', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  const dir = realFile('cbp-ice-dashboard');
  const rows = hasRealData
    ? readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().flatMap((f) => readCsv(`${dir}/${f}`))
    : [];
  const description = (r: Record<string, string>) => r['Transaction Description'] ?? '';
  const byRecipient = (name: string) => rows.filter((r) => r['Recipient Name'] === name);

  it('reads all three fiscal years', () => {
    expect(rows.length).toBe(29_103);
  });

  it('finds Amazon in every FOUR POINTS TECHNOLOGY row that names it', () => {
    const fourPoints = byRecipient('FOUR POINTS TECHNOLOGY, L.L.C.');
    expect(fourPoints.length).toBe(97);
    // A deliberately crude, independent test of "names Amazon", to check the lexicon against.
    const namesAmazon = (text: string) => /AMAZON|(^|[^A-Z])AWS([^A-Z]|$)/.test(text.toUpperCase());
    const matched = fourPoints.filter((r) => matchBrands(description(r)).some((m) => m.family === 'amazon'));
    expect(matched.length).toBe(fourPoints.filter((r) => namesAmazon(description(r))).length);
    expect(matched.length).toBeGreaterThanOrEqual(20);
    for (const r of matched) expect(namesAmazon(description(r))).toBe(true);
    const shown = new Set<string>();
    for (const r of matched) {
      for (const m of matchBrands(description(r)).filter((x) => x.family === 'amazon')) shown.add(`${m.confidence.padEnd(6)} ${brandSnippet(description(r), m)}`);
    }
    console.log(`FOUR POINTS TECHNOLOGY, L.L.C.: ${matched.length} of ${fourPoints.length} rows name Amazon, e.g.\n  ${[...shown].slice(0, 6).join('\n  ')}`);
  });

  it('ties West Publishing CLEAR orders to Thomson Reuters, but not clear trash bags or rounds', () => {
    const west = byRecipient('WEST PUBLISHING CORPORATION').filter((r) => /\(CLEAR\)/.test(description(r)));
    expect(west.length).toBeGreaterThan(0);
    for (const r of west) expect(families(description(r))).toContain('thomson-reuters');
    const others = rows.filter((r) => /(^|[^A-Z])CLEAR([^A-Z]|$)/.test(description(r)) && !/WEST PUBLISHING|THOMSON/.test(r['Recipient Name'] ?? ''));
    expect(others.length).toBeGreaterThanOrEqual(4);
    for (const r of others) expect(families(description(r))).not.toContain('thomson-reuters');
  });

  it('does not take Nightwing\'s Gotham satellites for Palantir, nor building windows for Microsoft', () => {
    for (const r of byRecipient('NIGHTWING TECHNOLOGIES, LLC')) expect(families(description(r))).not.toContain('palantir');
    for (const r of byRecipient('KOMAN CONSTRUCTION, LLC')) expect(families(description(r))).not.toContain('microsoft');
  });

  it('names LexisNexis on RELX rows and Microsoft on most Dell Federal Systems rows', () => {
    const relx = byRecipient('RELX INC.').filter((r) => families(description(r)).includes('relx'));
    expect(relx.length).toBeGreaterThanOrEqual(10);
    const dell = byRecipient('DELL FEDERAL SYSTEMS L.P');
    const microsoft = dell.filter((r) => families(description(r)).includes('microsoft'));
    expect(microsoft.length / dell.length).toBeGreaterThan(0.5);
  });
});
