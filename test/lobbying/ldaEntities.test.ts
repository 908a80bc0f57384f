import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { ldaEntityCrosswalk, parseLdaEntities } from '../../src/lobbying/ldaEntities.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../support/realData.js';

/** The official agency list, read by the test's own code: code → [name, toptier]. */
function officialCodes(): { toptier: Map<string, string>; subtier: Map<string, { name: string; parent: string }> } {
  const lines = readFileSync(realFile('data-act-broker', 'agency_codes.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
  const toptier = new Map<string, string>();
  const subtier = new Map<string, { name: string; parent: string }>();
  const parse = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted) { if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c; }
      else if (c === '"') quoted = true;
      else if (c === ',') { out.push(cur); cur = ''; }
      else cur += c;
    }
    out.push(cur);
    return out;
  };
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const f = parse(line);
    const code = f[12] === 'TRUE' ? f[3]! : f[0]!;
    if (f[11] === 'TRUE' && !toptier.has(code)) toptier.set(code, f[1]!);
    if (!subtier.has(f[6]!)) subtier.set(f[6]!, { name: f[7]!, parent: code });
  }
  return { toptier, subtier };
}

describe('LDA government entity crosswalk (data/lda-entities.yaml)', () => {
  it('maps the DHS entities and keeps Congress as Congress', () => {
    const { byId } = ldaEntityCrosswalk();
    expect(byId.get(251)).toMatchObject({ level: 'subtier', code: '7012', parent: '070' });
    expect(byId.get(184)).toMatchObject({ level: 'subtier', code: '7014', parent: '070' });
    expect(byId.get(201)).toMatchObject({ level: 'toptier', code: '070' });
    expect(byId.get(204)).toMatchObject({ code: '7013' });
    expect(byId.get(171)).toMatchObject({ code: '7008' });
    expect(byId.get(56)).toMatchObject({ code: '7022' });
    expect(byId.get(1)).toMatchObject({ kind: 'congress', name: 'SENATE' });
    expect(byId.get(2)).toMatchObject({ kind: 'congress', name: 'HOUSE OF REPRESENTATIVES' });
    expect(byId.get(195)).toMatchObject({ kind: 'placeholder' });
    for (const row of byId.values()) expect(row.source, String(row.id)).toMatch(/^https:\/\//);
  });

  it('refuses a row without a source, naming the line', () => {
    const text = 'version: 1\nentities:\n  - { id: 1, name: SENATE, kind: congress, source: https://x }\n  - { id: 2, name: HOUSE, kind: congress }\n';
    expect(() => parseLdaEntities(text, 'x.yaml')).toThrow(BadInputError);
    expect(() => parseLdaEntities(text, 'x.yaml')).toThrow(/x\.yaml line 4, field source/);
  });

  describe.skipIf(!hasRealData)('against the real lists', () => {
    if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});
    it('lists every LDA entity exactly as the LDA names it', () => {
      const lda = JSON.parse(readFileSync(realFile('senate-lda', 'constants_filing_governmententities.json'), 'utf8')) as Array<{ id: number; name: string }>;
      const { rows } = ldaEntityCrosswalk();
      expect(rows.map((r) => [r.id, r.name]).sort((a, b) => Number(a[0]) - Number(b[0])))
        .toEqual(lda.map((e) => [e.id, e.name]).sort((a, b) => Number(a[0]) - Number(b[0])));
    });
    it('gives only codes the official agency list has, with its names and parents', () => {
      const { toptier, subtier } = officialCodes();
      const { rows } = ldaEntityCrosswalk();
      const coded = rows.filter((r) => r.code);
      expect(coded.length).toBeGreaterThan(190);
      for (const r of coded) {
        if (r.level === 'toptier') expect(toptier.get(r.code!), `${r.id} ${r.name}`).toBe(r.agency);
        else expect(subtier.get(r.code!), `${r.id} ${r.name}`).toEqual({ name: r.agency, parent: r.parent });
      }
    });
  });
});
