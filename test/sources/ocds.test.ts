import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/errors.js';
import { exactAmount } from '../../src/sources/ocds/amount.js';
import { compileReleases, type JsonObject } from '../../src/sources/ocds/merge.js';
import { readOcds } from '../../src/sources/ocds/readOcds.js';
import { cents, formatCents } from '../support/money.js';
import { hasRealData, realFile } from '../support/realData.js';

const OCDS = realFile('ocds-sample-data');
const files = (dir: string): string[] => readdirSync(join(OCDS, dir)).sort().map((f) => join(OCDS, dir, f));
const text = (path: string): string => readFileSync(path, 'utf8');
const FICTIONAL_PACKAGE = join(OCDS, 'fictional-example-1.1', 'ocds-213czf-000-00001.json');
const FICTIONAL_RECORD = join(OCDS, 'fictional-example-1.1', 'record-ocds-213czf-000-00001.json');

function refused(body: string, name = 'bad.json'): BadInputError {
  try {
    readOcds(body, name);
  } catch (e) {
    expect(e).toBeInstanceOf(BadInputError);
    return e as BadInputError;
  }
  throw new Error('expected the file to be refused');
}

describe.skipIf(!hasRealData)('OCDS reader on the real samples', () => {
  it('NSW (Australia) 1.0 release packages: 10 tender processes, buyers of AU, no amounts in these samples', () => {
    const processes = files('australia-nsw-release-packages').flatMap((f) => {
      const r = readOcds(text(f), f);
      expect(r.form).toBe('release package');
      expect(r.fictional).toBe(false);
      return r.processes;
    });
    expect(processes).toHaveLength(10);
    for (const p of processes) {
      expect(p.version).toBe('1.0');
      expect(p.publisher).toMatchObject({ name: 'NSW office of Procurement - eTendering', country: 'AU' });
      expect(p.ocid).toMatch(/^ocds-43qwtd-RFT-/);
      expect(p.awards).toEqual([]);
      expect(p.contracts).toEqual([]);
      // The buyer is a name only; its contact point (a person's name, phone, e-mail) is never read.
      const buyer = p.parties.find((x) => x.partyId === p.buyer)!;
      expect(buyer.roles).toEqual(['buyer']);
      expect(JSON.stringify(p)).not.toMatch(/@|contactPoint|telephone/);
    }
    expect(new Set(processes.map((p) => p.buyer))).toContain('Roads and Maritime Services');
  });

  it('Mexico APF single releases with packageInfo: MXN contracts, MX-RFC suppliers, amounts equal an independent sum of the raw JSON', () => {
    let expected = 0n;
    let got = 0n;
    for (const f of files('mexico-apf-records')) {
      const raw = JSON.parse(text(f)) as { contracts: Array<{ valueWithTax?: { amount: number; currency: string } }> };
      for (const c of raw.contracts) expected += cents(String(c.valueWithTax!.amount));
      const r = readOcds(text(f), f);
      expect(r.form).toBe('release (packageInfo wrapping)');
      const [p] = r.processes;
      expect(p!.publisher.country).toBe('MX');
      for (const c of p!.contracts) {
        expect(c.value).toMatchObject({ currency: 'MXN', field: 'valueWithTax' });
        got += cents(c.value!.amount);
        for (const s of c.suppliers) expect(p!.parties.find((x) => x.partyId === s)!.scheme).toBe('MX-RFC');
        expect(p!.parties.find((x) => x.partyId === c.buyer)!.scheme).toBe('MX-CPA');
      }
    }
    expect(formatCents(got)).toBe(formatCents(expected));
  });

  it('the fictional 1.1 example (labelled fictional): compiling its 6 releases gives OCP\'s own compiledRelease, field for field', () => {
    const pkg = JSON.parse(text(FICTIONAL_PACKAGE)) as { releases: JsonObject[] };
    const record = JSON.parse(text(FICTIONAL_RECORD)) as { records: Array<{ compiledRelease: JsonObject }> };
    const compiled = compileReleases(pkg.releases.map((release, order) => ({ release, order })));
    expect(compiled).toEqual(record.records[0]!.compiledRelease);

    const fromReleases = readOcds(text(FICTIONAL_PACKAGE), 'pkg.json');
    const fromRecord = readOcds(text(FICTIONAL_RECORD), 'rec.json');
    expect(fromReleases.fictional && fromRecord.fictional).toBe(true);
    expect(fromRecord.form).toBe('record package');
    const [a] = fromReleases.processes, [b] = fromRecord.processes;
    expect(a!.compiledFrom).toBe('releases');
    expect(b!.compiledFrom).toBe('compiledRelease');
    expect(a!.releaseCount).toBe(6);
    const strip = (p: typeof a) => ({ ...p!, compiledFrom: 0, releaseIds: 0, releaseCount: 0, pointer: 0, awards: p!.awards.map((x) => ({ ...x, pointer: 0 })), contracts: p!.contracts.map((x) => ({ ...x, pointer: 0 })) });
    expect(strip(a)).toEqual(strip(b));
    expect(a!.awards).toEqual([expect.objectContaining({ value: { amount: '11000000', currency: 'GBP', field: 'value' }, suppliers: ['GB-COH-11111111'], status: 'active' })]);
    expect(a!.parties.find((p) => p.partyId === 'GB-COH-11111111')).toMatchObject({ scheme: 'GB-COH', identifier: '11111111.0', roles: ['supplier'] });
    expect(a!.publisher).toMatchObject({ country: 'GB', countryBasis: 'buyer identifier scheme GB-LAC' });
  });

  it('JSON Lines of releases: one process per ocid, releases of one ocid compiled across lines', () => {
    const releases = (JSON.parse(text(FICTIONAL_PACKAGE)) as { releases: JsonObject[] }).releases;
    const nsw = files('australia-nsw-release-packages').map((f) => (JSON.parse(text(f)) as { releases: JsonObject[] }).releases[0]!);
    const lines = [...releases.slice().reverse(), ...nsw].map((r) => JSON.stringify(r)).join('\n');
    const r = readOcds(lines, 'lines.jsonl');
    expect(r.form).toBe('release lines');
    expect(r.processes).toHaveLength(11);
    const barnet = r.processes.find((p) => p.ocid === 'ocds-213czf-000-00001')!;
    expect(barnet.releaseCount).toBe(6);
    expect(barnet.date).toBe('2011-01-10T09:30:00Z'); // the latest release wins, whatever the line order
    expect(barnet.contracts[0]!.value).toEqual({ amount: '11000000', currency: 'GBP', field: 'value' });
  });
});

