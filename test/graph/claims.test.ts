import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError, InternalError, NotFoundError } from '../../src/errors.js';
import {
  CLAIM_KINDS,
  UnknownClaimEntityError,
  detectClaimsFormat,
  loadClaimsFile,
  parseClaims,
  resolveClaims,
  type ClaimEntityRef,
  type ClaimResolver,
  type ClaimRow,
} from '../../src/graph/claims.js';

const SRC = 'https://example.org/report';

/** A fake of the graph's lookups: exact names per type; misses throw NotFoundError with suggestions. */
function fakeResolver(opts: { withOfferings?: boolean; throwing?: boolean } = {}): ClaimResolver & { calls: string[] } {
  const companies: Record<string, ClaimEntityRef> = {
    'Palantir Technologies Inc.': { id: 'palantir', name: 'Palantir Technologies Inc.' },
    Palantir: { id: 'palantir', name: 'Palantir Technologies Inc.' },
    'Amazon Web Services': { id: 'amazon', name: 'Amazon.com, Inc.' },
    'Four Points Technology': { id: 'four-points', name: 'FOUR POINTS TECHNOLOGY, L.L.C.' },
    Acme: { id: 'acme', name: 'Acme Corp' },
  };
  const agencies: Record<string, ClaimEntityRef> = {
    ICE: { id: 'subtier:7012', name: 'U.S. Immigration and Customs Enforcement' },
    Acme: { id: 'office:ACME', name: 'Acme Office' },
  };
  const offerings: Record<string, ClaimEntityRef> = {
    'AWS GovCloud': { id: 'F1603047866', name: 'AWS GovCloud' },
    'Palantir Federal Cloud Service - High': { id: 'FR2434554673', name: 'Palantir Federal Cloud Service - High' },
  };
  const calls: string[] = [];
  const make = (type: string, table: Record<string, ClaimEntityRef>, near: string[]) => (name: string) => {
    calls.push(`${type}:${name}`);
    const hit = table[name];
    if (hit) return hit;
    if (opts.throwing) throw new NotFoundError(`no ${type} matches "${name}"`, near);
    return undefined;
  };
  const resolver: ClaimResolver & { calls: string[] } = {
    calls,
    company: make('company', companies, ['Palantir Technologies Inc. [palantir]', 'Amazon.com, Inc. [amazon]']),
    // async, as a database-backed lookup would be
    agency: async (name) => make('agency', agencies, ['U.S. Immigration and Customs Enforcement (7012)'])(name),
  };
  if (opts.withOfferings ?? true) resolver.offering = make('offering', offerings, ['AWS GovCloud']);
  return resolver;
}

