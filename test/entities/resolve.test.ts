/**
 * Entity resolution over small synthetic stores: identity linking, family rules, curated files,
 * conflicts, suggestions and judgements surviving re-ingest and re-resolution, determinism.
 */
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest.js';
import { explainFamily, findCompany } from '../../src/entities/companies.js';
import { judgeSuggestions } from '../../src/entities/judgements.js';
import { normalizeDuns, normalizeUei, resolveEntities } from '../../src/entities/resolve.js';
import { NotFoundError } from '../../src/errors.js';
import type { Database } from '../../src/store/database.js';
import { subCsv, txCsv, type TxSpec } from '../support/answerFixtures.js';
import { expectRejects } from '../support/ingestHelpers.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

async function load(store: TempStore, name: string, content: string): Promise<void> {
  const r = await ingest(store.db, { paths: [store.write(name, content)] });
  expect(r.files.every((f) => !f.error), JSON.stringify(r.files.map((f) => f.error))).toBe(true);
}

async function familyOf(db: Database, where: string, params: Array<string>): Promise<string[]> {
  const rows = await db.all<{ family_id: string }>(`SELECT DISTINCT family_id FROM entity_recipients WHERE ${where} ORDER BY 1`, params);
  return rows.map((r) => r.family_id);
}

async function familyMap(db: Database): Promise<Record<string, string>> {
  const rows = await db.all<{ recipient_id: string; family_id: string }>(`SELECT recipient_id, family_id FROM entity_recipients ORDER BY 1`);
  return Object.fromEntries(rows.map((r) => [r.recipient_id, r.family_id]));
}

describe('identifier normalisation', () => {
  it('keeps 12-character UEIs, uppercased; rejects other shapes', () => {
    expect(normalizeUei(' l997db4pejl8 ')).toBe('L997DB4PEJL8');
    expect(normalizeUei('L997DB4PEJL')).toBe('');
    expect(normalizeUei('L997-DB4PEJL8')).toBe('');
  });
  it('pads DUNS that lost leading zeros in a spreadsheet; refuses placeholders', () => {
    expect(normalizeDuns('6928857')).toBe('006928857');
    expect(normalizeDuns('148508286')).toBe('148508286');
    expect(normalizeDuns('000000000')).toBe('');
    expect(normalizeDuns('12')).toBe('');
    expect(normalizeDuns('1234567890')).toBe('');
  });
});

describe('identity', () => {
  it('links a UEI and a DUNS seen on the same record into one recipient, and a later DUNS-only record to it', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([
      { piid: 'A1', amount: '10.00', uei: 'TESTUEI00001', duns: '123456789', name: 'ACME WIDGETS LLC' },
      { piid: 'A2', amount: '20.00', duns: '123456789', name: 'ACME WIDGETS', date: '2021-03-01' },
      { piid: 'A3', amount: '30.00', uei: 'TESTUEI00002', name: 'ACME WIDGETS LLC' },
    ]));
    const r = await resolveEntities(store.db);
    expect(r.recipients).toBe(2);
    const keys = await store.db.all<{ key: string; recipient_id: string }>(`SELECT key, recipient_id FROM entity_keys ORDER BY key`);
    expect(keys).toEqual([
      { key: 'duns:123456789', recipient_id: 'uei:TESTUEI00001' },
      { key: 'uei:TESTUEI00001', recipient_id: 'uei:TESTUEI00001' },
      { key: 'uei:TESTUEI00002', recipient_id: 'uei:TESTUEI00002' },
    ]);
    // same name, different UEI: not merged, but suggested with score 1
    const s = await store.db.all<{ left_key: string; right_key: string; score: number }>(`SELECT left_key, right_key, score FROM entity_suggestions`);
    expect(s).toEqual([{ left_key: 'uei:TESTUEI00001', right_key: 'uei:TESTUEI00002', score: 1 }]);
  });

  it('identifies name-only recipients by normalized name plus country and state', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([
      { piid: 'B1', amount: '1.00', name: 'Blue Heron Services, Inc.', state: 'VA' },
      { piid: 'B2', amount: '2.00', name: 'BLUE HERON SERVICES INC', state: 'VA' },
      { piid: 'B3', amount: '3.00', name: 'Blue Heron Services', state: 'TX' },
    ]));
    await resolveEntities(store.db);
    const ids = await store.db.all<{ recipient_id: string; records: number }>(`SELECT recipient_id, records FROM entity_recipients ORDER BY 1`);
    expect(ids).toEqual([
      { recipient_id: 'name:BLUE HERON SERVICES|USA|TX', records: 1 },
      { recipient_id: 'name:BLUE HERON SERVICES|USA|VA', records: 2 },
    ]);
  });

  it('counts subawardees and primes of subawards as recipients', async () => {
    const store = await tempStore();
    await load(store, 's.csv', subCsv([
      { primePiid: 'P1', primeName: 'PRIME CO', primeUei: 'TESTPRIME001', number: 'S1', amount: '50000.00', subUei: 'TESTSUB00001', subName: 'SUB CO' },
    ]));
    await resolveEntities(store.db);
    const roles = await store.db.all<{ recipient_id: string; roles: string }>(`SELECT recipient_id, roles FROM entity_recipients ORDER BY 1`);
    expect(roles).toEqual([
      { recipient_id: 'uei:TESTPRIME001', roles: 'prime' },
      { recipient_id: 'uei:TESTSUB00001', roles: 'subawardee' },
    ]);
  });
});

