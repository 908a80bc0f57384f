/** The in-memory search index: tokens, every-word matching, prefix on the last word, ranking, type filter. */
import { describe, expect, it } from 'vitest';
import { SearchIndex, tokenize } from '../../src/web/searchIndex.js';

async function index(): Promise<SearchIndex> {
  const ix = new SearchIndex();
  ix.add({ type: 'company', id: 'palantir', label: 'Palantir Technologies Inc.', detail: '', amount: '73677408.78' }, ['Palantir Technologies Inc.', 'PALANTIR USG INC'], []);
  ix.add({ type: 'award', id: 'CONT_AWD_A_7012', label: 'A', detail: '', amount: '100.00' }, ['CONT_AWD_A_7012', 'PALANTIR TECHNOLOGIES INC.'], ['FALCON OPERATIONS FOR PALANTIR GOVERNMENT']);
  ix.add({ type: 'award', id: 'CONT_AWD_B_7012', label: 'B', detail: '', amount: '5000000.00' }, ['CONT_AWD_B_7012', 'FOUR POINTS TECHNOLOGY'], ['AMAZON WEB SERVICES (AWS) CLOUD HOSTING']);
  ix.add({ type: 'award', id: 'CONT_AWD_C_7012', label: 'C', detail: '', amount: '10.00' }, ['CONT_AWD_C_7012', 'IRON WORKS'], ['WELDING BY AWS CERTIFIED WELDERS']);
  ix.add({ type: 'agency', id: '7012', label: 'U.S. Immigration and Customs Enforcement', detail: '', amount: null }, ['U.S. Immigration and Customs Enforcement', 'ICE', '7012'], []);
  await ix.finish();
  return ix;
}

describe('search index', () => {
  it('tokenises to lower-case words, folding accents and keeping codes whole', () => {
    expect(tokenize('Société GÉNÉRALE, 70CTD022FR0000170 (O&M)')).toEqual(['societe', 'generale', '70ctd022fr0000170', 'o', 'm']);
  });

  it('ranks the family named by the query above awards that mention it', async () => {
    expect((await index()).search('palantir').hits.map((h) => h.id)).toEqual(['palantir', 'CONT_AWD_A_7012']);
  });

  it('needs every word; the last word matches as a prefix unless followed by a space', async () => {
    const ix = await index();
    expect(ix.search('aws cloud').hits.map((h) => h.id)).toEqual(['CONT_AWD_B_7012']);
    expect(ix.search('aws weld').hits.map((h) => h.id)).toEqual(['CONT_AWD_C_7012']);
    expect(ix.search('palan').hits.map((h) => h.id)).toEqual(['palantir', 'CONT_AWD_A_7012']);
    expect(ix.search('palan ').total).toBe(0);
    expect(ix.search('aws nothing').total).toBe(0);
  });

  it('finds agencies by abbreviation and code, filters by type, pages with offset', async () => {
    const ix = await index();
    expect(ix.search('ice').hits[0]).toMatchObject({ type: 'agency', id: '7012', matched: ['name'] });
    expect(ix.search('7012').hits[0]!.type).toBe('agency');
    expect(ix.search('aws', { types: ['award'] }).hits.map((h) => h.matched)).toEqual([['text'], ['text']]);
    expect(ix.search('aws', { types: ['company'] }).total).toBe(0);
    const all = ix.search('aws').hits.map((h) => h.id);
    expect(ix.search('aws', { limit: 1, offset: 1 }).hits.map((h) => h.id)).toEqual([all[1]]);
  });

  it('empty or punctuation-only queries find nothing', async () => {
    expect((await index()).search('  ').total).toBe(0);
    expect((await index()).search('"<>"').total).toBe(0);
  });
});