function parseError(text: string, file = 'claims.yaml'): BadInputError {
  try {
    parseClaims(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return err as BadInputError;
  }
  throw new Error('expected parseClaims to throw');
}

async function resolveError(rows: ClaimRow[], resolver: ClaimResolver): Promise<BadInputError> {
  try {
    await resolveClaims(rows, resolver);
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return err as BadInputError;
  }
  throw new Error('expected resolveClaims to throw');
}

const GOOD_YAML = `# two claims
- from: Palantir Federal Cloud Service - High
  from_type: offering
  to: AWS GovCloud
  to_type: offering
  kind: hosted_on
  source: https://marketplace.fedramp.gov/products/FR2434554673
  date: 2026-04-28

- from: Four Points Technology
  to: Amazon Web Services
  kind: resells
  source: ${SRC}
  quote: "resells \\"AWS\\" services"
  date: 2023-10
  note: >-
    folded
    note
`;

const GOOD_CSV =
  '\uFEFFfrom,to,kind,source,quote,date,note,from_type,to_type\r\n' +
  `Palantir,ICE,supplies,${SRC},"case management, ""ICM"" software",2018,,company,agency\r\n` +
  `Four Points Technology,Amazon Web Services,resells,${SRC}/2,"a quote\r\nover two lines",2023-10-05,a note,,\r\n` +
  '\r\n' +
  `Acme,ICE,other,${SRC}/3,,,,company,\r\n`;

describe('parseClaims: good files', () => {
  it('reads YAML with every field, keeping text as text', () => {
    const rows = parseClaims(GOOD_YAML, 'claims.yaml');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      from: 'Palantir Federal Cloud Service - High',
      fromType: 'offering',
      to: 'AWS GovCloud',
      toType: 'offering',
      kind: 'hosted_on',
      source: 'https://marketplace.fedramp.gov/products/FR2434554673',
      date: '2026-04-28',
      file: 'claims.yaml',
      line: 2,
      fieldLines: { from: 2, from_type: 3, to: 4, to_type: 5, kind: 6, source: 7, date: 8 },
    });
    expect(rows[1]).toMatchObject({
      from: 'Four Points Technology',
      to: 'Amazon Web Services',
      kind: 'resells',
      quote: 'resells "AWS" services',
      date: '2023-10',
      note: 'folded note',
      line: 10,
    });
    expect(rows[1]!.fromType).toBeUndefined();
  });

  it('reads CSV with BOM, CRLF, quoted commas, doubled quotes, line breaks in quotes and blank lines', () => {
    const rows = parseClaims(GOOD_CSV, 'claims.csv');
    expect(rows.map((r) => [r.from, r.to, r.kind, r.line])).toEqual([
      ['Palantir', 'ICE', 'supplies', 2],
      ['Four Points Technology', 'Amazon Web Services', 'resells', 3],
      ['Acme', 'ICE', 'other', 6],
    ]);
    expect(rows[0]).toMatchObject({ quote: 'case management, "ICM" software', date: '2018', fromType: 'company', toType: 'agency' });
    expect(rows[1]).toMatchObject({ quote: 'a quote over two lines', date: '2023-10-05', note: 'a note', source: `${SRC}/2` });
    expect(rows[1]!.fromType).toBeUndefined();
    expect(rows[2]!.quote).toBeUndefined();
    expect(rows[2]!.date).toBeUndefined();
  });

  it('accepts CSV columns in any order and without the optional ones', () => {
    const rows = parseClaims(`source,date,quote,kind,to,from\n${SRC},,,uses,ICE,Acme\n`, 'x.csv');
    expect(rows).toEqual([
      expect.objectContaining({ from: 'Acme', to: 'ICE', kind: 'uses', source: SRC, line: 2 }),
    ]);
  });

  it('detects the format from the extension, else from the content', () => {
    expect(detectClaimsFormat('- from: a', 'a.csv')).toBe('csv');
    expect(detectClaimsFormat('from,to,kind', 'a.yml')).toBe('yaml');
    expect(detectClaimsFormat('\uFEFF"from","to",kind,source,quote,date\n', 'claims.txt')).toBe('csv');
    expect(detectClaimsFormat('- from: a\n', 'claims')).toBe('yaml');
    expect(parseClaims(GOOD_CSV, 'claims')).toHaveLength(3);
  });

  it('strips control and invisible characters and collapses whitespace', () => {
    const rows = parseClaims(`- from: "Ac\\u0000me\\u202E Corp"\n  to: "ICE\\t\\n"\n  kind: uses\n  source: ${SRC}\n  quote: "a\\u200Bb  \\u0007c"\n`, 'c.yaml');
    expect(rows[0]).toMatchObject({ from: 'Acme Corp', to: 'ICE', quote: 'ab c' });
  });

  it('documents every kind it accepts', () => {
    expect([...CLAIM_KINDS]).toEqual(['hosted_on', 'uses', 'supplies', 'subcontracts', 'resells', 'partners_with', 'owns', 'other']);
  });
});