describe('family rules', () => {
  it('joins a recipient to the parent named by recipient_parent_uei and names the family after the parent', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([
      { piid: 'C1', amount: '100.00', uei: 'TESTPARENT01', name: 'GRANITE HOLDINGS CORP' },
      { piid: 'C2', amount: '50.00', uei: 'TESTCHILD001', name: 'GRANITE FEDERAL LLC', parentUei: 'TESTPARENT01', parentName: 'GRANITE HOLDINGS CORP' },
      { piid: 'C3', amount: '25.00', uei: 'TESTCHILD002', name: 'QUARRY DATA INC', parentUei: 'TESTPARENT01', parentName: 'GRANITE HOLDINGS CORP' },
    ]));
    await resolveEntities(store.db);
    expect(await familyOf(store.db, `recipient_id LIKE 'uei:TEST%'`, [])).toEqual(['uei-testparent01']);
    const fam = await store.db.one<{ name: string; basis: string; members: number }>(`SELECT name, basis, members FROM entity_families`);
    expect(fam).toEqual({ name: 'GRANITE HOLDINGS CORP', basis: 'parent_field', members: 3 });
    const members = await explainFamily(store.db, 'uei-testparent01');
    const quarry = members.find((m) => m.recipientId === 'uei:TESTCHILD002')!;
    expect(quarry.reasons.map((r) => r.rule)).toEqual(['parent_field']);
    expect(quarry.reasons[0]!.detail).toContain('recipient_parent_uei = TESTPARENT01');
    expect(quarry.reasons[0]!.file).toMatch(/a\.csv$/);
    expect(quarry.reasons[0]!.line).toBe(4);
  });

  it('a parent known only by name forms a family without a record of its own; placeholders never do', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([
      { piid: 'D1', amount: '1.00', uei: 'TESTDCHILD01', name: 'ORCHARD ONE LLC', parentName: 'Orchard Group, Inc.' },
      { piid: 'D2', amount: '1.00', uei: 'TESTDCHILD02', name: 'ORCHARD TWO LLC', parentName: 'ORCHARD GROUP INC' },
      { piid: 'D3', amount: '1.00', uei: 'TESTDCHILD03', name: 'LONE PINE LLC', parentName: 'MULTIPLE PARENTS' },
      { piid: 'D4', amount: '1.00', uei: 'TESTDCHILD04', name: 'LONE OAK LLC', parentName: 'MULTIPLE PARENTS' },
    ]));
    await resolveEntities(store.db);
    const fams = await store.db.all<{ family_id: string; name: string; members: number }>(`SELECT family_id, name, members FROM entity_families ORDER BY 1`);
    expect(fams).toEqual([
      { family_id: 'parent-orchard-group', name: 'ORCHARD GROUP INC', members: 2 }, // ties go to the alphabetically first spelling
      { family_id: 'uei-testdchild03', name: 'LONE PINE LLC', members: 1 },
      { family_id: 'uei-testdchild04', name: 'LONE OAK LLC', members: 1 },
    ]);
  });

  it('curated families join members by name and identifier: Palantir Technologies Inc. and Palantir USG Inc. are one family', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([
      { piid: 'E1', amount: '1000.00', uei: 'TESTPLTR0001', name: 'PALANTIR TECHNOLOGIES INC.' },
      { piid: 'E2', amount: '2000.00', uei: 'TESTPLTR0002', name: 'PALANTIR USG INC' },
      { piid: 'E3', amount: '3000.00', name: 'Palantir USG, Inc.' },
    ]));
    await resolveEntities(store.db);
    expect(await familyOf(store.db, `name ILIKE 'palantir%'`, [])).toEqual(['palantir']);
    const f = await findCompany(store.db, 'Palantir');
    expect(f).toMatchObject({ familyId: 'palantir', name: 'Palantir Technologies Inc.', basis: 'curated', members: 3 });
    const reasons = (await explainFamily(store.db, 'palantir')).flatMap((m) => m.reasons);
    expect(reasons.every((r) => r.rule === 'curated' && r.sourceUrl?.startsWith('https://'))).toBe(true);
    expect(reasons.every((r) => r.file?.endsWith('families.yaml'))).toBe(true);
  });

  it('a user families file adds families; a parent field that would merge two curated families is refused and recorded', async () => {
    const store = await tempStore();
    const userFile = store.write('my-families.yaml', [
      '- family: Kestrel Group (test)',
      '  id: kestrel',
      '  members:',
      '    - uei: TESTKEST0001',
      '      source: https://example.org/kestrel',
      '    - name_pattern: KESTREL( .*)?',
      '      source: https://example.org/kestrel',
      '',
    ].join('\n'));
    await load(store, 'a.csv', txCsv([
      { piid: 'F1', amount: '5.00', uei: 'TESTKEST0001', name: 'KESTREL SYSTEMS' },
      { piid: 'F2', amount: '5.00', name: 'Kestrel Analytics LLC' },
      // claims a Palantir entity as its parent: the self-reported field must not merge two curated families
      { piid: 'F3', amount: '5.00', uei: 'TESTKEST0003', name: 'KESTREL CLOUD', parentUei: 'TESTPLTR0009', parentName: 'PALANTIR USG INC' },
    ]));
    const r = await resolveEntities(store.db, { familiesFiles: [userFile] });
    expect(r.conflicts).toBe(1);
    expect(await familyOf(store.db, `name ILIKE 'kestrel%'`, [])).toEqual(['kestrel']);
    const conflict = await store.db.one<{ rule: string; detail: string }>(`SELECT rule, detail FROM entity_conflicts`);
    expect(conflict!.rule).toBe('parent_field');
    expect(conflict!.detail).toMatch(/curated families "kestrel" and "palantir"|curated families "palantir" and "kestrel"/);
    // the state remembers the user file
    const state = await store.db.one<{ value: string }>(`SELECT value FROM entity_state WHERE key = 'families_files'`);
    expect(JSON.parse(state!.value)).toEqual([userFile]);
  });

  it('is deterministic: same inputs in another order give the same families', async () => {
    const specs: TxSpec[] = [
      { piid: 'G1', amount: '1.00', uei: 'TESTGPAR0001', name: 'GAMMA PARENT' },
      { piid: 'G2', amount: '1.00', uei: 'TESTGCHD0001', name: 'GAMMA CHILD', parentUei: 'TESTGPAR0001' },
      { piid: 'G3', amount: '1.00', name: 'GAMMA CHILD', state: 'MD' },
      { piid: 'G4', amount: '1.00', uei: 'TESTGOTH0001', name: 'GAMMA CHILDE' },
    ];
    const a = await tempStore();
    await load(a, 'a.csv', txCsv(specs));
    await resolveEntities(a.db);
    const b = await tempStore();
    await load(b, 'b.csv', txCsv([...specs].reverse()));
    await resolveEntities(b.db);
    expect(await familyMap(a.db)).toEqual(await familyMap(b.db));
    const sugg = (db: Database) => db.all(`SELECT suggestion_id, left_key, right_key, score FROM entity_suggestions ORDER BY 1`);
    expect(await sugg(a.db)).toEqual(await sugg(b.db));
    // and resolving again changes nothing
    const before = await a.db.all(`SELECT * FROM entity_membership ORDER BY ALL`);
    await resolveEntities(a.db);
    expect(await a.db.all(`SELECT * FROM entity_membership ORDER BY ALL`)).toEqual(before);
  });
});

