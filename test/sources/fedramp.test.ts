import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import {
  COUNTED_ARRAYS,
  orientBuildsOn,
  parseFedrampFeed,
  readFedrampFeed,
  type FedrampFeed,
  type FedrampOffering,
} from '../../src/sources/fedramp/index.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';

const FEED = realFile('fedramp-marketplace', 'data.json');

function expectCountsReconcile(feed: FedrampFeed): void {
  for (const name of COUNTED_ARRAYS) {
    const c = feed.counts[name];
    expect(c.read, name).toBe(c.loaded + c.rejected);
  }
  const rejectedTotal = COUNTED_ARRAYS.reduce((n, name) => n + feed.counts[name].rejected, 0);
  expect(feed.rejects.length).toBe(rejectedTotal);
}

describe.skipIf(!hasRealData)('FedRAMP Marketplace feed, real 2026-04-28 copy', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
  let feedPromise: Promise<FedrampFeed> | undefined;
  const feed = () => (feedPromise ??= readFedrampFeed(FEED));
  const offering = async (name: string) => (await feed()).offerings.find((o) => o.offering === name)!;

  it('reads every entry and reconciles read = loaded + rejected', async () => {
    const f = await feed();
    expect(f.lastChange).toBe('2026-04-28T02:40:42.651Z');
    expect(f.counts.Products.read).toBe(642);
    expect(f.counts.Agencies.read).toBe(241);
    expect(f.counts.AtoMapping.read).toBe(510);
    expect(f.counts.ReuseMapping.read).toBe(2682);
    expect(f.offerings).toHaveLength(f.counts.Products.loaded);
    expect(f.agencies).toHaveLength(f.counts.Agencies.loaded);
    expect(f.authorizations).toHaveLength(f.counts.AtoMapping.loaded + f.counts.ReuseMapping.loaded);
    expectCountsReconcile(f);
    // Every product and agency of the real feed is well formed; mapping rows are not all.
    expect(f.counts.Products.rejected).toBe(0);
    expect(f.counts.Agencies.rejected).toBe(0);
    expect(f.rejects.some((r) => /ReuseMapping\[\d+\]\.id$/.test(r.path) && /"F1R2230244107" is not in Products/.test(r.reason))).toBe(true);
    expect(f.rejects.some((r) => /AtoMapping\[\d+\]\.agency_id$/.test(r.path) && /"22-000"/.test(r.reason))).toBe(true);
  });

  it('finds ICE under DHS, with the names the feed uses', async () => {
    const ice = (await feed()).agencies.filter((a) => a.subName === 'Immigration and Customs Enforcement');
    expect(ice).toHaveLength(1);
    expect(ice[0]).toMatchObject({
      id: '22-002-04',
      parentName: 'Department of Homeland Security',
      name: 'Department of Homeland Security / Immigration and Customs Enforcement',
    });
  });

  it('has ICE authorizing AWS GovCloud and Palantir Federal Cloud Service - High', async () => {
    const f = await feed();
    const govCloud = await offering('AWS GovCloud');
    const palantir = await offering('Palantir Federal Cloud Service - High');
    expect(govCloud).toMatchObject({ id: 'F1603047866', provider: 'Amazon', providerUei: 'NQEWN6C1LSU5', impactLevel: 'High' });
    expect(govCloud.serviceModels).toEqual(['IaaS', 'PaaS', 'SaaS']);
    expect(palantir).toMatchObject({ id: 'FR2434554673', provider: 'Palantir Technologies Inc.', status: 'FedRAMP Authorized' });
    expect(palantir.serviceModels).toEqual(['PaaS', 'SaaS']);
    const iceAuths = f.authorizations.filter((a) => a.agencyId === '22-002-04');
    const govCloudAuths = iceAuths.filter((a) => a.offeringId === govCloud.id);
    // ICE reused both packages (ReuseMapping); its own initial ATOs were for other offerings.
    expect(govCloudAuths.map((a) => [a.kind, a.atoDate])).toEqual([['reuse', '2023-04-27'], ['reuse', '2023-11-22']]);
    expect(iceAuths.filter((a) => a.offeringId === palantir.id)).toMatchObject([
      { kind: 'reuse', atoDate: '2025-12-16', source: expect.stringMatching(/^data\.ReuseMapping\[\d+\]$/) },
    ]);
    expect(iceAuths.some((a) => a.kind === 'ato')).toBe(true);
  });

  it('orients Palantir FCS-High onto AWS GovCloud, as the raw feed lists it', async () => {
    const f = await feed();
    const govCloud = await offering('AWS GovCloud');
    const palantir = await offering('Palantir Federal Cloud Service - High');
    // The raw feed puts Palantir in AWS GovCloud's leveraged_systems, not the other way round.
    const raw = JSON.parse(readFileSync(FEED, 'utf8')).data.Products as Array<{ id: string; leveraged_systems: Array<{ id: string }> }>;
    expect(raw.find((p) => p.id === govCloud.id)!.leveraged_systems.map((l) => l.id)).toContain(palantir.id);
    expect(raw.find((p) => p.id === palantir.id)!.leveraged_systems.map((l) => l.id)).not.toContain(govCloud.id);

    const edge = f.buildsOn.find((e) => e.offeringId === palantir.id && e.builtOnId === govCloud.id);
    expect(edge).toBeDefined();
    expect(edge!.orientation).toBe('service_model');
    expect(edge!.orientationNote).toBe(
      "listed in AWS GovCloud's leveraged_systems; IaaS under PaaS (AWS GovCloud: IaaS/PaaS/SaaS; " +
        'Palantir Federal Cloud Service - High: PaaS/SaaS), so Palantir Federal Cloud Service - High is built on AWS GovCloud',
    );
    expect(f.buildsOn.some((e) => e.offeringId === govCloud.id && e.builtOnId === palantir.id)).toBe(false);
    expect(f.buildsOn.filter((e) => e.builtOnId === govCloud.id).length).toBeGreaterThan(150);
  });

  it('states an orientation and a note on every edge, and keeps no self-edges', async () => {
    const f = await feed();
    const kinds = new Set(f.buildsOn.map((e) => e.orientation));
    expect([...kinds].sort()).toEqual(['ambiguous', 'feed', 'service_model']);
    for (const e of f.buildsOn) {
      expect(e.offeringId).not.toBe(e.builtOnId);
      expect(e.orientationNote.length).toBeGreaterThan(20);
      expect(e.sources.length).toBeGreaterThan(0);
    }
    expect(f.rejects.filter((r) => / lists itself$/.test(r.reason))).toHaveLength(7);
  });

  it('keeps a good entry whose detail is bad, and says what was left out', async () => {
    const f = await feed();
    expect(f.authorizations.some((a) => a.problems?.some((p) => p.includes('"2/29/2023" is not a calendar date')))).toBe(true);
    expect(f.offerings.some((o) => o.problems?.some((p) => p.startsWith('uei: feed lists "MBBKMVW4UQN"')))).toBe(true);
  });
});