describe.skipIf(!hasRealData)('bad OCDS is refused with the JSON pointer', () => {
  const pkg = (): { releases: JsonObject[] } & JsonObject => JSON.parse(text(FICTIONAL_PACKAGE));

  it('a release without ocid', () => {
    const p = pkg();
    delete p.releases[2]!['ocid'];
    const e = refused(JSON.stringify(p));
    expect(e.where.field).toBe('/releases/2/ocid');
    expect(e.reason).toMatch(/release without ocid/);
  });

  it('a value without currency', () => {
    const p = pkg();
    delete ((p.releases[3]!['awards'] as JsonObject[])[0]!['value'] as JsonObject)['currency'];
    const e = refused(JSON.stringify(p));
    expect(e.where.field).toBe('/releases/3/awards/0/value/currency');
    expect(e.reason).toMatch(/value without currency/);
  });

  it('a release without a date', () => {
    const p = pkg();
    delete p.releases[0]!['date'];
    expect(refused(JSON.stringify(p)).where.field).toBe('/releases/0/date');
  });

  it('broken JSON: the line where it breaks', () => {
    const body = text(FICTIONAL_PACKAGE);
    const e = refused(body.slice(0, body.length / 2));
    expect(e.where.line).toBeGreaterThan(100);
    expect(e.reason).toMatch(/not valid JSON/);
  });
});

describe('exact OCDS amounts', () => {
  it.each([
    [11000000, '11000000'], [10387.8, '10387.8'], [885888.61, '885888.61'], [-12.5, '-12.5'], ['10440.00', '10440'], [0.1, '0.1'],
  ])('%j → %s', (v, want) => {
    expect(exactAmount(v, 'f', '/x')).toBe(want);
  });
  it.each([[1.005], [1e21], ['1,000'], [12345678901234567], [null]])('%j is refused, never rounded', (v) => {
    expect(() => exactAmount(v, 'f', '/x')).toThrow(BadInputError);
  });
});

describe('OCDS merge rules', () => {
  it('objects merge by field, id-arrays by id (omitted items kept), other arrays replaced, null removes', () => {
    const c = compileReleases([
      { order: 0, release: { ocid: 'o', date: '2020-01-01T00:00:00Z', tag: ['tender'], tender: { title: 'A', status: 'active', items: [{ id: 1, q: 1 }, { id: 2, q: 2 }] }, x: ['a', 'b'] } },
      { order: 1, release: { ocid: 'o', date: '2020-02-01T00:00:00Z', tag: ['tenderUpdate'], tender: { status: 'complete', title: null, items: [{ id: 2, q: 5 }] }, x: ['c'] } },
    ]);
    expect(c).toEqual({
      ocid: 'o', id: 'o-2020-02-01T00:00:00Z', date: '2020-02-01T00:00:00Z', tag: ['compiled'],
      tender: { status: 'complete', items: [{ id: 1, q: 1 }, { id: 2, q: 5 }] }, x: ['c'],
    });
  });
});