describe('parseClaims: bad rows name line and field', () => {
  const row = (extra: string, omit: string[] = []) =>
    ['from: Acme', 'to: ICE', 'kind: uses', `source: ${SRC}`]
      .filter((l) => !omit.some((o) => l.startsWith(`${o}:`)))
      .concat(extra ? [extra] : [])
      .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))
      .join('\n');
  const good = row('') + '\n';

  it('missing source (YAML): the row line, field source', () => {
    const e = parseError(good + row('', ['source']) + '\n');
    expect(e.where).toEqual({ file: 'claims.yaml', line: 5, field: 'source' });
    expect(e.reason).toMatch(/source is missing/);
  });

  it('empty source (CSV): the record line, field source', () => {
    const e = parseError(`from,to,kind,source,quote,date\nAcme,ICE,uses,${SRC},,\nAcme,ICE,uses,,,\n`, 'c.csv');
    expect(e.where).toEqual({ file: 'c.csv', line: 3, field: 'source' });
    expect(e.reason).toMatch(/source is empty/);
  });

  it('missing from, to or kind', () => {
    for (const field of ['from', 'to', 'kind']) {
      const e = parseError(good + row('', [field]) + '\n');
      expect(e.where).toMatchObject({ line: 5, field });
    }
  });

  it('non-URL sources: relative, other scheme, no domain, spaces, credentials', () => {
    const cases: Array<[string, RegExp]> = [
      ['www.example.org/report', /not an absolute URL/],
      ['ftp://example.org/report', /scheme must be http or https/],
      ['javascript:alert(1)', /scheme must be http or https/],
      ['http://localhost/report', /no domain/],
      ['https://example.org/a report', /contains spaces/],
      ['https://user:pw@example.org/', /user name or password/],
    ];
    for (const [url, why] of cases) {
      const e = parseError(`${good}- from: Acme\n  to: ICE\n  kind: uses\n  date: 2020\n  source: "${url}"\n`);
      expect(e.where).toEqual({ file: 'claims.yaml', line: 9, field: 'source' });
      expect(e.reason).toMatch(why);
    }
  });

  it('unknown kind, with the allowed list and a near miss hint', () => {
    const e = parseError(`${good}- from: Acme\n  to: ICE\n  kind: hosted-on\n  source: ${SRC}\n`);
    expect(e.where).toEqual({ file: 'claims.yaml', line: 7, field: 'kind' });
    expect(e.reason).toContain('unknown kind "hosted-on"');
    expect(e.reason).toContain('did you mean "hosted_on"');
    const csv = parseError(`from,to,kind,source,quote,date\nAcme,ICE,funds,${SRC},,\n`, 'c.csv');
    expect(csv.where).toEqual({ file: 'c.csv', line: 2, field: 'kind' });
    expect(csv.reason).toContain('allowed: hosted_on, uses, supplies');
  });

  it('bad dates: shape, month, calendar day, future', () => {
    const cases: Array<[string, RegExp]> = [
      ['10/23/2018', /must be YYYY-MM-DD, YYYY-MM or YYYY/],
      ['2018-1', /must be YYYY-MM-DD/],
      ['2018-13', /no month 13/],
      ['2023-02-29', /not a calendar date/],
      ['1850', /before 1900/],
      ['2999-01-01', /in the future/],
    ];
    for (const [date, why] of cases) {
      const e = parseError(`${good}${row(`date: ${date}`)}\n`);
      expect(e.where).toEqual({ file: 'claims.yaml', line: 9, field: 'date' });
      expect(e.reason).toMatch(why);
    }
    expect(parseClaims(`${row('date: 2024-02-29')}\n`, 'ok.yaml')[0]!.date).toBe('2024-02-29');
  });

  it('unknown key (YAML) and unknown column (CSV)', () => {
    const e = parseError(`${good}${row('amount: 100')}\n`);
    expect(e.where).toEqual({ file: 'claims.yaml', line: 9, field: 'amount' });
    expect(e.reason).toMatch(/unknown key "amount"/);
    const csv = parseError(`from,to,kind,source,quote,date,amount\nAcme,ICE,uses,${SRC},,,1\n`, 'c.csv');
    expect(csv.where).toEqual({ file: 'c.csv', line: 1, field: 'amount' });
  });

  it('CSV header lacking a required column', () => {
    const e = parseError(`from,to,kind,source,date\nAcme,ICE,uses,${SRC},\n`, 'c.csv');
    expect(e.where).toEqual({ file: 'c.csv', line: 1, field: 'quote' });
  });

  it('bad from_type / to_type', () => {
    const e = parseError(`${good}${row('to_type: person')}\n`);
    expect(e.where).toEqual({ file: 'claims.yaml', line: 9, field: 'to_type' });
  });

  it('duplicate rows (same from, to, kind, source; names compared ignoring case) are repeats', () => {
    const e = parseError(`${good}- from: Acme\n  to: ICE\n  kind: supplies\n  source: ${SRC}\n${row('quote: other words').replace('Acme', 'ACME')}\n`);
    expect(e.where).toEqual({ file: 'claims.yaml', line: 9 });
    expect(e.reason).toMatch(/repeats the claim at line 1/);
    const csv = parseError(`from,to,kind,source,quote,date\nAcme,ICE,uses,${SRC},,\nAcme,ICE,uses,${SRC},,2020\n`, 'c.csv');
    expect(csv.where).toEqual({ file: 'c.csv', line: 3 });
    // a different kind or source is a different claim
    expect(parseClaims(`${good}${row('').replace('uses', 'supplies')}\n`, 'ok.yaml')).toHaveLength(2);
  });

  it('over-long quote and names', () => {
    const e = parseError(`${good}${row(`quote: ${'x'.repeat(2001)}`)}\n`);
    expect(e.where).toEqual({ file: 'claims.yaml', line: 9, field: 'quote' });
    expect(e.reason).toMatch(/2001 characters long; at most 2000/);
    expect(parseClaims(`${row(`quote: ${'x'.repeat(2000)}`)}\n`, 'ok.yaml')[0]!.quote).toHaveLength(2000);
    const name = parseError(`${row('').replace('Acme', 'A'.repeat(301))}\n`);
    expect(name.where).toEqual({ file: 'claims.yaml', line: 1, field: 'from' });
  });

  it('values that are lists or maps, and aliases', () => {
    expect(parseError(`${good}${row('quote: [a, b]')}\n`).where).toEqual({ file: 'claims.yaml', line: 9, field: 'quote' });
    expect(parseError(`- &a\n  from: Acme\n  to: ICE\n  kind: uses\n  source: ${SRC}\n- *a\n`).where).toMatchObject({ line: 6 });
  });

  it('empty files', () => {
    for (const text of ['', '\n\n', '# only a comment\n', '\uFEFF']) {
      const e = parseError(text);
      expect(e.where).toEqual({ file: 'claims.yaml' });
      expect(e.reason).toMatch(/holds no claims/);
    }
    expect(parseError('[]\n').reason).toMatch(/holds no claims: the list is empty/);
    expect(parseError('', 'c.csv').reason).toMatch(/holds no claims/);
    const headerOnly = parseError('from,to,kind,source,quote,date\n', 'c.csv');
    expect(headerOnly.where).toEqual({ file: 'c.csv', line: 1 });
    expect(headerOnly.reason).toMatch(/only a header/);
  });

  it('not YAML, or YAML that is not a list of maps', () => {
    const broken = parseError(`${good}- from: [Acme\n  to: ICE\n`);
    expect(broken.where.file).toBe('claims.yaml');
    expect(broken.where.line).toBeGreaterThanOrEqual(5);
    expect(broken.reason).toMatch(/^not valid YAML/);
    const dupKey = parseError(`- from: Acme\n  from: Other\n  to: ICE\n  kind: uses\n  source: ${SRC}\n`);
    expect(dupKey.where).toMatchObject({ line: 2 });
    expect(dupKey.reason).toMatch(/^not valid YAML/);
    expect(parseError('just some prose\n').reason).toMatch(/expected a list of claims/);
    expect(parseError('from: Acme\nto: ICE\n').where).toEqual({ file: 'claims.yaml', line: 1 });
    expect(parseError(`${good}- just text\n`).where).toEqual({ file: 'claims.yaml', line: 5 });
    expect(parseError('a\n---\nb\n').reason).toMatch(/^not valid YAML/);
  });

  it('malformed CSV: field count, bare quote, unclosed quote', () => {
    const base = 'from,to,kind,source,quote,date\n';
    expect(parseError(`${base}Acme,ICE,uses,${SRC},a, b,\n`, 'c.csv').where).toEqual({ file: 'c.csv', line: 2 });
    expect(parseError(`${base}Acme,IC"E,uses,${SRC},,\n`, 'c.csv').reason).toMatch(/quote inside an unquoted field/);
    expect(parseError(`${base}Acme,"ICE"x,uses,${SRC},,\n`, 'c.csv').reason).toMatch(/followed by a comma/);
    const unclosed = parseError(`${base}Acme,ICE,uses,${SRC},,\nAcme,ICE,uses,${SRC}/2,"never\nclosed,\n`, 'c.csv');
    expect(unclosed.where).toEqual({ file: 'c.csv', line: 3 });
    expect(unclosed.reason).toMatch(/never closed/);
  });
});

