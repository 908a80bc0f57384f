import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError, NotFoundError } from '../../src/errors.js';
import {
  BUILTIN_FAMILIES_PATH,
  checkFamilies,
  loadAllFamilies,
  loadFamiliesFile,
  parseFamilies,
} from '../../src/entities/familiesFile.js';

const GOOD = `# a comment
- family: Example Holdings plc
  id: example
  aliases: [Example]
  members:
    - name: Example Federal Services, L.L.C.
      uei: abcdefghjk12
      duns: "012345678"
      source: https://example.org/exhibit21
      note: seen in filings
    - name_pattern: EXAMPLE( .*)?
      source: https://example.org/about
`;

/** The BadInputError a parse throws (fails the test when none is thrown). */
function parseError(text: string): BadInputError {
  try {
    parseFamilies(text, 'fam.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return err as BadInputError;
  }
  throw new Error('expected parseFamilies to throw');
}

describe('parseFamilies', () => {
  it('normalizes a valid file into strict types', () => {
    const [f] = parseFamilies(GOOD, 'fam.yaml');
    expect(f).toMatchObject({ id: 'example', family: 'Example Holdings plc', aliases: ['Example'], file: 'fam.yaml', line: 2 });
    expect(f!.members[0]).toMatchObject({
      name: 'EXAMPLE FEDERAL SERVICES',
      uei: 'ABCDEFGHJK12',
      duns: '012345678',
      source: 'https://example.org/exhibit21',
      note: 'seen in filings',
      label: 'Example Federal Services, L.L.C.',
      line: 6,
    });
    const pattern = f!.members[1]!.namePattern!;
    expect(pattern.test('EXAMPLE')).toBe(true);
    expect(pattern.test('EXAMPLE WIDGETS')).toBe(true);
    expect(pattern.test('NOT EXAMPLE')).toBe(false); // anchored at the start
    expect(pattern.test('EXAMPLES')).toBe(false); // and at the end
  });

  it('keeps leading zeros of an unquoted DUNS (failsafe schema: scalars stay text)', () => {
    const text = GOOD.replace('duns: "012345678"', 'duns: 012345678');
    expect(parseFamilies(text, 'fam.yaml')[0]!.members[0]!.duns).toBe('012345678');
  });

  it.each([
    ['missing source', GOOD.replace('      source: https://example.org/exhibit21\n', ''), 6, 'members[0].source', /no source/],
    ['empty source', GOOD.replace('source: https://example.org/exhibit21', 'source:'), 9, 'members[0].source', /empty/],
    ['invalid URL', GOOD.replace('https://example.org/exhibit21', 'example.org/exhibit21'), 9, 'members[0].source', /not an http\(s\) URL/],
    ['non-web URL', GOOD.replace('https://example.org/exhibit21', 'ftp://example.org/x'), 9, 'members[0].source', /not an http\(s\) URL/],
    ['bad regex', GOOD.replace('EXAMPLE( .*)?', 'EXAMPLE( .*'), 11, 'members[1].name_pattern', /not a valid regular expression/],
    ['pattern matching everything', GOOD.replace('EXAMPLE( .*)?', '.*'), 11, 'members[1].name_pattern', /matches an empty name/],
    ['lowercase pattern', GOOD.replace('EXAMPLE( .*)?', 'example'), 11, 'members[1].name_pattern', /lowercase/],
    ['member matched by nothing', GOOD.replace('    - name_pattern: EXAMPLE( .*)?\n', '    - note: orphan\n'), 11, 'members[1]', /matched by nothing/],
    ['unknown member key', GOOD.replace('note: seen in filings', 'notes: seen in filings'), 10, 'members[0].notes', /unknown key "notes"/],
    ['unknown family key', GOOD.replace('aliases: [Example]', 'alias: [Example]'), 4, 'family.alias', /unknown key "alias"/],
    ['bad UEI', GOOD.replace('abcdefghjk12', 'ABC123'), 7, 'members[0].uei', /12 letters or digits/],
    ['bad DUNS', GOOD.replace('"012345678"', '"6928857"'), 8, 'members[0].duns', /9 digits/],
    ['bad id', GOOD.replace('id: example', 'id: Example Co'), 3, 'id', /lowercase slug/],
    ['no members', GOOD.slice(0, GOOD.indexOf('  members:')) + '  members: []\n', 5, 'members', /non-empty list of members/],
    ['name that normalizes to nothing', GOOD.replace('name: Example Federal Services, L.L.C.', 'name: "., -"'), 6, 'members[0].name', /empty once normalized/],
  ])('rejects %s with file, line and field', (_what, text, line, field, reason) => {
    const err = parseError(text);
    expect(err.where).toEqual({ file: 'fam.yaml', line, field });
    expect(err.reason).toMatch(reason);
    expect(err.message).toContain(`fam.yaml line ${line}, field ${field}`);
  });

  it('rejects duplicate family ids, naming the first definition', () => {
    const second = GOOD.replace('# a comment\n', '').replace(/name: Example Federal.*\n/, 'name: Other\n').replace(/      uei: .*\n      duns: .*\n/, '');
    const err = parseError(GOOD + second);
    expect(err.where).toEqual({ file: 'fam.yaml', line: 13, field: 'id' });
    expect(err.reason).toBe('duplicate family id "example" (first defined at fam.yaml line 2)');
  });

  it('rejects a UEI claimed by two families', () => {
    const other = `- family: Other
  id: other
  members:
    - uei: ABCDEFGHJK12
      source: https://example.org/other
`;
    const err = parseError(GOOD + other);
    expect(err.where).toEqual({ file: 'fam.yaml', line: 16, field: 'uei' });
    expect(err.reason).toMatch(/ABCDEFGHJK12 is already claimed by family "example" at fam.yaml line 6/);
  });

  it('rejects YAML syntax errors, duplicate keys and aliases with a line', () => {
    expect(parseError('- family: x\n  id: x\n\tmembers: []\n').where.line).toBe(3);
    expect(parseError(GOOD.replace('  id: example\n', '  id: example\n  id: again\n')).where.line).toBe(4);
    const withAlias = GOOD.replace('source: https://example.org/about', 'source: *missing');
    expect(parseError(withAlias).where.file).toBe('fam.yaml');
  });

  it('rejects files that are empty or not a list', () => {
    expect(parseError('').reason).toMatch(/holds no families/);
    expect(parseError('# only a comment\n').reason).toMatch(/holds no families/);
    expect(parseError('family: x\n').reason).toMatch(/list of families/);
  });

  it('checkFamilies finds conflicts across files', () => {
    const a = parseFamilies(GOOD, 'a.yaml');
    const b = parseFamilies(GOOD.replace('id: example', 'id: example-two').replace(/      uei: .*\n/, '').replace(/      duns: .*\n/, ''), 'b.yaml');
    expect(() => checkFamilies([...a, ...b])).toThrow(/name EXAMPLE FEDERAL SERVICES is already claimed by family "example" at a.yaml line 6/);
  });
});

describe('loading files', () => {
  it('resolves the built-in file from the package root', () => {
    expect(BUILTIN_FAMILIES_PATH.endsWith(join('data', 'families.yaml'))).toBe(true);
    expect(existsSync(BUILTIN_FAMILIES_PATH)).toBe(true);
  });

  it('reports a missing file as not found', async () => {
    await expect(loadFamiliesFile('/nonexistent/families.yaml')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('loads user files together with the built-in one and refuses clashes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whosbehind-families-'));
    const ok = join(dir, 'ok.yaml');
    writeFileSync(ok, GOOD);
    const all = await loadAllFamilies([ok]);
    expect(all.at(-1)!.id).toBe('example');
    const clash = join(dir, 'clash.yaml');
    writeFileSync(clash, GOOD.replace('id: example', 'id: amazon'));
    await expect(loadAllFamilies([clash])).rejects.toThrow(/duplicate family id "amazon"/);
  });
});
