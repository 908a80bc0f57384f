import { describe, expect, it } from 'vitest';
import { companyAnswer } from '../../src/analysis/companyAnswer.js';
import { answerContext } from '../../src/analysis/answer.js';
import { renderCompany } from '../../src/cli/companyCommand.js';
import { explainFamily, findCompany } from '../../src/entities/companies.js';
import { judgeSuggestions } from '../../src/entities/judgements.js';
import { resolveEntities } from '../../src/entities/resolve.js';
import { ingest } from '../../src/ingest.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';
import { tempStore } from '../support/tempStore.js';

describe.skipIf(!hasRealData)('Exhibit 21 ownership evidence (real Lockheed Martin exhibit + asof fixture)', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('Sikorsky: parent field and Exhibit 21 listing, suggested first, evidence once accepted, never merged silently', async () => {
    const store = await tempStore();
    await ingest(store.db, { paths: [realFile('asof-fixture', 'usaspending_transactions_lmt.csv'), realFile('sec-exhibit21', 'lmt_ex21q42025_sec_ex21_lmt_real.htm')] });
    await resolveEntities(store.db);
    const lmt = await findCompany(store.db, 'Lockheed Martin');
    const sikorsky = () => explainFamily(store.db, lmt.familyId).then((ms) => ms.find((m) => /SIKORSKY AIRCRAFT/i.test(m.name))!);
    let m = await sikorsky();
    expect(m.reasons.map((r) => r.rule)).toContain('parent_field');
    const suggested = m.reasons.find((r) => r.rule === 'exhibit21 (suggested)')!;
    expect(suggested.detail).toMatch(/listed as "Sikorsky Aircraft Corporation" \(Delaware\) in the Exhibit 21 of Lockheed Martin Corporation; name match not yet judged: `whosbehind entities accept (S[0-9a-f]{10})`/);
    expect(suggested.file).toMatch(/lmt_ex21q42025_sec_ex21_lmt_real\.htm$/);
    expect(suggested.line).toBe(10);
    const id = /entities accept (S[0-9a-f]{10})/.exec(suggested.detail)![1]!;
    const open = await store.db.one<Record<string, unknown>>(`SELECT algorithm, score, judgement FROM entity_suggestions WHERE suggestion_id = ?`, [id]);
    expect(open).toEqual({ algorithm: 'exhibit21-name-v1', score: 1, judgement: null });
    await judgeSuggestions(store.db, 'accept', { ids: [id] });
    await resolveEntities(store.db);
    m = await sikorsky();
    expect(m.reasons.map((r) => r.rule).sort()).toEqual(expect.arrayContaining(['exhibit21', 'parent_field']));
    expect(m.reasons.find((r) => r.rule === 'exhibit21')!.detail).toMatch(/match accepted/);
    const ctx = await answerContext(store.db, 'test');
    const c = await companyAnswer(store.db, lmt, ctx, { agencyBasis: 'awarding' });
    const text = renderCompany(c, false);
    expect(text).toMatch(/SIKORSKY AIRCRAFT[\s\S]*parent_field[\s\S]*exhibit21: listed as "Sikorsky Aircraft Corporation" \(Delaware\) in the Exhibit 21 of Lockheed Martin Corporation/);
    // a rejected match disappears from the evidence
    await judgeSuggestions(store.db, 'reject', { ids: [id] });
    await resolveEntities(store.db);
    expect((await sikorsky()).reasons.some((r) => r.rule.startsWith('exhibit21'))).toBe(false);
  });
});