describe('suggestions and judgements', () => {
  it('accepting a suggestion merges the two families, and the judgement survives re-ingest and re-resolution', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([
      { piid: 'H1', amount: '100.00', uei: 'TESTHARB0001', name: 'HARBOR LIGHT TECHNOLOGIES LLC' },
      { piid: 'H2', amount: '40.00', name: 'Harbor Light Technologies', state: 'MD' },
      { piid: 'H3', amount: '7.00', uei: 'TESTHARB0002', name: 'HARBOR LIGHT TECHNOLOGY INC' },
    ]));
    await resolveEntities(store.db);
    const suggestions = await store.db.all<{ suggestion_id: string; left_key: string; right_key: string; score: number }>(
      `SELECT suggestion_id, left_key, right_key, score FROM entity_suggestions ORDER BY score DESC, suggestion_id`);
    expect(suggestions.length).toBeGreaterThanOrEqual(2);
    const exact = suggestions.find((s) => s.right_key === 'name:HARBOR LIGHT TECHNOLOGIES|USA|MD')!;
    expect(exact).toMatchObject({ left_key: 'uei:TESTHARB0001', score: 1 });
    const fuzzy = suggestions.find((s) => s.right_key === 'uei:TESTHARB0002')!;
    expect(fuzzy.score).toBeGreaterThan(0.8);
    expect(fuzzy.score).toBeLessThan(1);

    await judgeSuggestions(store.db, 'accept', { ids: [exact.suggestion_id] });
    await judgeSuggestions(store.db, 'reject', { ids: [fuzzy.suggestion_id] });
    await resolveEntities(store.db);
    expect(await familyOf(store.db, `name ILIKE 'harbo%'`, [])).toEqual(['uei-testharb0001', 'uei-testharb0002']);
    const merged = await familyOf(store.db, `recipient_id IN (?, ?)`, ['uei:TESTHARB0001', 'name:HARBOR LIGHT TECHNOLOGIES|USA|MD']);
    expect(merged).toEqual(['uei-testharb0001']);
    const judged = await store.db.all(`SELECT suggestion_id, judgement FROM entity_suggestions ORDER BY 1`);
    expect(judged).toContainEqual({ suggestion_id: fuzzy.suggestion_id, judgement: 'reject' });

    // re-ingest: a newer version of H2 and a new file; judgements stay and apply
    await load(store, 'b.csv', txCsv([
      { piid: 'H2', amount: '45.00', name: 'Harbor Light Technologies', state: 'MD', lastModified: '2024-06-01 00:00:00' },
      { piid: 'H4', amount: '1.00', uei: 'TESTOTHER001', name: 'UNRELATED CO' },
    ]));
    await resolveEntities(store.db);
    expect(await familyOf(store.db, `recipient_id IN (?, ?)`, ['uei:TESTHARB0001', 'name:HARBOR LIGHT TECHNOLOGIES|USA|MD'])).toEqual(['uei-testharb0001']);
    expect(await familyOf(store.db, `recipient_id = ?`, ['uei:TESTHARB0002'])).toEqual(['uei-testharb0002']);
    const again = await store.db.one<{ judgement: string }>(`SELECT judgement FROM entity_suggestions WHERE suggestion_id = ?`, [fuzzy.suggestion_id]);
    expect(again!.judgement).toBe('reject');
    const membership = await explainFamily(store.db, 'uei-testharb0001');
    expect(membership.flatMap((m) => m.reasons.map((r) => r.rule))).toContain('judgement');
  });

  it('refuses unknown suggestion ids', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([{ piid: 'J1', amount: '1.00', uei: 'TESTJJJJ0001', name: 'JAY CO' }]));
    await resolveEntities(store.db);
    await expectRejects(() => judgeSuggestions(store.db, 'accept', { ids: ['Sdeadbeef00'] }), NotFoundError);
  });
});

describe('company lookup', () => {
  it('finds families by alias, member name, UEI and id; unknown names get the closest matches', async () => {
    const store = await tempStore();
    await load(store, 'a.csv', txCsv([
      { piid: 'K1', amount: '1.00', uei: 'TESTAWS00001', name: 'AMAZON WEB SERVICES, INC.' },
      { piid: 'K2', amount: '1.00', uei: 'TESTMAPL0001', name: 'MAPLE RIDGE CONSULTING LLC' },
    ]));
    await resolveEntities(store.db);
    expect((await findCompany(store.db, 'AWS')).familyId).toBe('amazon');
    expect((await findCompany(store.db, 'amazon web services inc')).familyId).toBe('amazon');
    expect((await findCompany(store.db, 'TESTMAPL0001')).familyId).toBe('uei-testmapl0001');
    expect((await findCompany(store.db, 'Maple Ridge')).familyId).toBe('uei-testmapl0001');
    const err = await expectRejects(() => findCompany(store.db, 'Amazn'), NotFoundError);
    expect(err.suggestions[0]).toBe('Amazon.com, Inc. [amazon]');
  });
});