describe('resolveClaims', () => {
  it('resolves declared types and, without them, the one type that matches', async () => {
    const resolver = fakeResolver();
    const claims = await resolveClaims(parseClaims(GOOD_YAML, 'claims.yaml'), resolver);
    expect(claims).toEqual([
      {
        fromId: 'FR2434554673', fromType: 'offering', fromName: 'Palantir Federal Cloud Service - High',
        toId: 'F1603047866', toType: 'offering', toName: 'AWS GovCloud',
        kind: 'hosted_on', sourceUrl: 'https://marketplace.fedramp.gov/products/FR2434554673', date: '2026-04-28',
        file: 'claims.yaml', line: 2,
      },
      {
        fromId: 'four-points', fromType: 'company', fromName: 'FOUR POINTS TECHNOLOGY, L.L.C.',
        toId: 'amazon', toType: 'company', toName: 'Amazon.com, Inc.',
        kind: 'resells', sourceUrl: SRC, quote: 'resells "AWS" services', date: '2023-10', note: 'folded note',
        file: 'claims.yaml', line: 10,
      },
    ]);
    // declared types query only that lookup
    expect(resolver.calls).toContain('offering:AWS GovCloud');
    expect(resolver.calls).not.toContain('company:AWS GovCloud');
  });

  it('resolves a CSV file, asking each distinct name once', async () => {
    const resolver = fakeResolver();
    const claims = await resolveClaims(parseClaims(GOOD_CSV, 'claims.csv'), resolver);
    expect(claims.map((c) => [c.fromId, c.toType, c.toId])).toEqual([
      ['palantir', 'agency', 'subtier:7012'],
      ['four-points', 'company', 'amazon'],
      ['acme', 'agency', 'subtier:7012'],
    ]);
    expect(resolver.calls.filter((c) => c === 'agency:ICE')).toHaveLength(1);
  });

  it('unknown entity: the row line, field and value, with the resolver suggestions', async () => {
    const rows = parseClaims(`- from: Acme\n  from_type: company\n  to: ICE\n  kind: uses\n  source: ${SRC}\n- from: Palantr\n  from_type: company\n  to: ICE\n  kind: supplies\n  source: ${SRC}\n`, 'c.yaml');
    const e = await resolveError(rows, fakeResolver({ throwing: true }));
    expect(e).toBeInstanceOf(UnknownClaimEntityError);
    expect(e.where).toEqual({ file: 'c.yaml', line: 6, field: 'from' });
    expect(e.reason).toContain('"Palantr"');
    expect(e.reason).toContain('Closest matches: Palantir Technologies Inc. [palantir]; Amazon.com, Inc. [amazon]');
    expect((e as UnknownClaimEntityError).value).toBe('Palantr');
    expect((e as UnknownClaimEntityError).suggestions).toEqual(['Palantir Technologies Inc. [palantir]', 'Amazon.com, Inc. [amazon]']);
  });

  it('unknown entity in to, CSV, with suggestions from every lookup tried and from suggest()', async () => {
    const rows = parseClaims(`from,to,kind,source,quote,date\nAcme Corp,Immigration Enforcment,uses,${SRC},,\n`, 'c.csv');
    const e = await resolveError(rows.map((r) => ({ ...r, from: 'Palantir' })), fakeResolver({ throwing: true }));
    expect(e.where).toEqual({ file: 'c.csv', line: 2, field: 'to' });
    expect(e.reason).toMatch(/matches no company, agency or offering/);
    expect((e as UnknownClaimEntityError).suggestions).toEqual([
      'Palantir Technologies Inc. [palantir] (company)',
      'Amazon.com, Inc. [amazon] (company)',
      'U.S. Immigration and Customs Enforcement (7012) (agency)',
      'AWS GovCloud (offering)',
    ]);
    const quiet = { ...fakeResolver(), suggest: (type: string, name: string) => (type === 'agency' ? [`ICE for ${name}`] : []) };
    const e2 = await resolveError(rows, quiet);
    expect(e2.where).toEqual({ file: 'c.csv', line: 2, field: 'from' });
    expect((e2 as UnknownClaimEntityError).suggestions).toEqual(['ICE for Acme Corp (agency)']);
  });

  it('a name matching several types is ambiguous until from_type says which', async () => {
    const rows = parseClaims(`- from: Acme\n  to: Palantir\n  kind: supplies\n  source: ${SRC}\n`, 'c.yaml');
    const e = await resolveError(rows, fakeResolver());
    expect(e.where).toEqual({ file: 'c.yaml', line: 1, field: 'from' });
    expect(e.reason).toMatch(/ambiguous: it matches company "Acme Corp" \(id acme\), agency "Acme Office" \(id office:ACME\); say which with from_type/);
    const typed = await resolveClaims(parseClaims(`- from: Acme\n  from_type: agency\n  to: Palantir\n  kind: uses\n  source: ${SRC}\n`, 'c.yaml'), fakeResolver());
    expect(typed[0]).toMatchObject({ fromType: 'agency', fromId: 'office:ACME', toId: 'palantir' });
  });

  it('offering type with a resolver that has no offering lookup', async () => {
    const rows = parseClaims(GOOD_YAML, 'claims.yaml');
    const e = await resolveError(rows, fakeResolver({ withOfferings: false }));
    expect(e.where).toEqual({ file: 'claims.yaml', line: 3, field: 'from_type' });
  });

  it('a claim from an entity to itself, and repeats that only resolution reveals', async () => {
    const self = parseClaims(`- from: Palantir\n  to: Palantir Technologies Inc.\n  kind: owns\n  source: ${SRC}\n`, 'c.yaml');
    expect((await resolveError(self, fakeResolver())).where).toEqual({ file: 'c.yaml', line: 2, field: 'to' });
    const twice = parseClaims(`- from: Palantir\n  to: ICE\n  kind: supplies\n  source: ${SRC}\n- from: Palantir Technologies Inc.\n  to: ICE\n  kind: supplies\n  source: ${SRC}\n`, 'c.yaml');
    const e = await resolveError(twice, fakeResolver());
    expect(e.where).toEqual({ file: 'c.yaml', line: 5 });
    expect(e.reason).toMatch(/repeats the claim at line 1/);
  });

  it('all-or-nothing: one bad row anywhere and nothing is returned or applied', async () => {
    const text = `${GOOD_YAML}- from: Nobody Inc\n  to: ICE\n  kind: supplies\n  source: ${SRC}\n`;
    const graph = new Map<string, string>();
    const apply = async (t: string) => {
      const claims = await resolveClaims(parseClaims(t, 'claims.yaml'), fakeResolver());
      for (const c of claims) graph.set(`${c.fromId}->${c.toId}`, c.kind);
    };
    await expect(apply(text)).rejects.toMatchObject({ where: { file: 'claims.yaml', line: 19, field: 'from' } });
    expect(graph.size).toBe(0);
    await apply(GOOD_YAML);
    expect(graph.size).toBe(2);
  });

  it('a resolver answer without an id is a bug in the resolver, not bad input', async () => {
    const sloppy: ClaimResolver = { company: () => ({ id: '', name: 'Acme' }), agency: () => undefined };
    const rows = parseClaims(`- from: Acme\n  from_type: company\n  to: ICE\n  kind: uses\n  source: ${SRC}\n`, 'c.yaml');
    const err = await resolveClaims(rows, sloppy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalError);
    expect(err).not.toBeInstanceOf(BadInputError);
  });

  it('errors that are not about the row propagate unchanged', async () => {
    const broken: ClaimResolver = {
      company: () => {
        throw new Error('database closed');
      },
      agency: () => undefined,
    };
    await expect(resolveClaims(parseClaims(`- from: Acme\n  to: ICE\n  kind: uses\n  source: ${SRC}\n`, 'c.yaml'), broken)).rejects.toThrow(
      'database closed',
    );
  });
});