// ---- hand-written feeds -------------------------------------------------------------------

function product(id: string, cso: string, models: string[], leveraged: unknown[] = [], extra: object = {}) {
  return {
    id, csp: `${cso} Inc.`, cso, status: 'FedRAMP Authorized', impact_level: 'High',
    service_model: models, leveraged_systems: leveraged, uei: '', fedramp_auth: 'Not Active', ...extra,
  };
}
const AGENCIES = [
  { id: '22-002', parent: 'Department of Homeland Security', sub: '' },
  { id: '22-002-04', parent: 'Department of Homeland Security', sub: 'Immigration and Customs Enforcement', sub_id: '22-002-04' },
];
function feedText(data: Record<string, unknown>): string {
  return JSON.stringify({ meta: { last_change: '2026-01-01T00:00:00.000Z' }, data: { Products: [], Agencies: AGENCIES, AtoMapping: [], ReuseMapping: [], ...data } }, null, 1);
}
function badInput(text: string): BadInputError {
  try {
    parseFedrampFeed(text, 'hostile.json');
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return err as BadInputError;
  }
  throw new Error('expected BadInputError');
}

describe('FedRAMP feed reader, hostile input', () => {
  it('refuses text that is not JSON, naming file and line', () => {
    const err = badInput('{\n  "data": {\n    Products: []\n  }\n}');
    expect(err.where).toMatchObject({ file: 'hostile.json', line: 3 });
    expect(err.message).toMatch(/^hostile\.json line 3: not valid JSON/);
    expect(badInput('').where.line).toBe(1);
  });

  it('refuses a truncated download at its last line', () => {
    const text = feedText({ Products: [product('F1', 'Alpha', ['SaaS'])] });
    const cut = text.slice(0, Math.floor(text.length / 2));
    expect(badInput(cut).where.line).toBe(cut.split('\n').length);
  });

  it('refuses the wrong top-level shape, naming the JSON path', () => {
    expect(badInput('[1, 2]').where.field).toBe('(root)');
    expect(badInput('{"meta": {}}').where.field).toBe('(root)');
    expect(badInput(JSON.stringify({ data: { Products: {}, Agencies: [], AtoMapping: [], ReuseMapping: [] } })).where.field).toBe('data.Products');
    expect(badInput(JSON.stringify({ data: { Products: [], Agencies: [], AtoMapping: [] } })).where.field).toBe('data.ReuseMapping');
  });

  it('refuses huge strings and absurd nesting anywhere', () => {
    const huge = feedText({ Products: [product('F1', 'x'.repeat(300_000), ['SaaS'])] });
    expect(badInput(huge).where.field).toBe('data.Products[0].cso');
    expect(badInput('['.repeat(100_000) + ']'.repeat(100_000)).reason).toMatch(/nested deeper than 32/);
  });

  it('refuses duplicate offering and agency ids, naming the second', () => {
    const dupProducts = feedText({ Products: [product('F1', 'Alpha', ['SaaS']), product('F1', 'Beta', ['SaaS'])] });
    expect(badInput(dupProducts).where.field).toBe('data.Products[1].id');
    expect(badInput(dupProducts).reason).toBe('duplicate id "F1" (first used at data.Products[0])');
    expect(badInput(feedText({ Agencies: [...AGENCIES, AGENCIES[0]] })).where.field).toBe('data.Agencies[2].id');
  });
});

