/**
 * The relationship rules of data/brands.yaml (`relations`): each rule with real positive and negative
 * examples, quoted from the CBP/ICE transaction descriptions in ../shared/data/real/cbp-ice-dashboard
 * (the test checks each quote is a real description there), read with the bundled lexicon.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultBrandLexicon, matchBrands, parseBrandLexicon } from '../../src/graph/brandLexicon.js';
import { brandRelation } from '../../src/graph/brandRelation.js';
import { BadInputError } from '../../src/errors.js';
import { parseCsv } from '../support/csv.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';

/** [brand family, real description, expected relation, rule id expected (or null for names), why]. */
const CASES: ReadonlyArray<[string, string, 'resells' | 'services_on' | 'names', string | null, string]> = [
  // services-work
  ['amazon', 'AWS PROFESSIONAL SERVICES', 'services_on', 'services-work', 'Systems Engineering Solutions at CBP: professional services on AWS'],
  ['amazon', 'AMAZON WEB SERVICE PROSERVICE SERVICES FOR CUSTOMS & BORDER PROTECTION', 'services_on', 'services-work', 'New Tech at CBP: AWS ProServe work'],
  ['amazon', 'AMAZON WEB SUPPORT SERVICES', 'services_on', 'services-work', 'support services of an AWS environment'],
  ['amazon', 'THE TASK ORDER IS FOR AMAZON WEB SERVICES (AWS) PROFESSIONAL SERVICES', 'services_on', 'services-work', 'FOR does not stop a services rule'],
  ['microsoft', 'MICROSOFT CONSULTING', 'services_on', 'services-work', 'consulting on Microsoft products'],
  ['amazon', 'AWS TECHNICAL ACCOUNT MANAGER', 'names', null, 'negative: an AWS support-plan role, neither cue'],
  ['amazon', 'AWS SUPPORT', 'names', null, 'negative: bare SUPPORT is not a services cue (it may be the AWS support plan bought)'],
  // resale-licences
  ['amazon', 'AWS ELEMENTAL LIVE TRANSCODER AND CONDUCTOR MAINTENANCE RENEWAL', 'resells', 'resale-licences', 'renewal of an AWS product'],
  ['microsoft', 'MICROSOFT ELA FOR ADDITIONAL O365 LICENSES', 'resells', 'resale-licences', 'Microsoft licences'],
  ['servicenow', 'RENEWAL FOR SERVICENOW TASKER LICENSES.', 'resells', 'resale-licences', 'FOR <brand> LICENSES is still the brand\'s licences'],
  ['relx', 'ACCURINT LEXISNEXIS SUBSCRIPTIONS', 'resells', 'resale-licences', 'subscriptions'],
  ['servicenow', 'AMB# 19080. PURCHASE LICENSES FOR A SELF INSPECTION MODULE FOR OPR BUILT ON THE SERVICENOW PLATFORM. CONTRACT TBD. POP: 1 YR FROM AWARD.', 'names', null,
    'negative (exceptPrecededBy ON THE): a module built on the platform, not the brand\'s licences'],
  // resale-cloud
  ['amazon', 'AMAZON WEB SERVICES PUBLIC CLOUD', 'resells', 'resale-cloud', 'Four Points at ICE: AWS public cloud consumption (the −$139,759.98 de-obligation)'],
  ['amazon', 'AMAZON WEB SERVICES (AWS) CLOUD COMPUTING FOR CBP.', 'resells', 'resale-cloud', 'cloud computing bought'],
  ['amazon', 'CISCO CATALYST 8000V FOR AWS GOVCLOUD EAST AND WEST', 'names', null, 'negative: a Cisco product for the AWS platform is not resale of Amazon'],
  // resale-procure
  ['amazon', 'THE PURPOSE OF THIS ORDER IS TO PROCURE AMAZON WEB SERVICES.', 'resells', 'resale-procure', 'procured'],
  ['cisco', 'TO PURCHASE CISCO PARTS', 'resells', 'resale-procure', 'purchased'],
  ['amazon', 'THE PURPOSE OF THIS REQUIREMENT IS TO PROVIDE AMAZON WEB SERVICES TO THE OFFICE OF INFORMATION AND TECHNOLOGY.', 'names', null, 'negative: PROVIDE is no cue'],
  // resale-product
  ['amazon', 'AMAZON WEB SERVICES', 'resells', 'resale-product', 'the description is the product'],
  ['amazon', 'AMAZON WEB SERVICES. THE PURPOSE OF THIS MODIFICATION IS TO EXERCISE OPTION PERIOD 2.', 'resells', 'resale-product', 'the first sentence is the product'],
  ['amazon', 'AMAZON WEB SERVICE FOR CUSTOMS & BORDER PROTECTION', 'names', null, 'negative: the name is not alone'],
  ['amazon', 'SAILPOINT IDENTITY I FOR AMAZON WEB SERVICE SOFTWARE FOR CBP', 'names', null, 'negative: SailPoint software for the AWS platform'],
  // both kinds fire: names
  ['oracle', 'DEPARTMENT OF HOMELAND SECURITY US CUSTOMS AND BORDER PROTECTION AMAZON PROFESSIONAL ADVISORY DATABASE SUPPORT SERVICES TO ASSIST CBP WITH THE MIGRATION OF ORACLE APPLICATIONS INTO THE AMAZON CLOUD EN',
    'services_on', 'services-work', 'migration of Oracle applications: services on Oracle'],
];