describe('loadClaimsFile and the example file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-claims-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('data/claims.example.yaml parses and resolves with a fake resolver', async () => {
    const path = join(import.meta.dirname, '../../data/claims.example.yaml');
    const claims = await loadClaimsFile(path, fakeResolver());
    expect(claims.length).toBeGreaterThanOrEqual(1);
    expect(claims.length).toBeLessThanOrEqual(3);
    for (const c of claims) {
      expect(c.sourceUrl).toMatch(/^https:\/\//);
      expect(c.file).toBe(path);
      expect(c.line).toBeGreaterThan(1);
    }
    expect(claims).toContainEqual(
      expect.objectContaining({ fromId: 'FR2434554673', toId: 'F1603047866', kind: 'hosted_on', sourceUrl: 'https://marketplace.fedramp.gov/products/FR2434554673' }),
    );
    expect(claims).toContainEqual(expect.objectContaining({ fromId: 'palantir', toId: 'amazon', kind: 'hosted_on' }));
  });

  it('reads CSV from disk; missing file is NotFound; binary and non-UTF-8 are bad input', async () => {
    const csv = join(dir, 'claims.csv');
    writeFileSync(csv, GOOD_CSV);
    expect(await loadClaimsFile(csv, fakeResolver())).toHaveLength(3);
    await expect(loadClaimsFile(join(dir, 'absent.yaml'), fakeResolver())).rejects.toBeInstanceOf(NotFoundError);
    const bin = join(dir, 'bin.yaml');
    writeFileSync(bin, Buffer.from([0x2d, 0x20, 0x00, 0x01]));
    await expect(loadClaimsFile(bin, fakeResolver())).rejects.toThrow(/NUL bytes/);
    const latin1 = join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from(`from,to,kind,source,quote,date\nCaf\xe9,ICE,uses,${SRC},,\n`, 'latin1'));
    await expect(loadClaimsFile(latin1, fakeResolver())).rejects.toThrow(/not UTF-8/);
    await expect(loadClaimsFile(dir, fakeResolver())).rejects.toBeInstanceOf(BadInputError);
  });
});