describe('FedRAMP feed reader, bad entries become rejects', () => {
  const text = feedText({
    Products: [
      product('F1', 'Big Cloud GovCloud', ['IaaS', 'PaaS', 'SaaS'], [
        { id: 'F2', cso: 'Case App – High' },
        'Case App - Moderate', // a bare name, spelled with a hyphen where the product has an en dash
        { id: 'F404', cso: 'Nowhere Service' },
        { id: 'F1', cso: 'Big Cloud GovCloud' },
        { id: 'F2', cso: 'Case App – High' },
      ]),
      product('F2', 'Case App – High', ['saas'], [{ id: 'F3' }]),
      product('F3', 'Case App – Moderate', ['SaaS'], [{ id: 'F2' }], { uei: 'ABC', ready_date: '2024-02-30T20:00:00.000Z' }),
      product('F4', 'Broken', ['XaaS']),
      { id: 'F5', cso: 'No Provider', status: 'FedRAMP Ready', impact_level: 'Low', service_model: [] },
      'not an object',
    ],
    AtoMapping: [
      { id: 'F1', agency_id: '22-002-04', parent: 'Department of Homeland Security', sub: 'Immigration and Customs Enforcement', ato_date: '2023-04-27T20:00:00.000Z', auth_date: '', exp_date: '' },
      { id: 'F2', agency_id: '', parent: 'Department of Homeland Security', sub: '', ato_date: '', auth_date: '', exp_date: '2/29/2023' },
      { id: 'F2', agency_id: '22-000', parent: '', sub: '', ato_date: '', auth_date: '', exp_date: '' },
    ],
    ReuseMapping: [
      { id: 'F2 ', agency_id: '22-002', sub_id: '22-002-04', sub: 'Immigration and Customs Enforcement', ato_date: '2025-12-16T20:00:00.000Z', auth_date: '', exp_date: '' },
      { id: 'F2 ', agency_id: '22-002', sub_id: '22-002-04', sub: 'Immigration and Customs Enforcement', ato_date: '2025-12-16T20:00:00.000Z', auth_date: '', exp_date: '' },
      { id: 'F9', agency_id: '22-002', sub_id: '22-002-04', sub: 'Immigration and Customs Enforcement', ato_date: '', auth_date: '', exp_date: '' },
      { id: 'F1', agency_id: '22-002', sub_id: '22-002-99', parent: 'Department of Homeland Security', sub: 'Secret Service', ato_date: '', auth_date: '', exp_date: '' },
    ],
  });
  const feed = parseFedrampFeed(text, 'small.json');
  const reasons = Object.fromEntries(feed.rejects.map((r) => [r.path, r.reason]));

  it('loads the good entries and counts every one', () => {
    expectCountsReconcile(feed);
    expect(feed.counts.Products).toEqual({ read: 6, loaded: 3, rejected: 3 });
    expect(feed.counts.AtoMapping).toEqual({ read: 3, loaded: 2, rejected: 1 });
    expect(feed.counts.ReuseMapping).toEqual({ read: 4, loaded: 1, rejected: 3 });
    expect(feed.counts.leveraged_systems).toEqual({ read: 7, loaded: 4, rejected: 3 });
    expect(feed.lastChange).toBe('2026-01-01T00:00:00.000Z');
  });

  it('names the JSON path and reason of each reject', () => {
    expect(reasons).toMatchObject({
      'data.Products[3].service_model[0]': 'unknown service model "XaaS"',
      'data.Products[4].csp': 'csp is missing or empty',
      'data.Products[5]': 'expected an object, found string "not an object"',
      'data.Products[0].leveraged_systems[2]': 'unresolved: id "F404" is not in Products and no offering is named "Nowhere Service"',
      'data.Products[0].leveraged_systems[3]': 'Big Cloud GovCloud lists itself',
      'data.Products[0].leveraged_systems[4]': 'repeats data.Products[0].leveraged_systems[0]',
      'data.AtoMapping[2].agency_id': 'agency_id "22-000" is not in Agencies, and the entry names no agency',
      'data.ReuseMapping[1]': 'repeats data.ReuseMapping[0] exactly',
      'data.ReuseMapping[2].id': 'offering id "F9" is not in Products',
      'data.ReuseMapping[3].sub_id':
        'sub_id "22-002-99" is not in Agencies, and no agency is named "Department of Homeland Security / Secret Service"',
    });
  });

  it('normalizes at the boundary: trimmed ids, service model case, dates, UEI problems', () => {
    const f2 = feed.offerings.find((o) => o.id === 'F2')!;
    expect(f2.serviceModels).toEqual(['SaaS']);
    expect(f2.authorizationDate).toBeUndefined();
    const f3 = feed.offerings.find((o) => o.id === 'F3')!;
    expect(f3.providerUei).toBeUndefined();
    expect(f3.problems).toEqual([
      'uei: feed lists "ABC" (3 characters), not a 12-character UEI; left out',
      'ready_date: "2024-02-30T20:00:00.000Z" is not a calendar date; left out',
    ]);
    expect(feed.authorizations).toEqual([
      { agencyId: '22-002-04', offeringId: 'F1', kind: 'ato', atoDate: '2023-04-27', source: 'data.AtoMapping[0]' },
      // No agency_id: found by its names instead, and the impossible expiry date is noted, not fatal.
      { agencyId: '22-002', offeringId: 'F2', kind: 'ato', problems: ['exp_date: "2/29/2023" is not a calendar date; left out'], source: 'data.AtoMapping[1]' },
      { agencyId: '22-002-04', offeringId: 'F2', kind: 'reuse', atoDate: '2025-12-16', source: 'data.ReuseMapping[0]' },
    ]);
  });

  it('resolves leveraged systems by id and by normalized name, one edge per pair', () => {
    const edges = feed.buildsOn.map((e) => [e.offeringId, e.builtOnId, e.orientation]);
    expect(edges).toEqual([
      ['F2', 'F1', 'service_model'],
      ['F3', 'F1', 'service_model'], // listed by name with a hyphen, product spelled with an en dash
      ['F3', 'F2', 'ambiguous'], // F2 and F3 list each other and both are SaaS
    ]);
    expect(feed.buildsOn[2]!.sources).toEqual(['data.Products[1].leveraged_systems[0]', 'data.Products[2].leveraged_systems[0]']);
  });
});