function relationOf(family: string, text: string) {
  const lexicon = defaultBrandLexicon();
  const matches = matchBrands(text, lexicon).filter((m) => m.family === family);
  expect(matches.length, `${family} named in ${text}`).toBeGreaterThan(0);
  return brandRelation(text, matches, lexicon.relations);
}

describe('brand relationship rules (data/brands.yaml relations)', () => {
  it.each(CASES)('%s in %j reads %s (%s): %s', (family, text, kind, rule) => {
    const r = relationOf(family, text);
    expect(r.kind).toBe(kind);
    if (rule) expect(r.rule).toMatch(new RegExp(`^${rule}: .*\\(data/brands\\.yaml line \\d+\\)$`));
    else expect(r.rule).toMatch(/^(no resale or services cue|both resale and services cues)/);
  });

  it('every rule of the bundled lexicon has a positive and a negative case here', () => {
    const ids = defaultBrandLexicon().relations.map((r) => r.id);
    for (const id of ids) expect(CASES.some((c) => c[3] === id), `positive case for ${id}`).toBe(true);
    expect(CASES.filter((c) => c[2] === 'names').length).toBeGreaterThanOrEqual(ids.length);
  });

  it('a description with cues of both kinds cannot be told: it reads names', () => {
    const lexicon = defaultBrandLexicon();
    const text = 'AWS PUBLIC CLOUD AND MIGRATION SUPPORT';
    const r = brandRelation(text, matchBrands(text, lexicon), lexicon.relations);
    expect(r.kind).toBe('names');
    expect(r.rule).toMatch(/^both resale and services cues \(.*resale-cloud.*services-work|services-work.*resale-cloud/);
  });

  it('refuses a bad rule naming the file, line and field', () => {
    const base = 'version: 1\nfamilies:\n  - id: acme\n    name: Acme\n    terms:\n      - term: ACME\n        confidence: strong\n';
    const bad = (rules: string) => () => parseBrandLexicon(`${base}relations:\n  rules:\n${rules}`, 'x.yaml');
    expect(bad('    - id: a\n      kind: hosts\n      phrases: [X]\n')).toThrow(/x\.yaml line 11, field relations\.rules\[0\]\.kind: kind must be one of resells, services_on/);
    expect(bad('    - id: a\n      kind: resells\n')).toThrow(/a near rule needs phrases/);
    expect(bad('    - id: a\n      kind: resells\n      where: alone\n      phrases: [X]\n')).toThrow(BadInputError);
    expect(parseBrandLexicon(base, 'x.yaml').relations).toEqual([]);
  });
});

describe.skipIf(!hasRealData)('the quoted descriptions are real', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  it('each case is a Transaction Description of the CBP/ICE files', () => {
    const dir = realFile('cbp-ice-dashboard');
    const descriptions = new Set<string>();
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
      const [head, ...rows] = parseCsv(readFileSync(join(dir, name)));
      const col = head!.fields.indexOf('Transaction Description');
      for (const r of rows) descriptions.add(r.fields[col] ?? '');
    }
    for (const [, text] of CASES) expect([...descriptions].some((d) => d === text || d.startsWith(text)), text).toBe(true);
  });
});
