import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWatchList, parseWatchList } from '../../src/analysis/watchList.js';
import { BadInputError } from '../../src/errors.js';

function refused(text: string): BadInputError {
  try {
    parseWatchList(text, 'watch.yaml');
  } catch (error) {
    if (error instanceof BadInputError) return error;
    throw error;
  }
  throw new Error('expected the watch list to be refused');
}

describe('watch lists', () => {
  it('reads the three lists with their lines, keeps codes as text and drops repeats', () => {
    const list = parseWatchList(
      ['agencies:', '  - ICE', '  - 7012', 'companies: [Palantir, Amazon, palantir]', 'keywords:', '  - "  facial   recognition "'].join('\n'),
      'watch.yaml',
    );
    expect(list.agencies).toEqual([
      { name: 'ICE', line: 2 },
      { name: '7012', line: 3 },
    ]);
    expect(list.companies.map((c) => c.name)).toEqual(['Palantir', 'Amazon']);
    expect(list.companies[0]?.line).toBe(4);
    expect(list.keywords).toEqual([{ name: 'facial recognition', line: 6 }]);
  });

  it('accepts an empty file and empty keys', () => {
    expect(parseWatchList('', 'w.yaml')).toMatchObject({ agencies: [], companies: [], keywords: [] });
    expect(parseWatchList('companies:\n', 'w.yaml').companies).toEqual([]);
  });

  it('names file, line and field for each kind of mistake', () => {
    expect(refused('companies: [A]\ncompanys: [B]\n').message).toBe('watch.yaml line 2, field companys: unknown key; expected one of agencies, companies, keywords');
    expect(refused('companies: Palantir\n').message).toMatch(/^watch\.yaml line 1, field companies: must be a list/);
    expect(refused('agencies:\n  - ICE\n  - {a: 1}\n').message).toMatch(/^watch\.yaml line 3, field agencies: each entry must be a plain name/);
    expect(refused('keywords:\n  - ""\n').message).toMatch(/line 2, field keywords: empty entry/);
    expect(refused('companies:\n  - "Pal\u202Eantir"\n').message).toMatch(/line 2, field companies: entry contains control/);
    expect(refused(`companies:\n  - ${'x'.repeat(301)}\n`).message).toMatch(/301 characters/);
    expect(refused('- ICE\n').message).toMatch(/line 1: a watch list is a map/);
    expect(refused('companies: [A\n').message).toMatch(/^watch\.yaml line \d+: not valid YAML/);
    expect(refused('companies: [A]\ncompanies: [B]\n').message).toMatch(/not valid YAML/);
  });

  it('refuses files that are missing, not UTF-8 or too large', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-watch-'));
    await expect(loadWatchList(join(dir, 'none.yaml'))).rejects.toThrow(/none\.yaml: no such file/);
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x63, 0x3a, 0x20, 0xe9, 0x0a]));
    await expect(loadWatchList(join(dir, 'latin1.yaml'))).rejects.toThrow(/not UTF-8/);
    writeFileSync(join(dir, 'big.yaml'), 'keywords:\n' + '  - a\n'.repeat(200_000));
    await expect(loadWatchList(join(dir, 'big.yaml'))).rejects.toThrow(/at most 1000000/);
    writeFileSync(join(dir, 'ok.yaml'), '\uFEFFcompanies: [Palantir]\n');
    expect((await loadWatchList(join(dir, 'ok.yaml'))).companies).toEqual([{ name: 'Palantir', line: 1 }]);
  });
});