describe('orientBuildsOn', () => {
  const o = (id: string, serviceModels: FedrampOffering['serviceModels']): FedrampOffering => ({
    id, provider: id, offering: id, status: 'FedRAMP Authorized', impactLevel: 'High', serviceModels, source: id,
  });
  const cases: Array<[string, FedrampOffering, FedrampOffering, boolean, string, string]> = [
    ['IaaS host lists a SaaS', o('Cloud', ['IaaS', 'SaaS']), o('App', ['SaaS']), false, 'App on Cloud', 'service_model'],
    ['mutual, layers decide', o('App', ['SaaS']), o('Platform', ['PaaS']), true, 'App on Platform', 'service_model'],
    ['SaaS tool lists a PaaS that uses it', o('Chat', ['SaaS']), o('Platform', ['PaaS']), false, 'Platform on Chat', 'ambiguous'],
    ['SaaS lists SaaS', o('Chat', ['SaaS']), o('App', ['SaaS']), false, 'App on Chat', 'feed'],
    ['no service models given', o('A', []), o('B', ['SaaS']), false, 'B on A', 'feed'],
    ['mutual tie', o('A', ['SaaS']), o('B', ['SaaS']), true, 'B on A', 'ambiguous'],
  ];
  it.each(cases)('%s', (_name, host, dependent, mutual, expected, orientation) => {
    const r = orientBuildsOn(host, dependent, mutual);
    expect(`${r.top.id} on ${r.bottom.id}`).toBe(expected);
    expect(r.orientation).toBe(orientation);
    expect(r.note).toContain(host.offering);
    expect(r.note).toContain(dependent.offering);
  });
});
