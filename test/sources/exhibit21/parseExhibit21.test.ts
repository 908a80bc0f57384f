import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.js';
import { htmlBlocks } from '../../../src/sources/exhibit21/htmlBlocks.js';
import { decodeEntities } from '../../../src/sources/exhibit21/htmlEntities.js';
import { isJurisdiction } from '../../../src/sources/exhibit21/jurisdictions.js';
import { splitListLine } from '../../../src/sources/exhibit21/listLine.js';
import { MAX_EXHIBIT21_BYTES, parseExhibit21 } from '../../../src/sources/exhibit21/parseExhibit21.js';
import { REAL_DATA_SKIP_REASON, hasRealData, realFile } from '../../support/realData.js';

const LMT = realFile('sec-exhibit21', 'lmt_ex21q42025_sec_ex21_lmt_real.htm');
const HII = realFile('sec-exhibit21', 'hii_ex211202510xk_sec_ex21_hii_real.htm');

describe.skipIf(!hasRealData)('Exhibit 21 as filed (real Lockheed Martin and Huntington Ingalls FY2025 exhibits)', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  it('Lockheed Martin: the Workiva table, name and place of formation, every row', () => {
    const ex = parseExhibit21(readFileSync(LMT, 'utf8'), LMT);
    expect(ex.layout).toBe('table');
    expect(ex.filing).toMatchObject({ parentName: 'Lockheed Martin Corporation', exhibitType: 'EX-21', exhibitFilename: 'ex21q42025.htm' });
    // Written by hand from the file: 16 <tr> = one column-width row, the header, 14 subsidiaries
    // (PROVENANCE.md says 13; the file holds 14).
    expect(ex.subsidiaries.map((s) => [s.name, s.jurisdiction])).toEqual([
      ['Astrolink International, LLC', 'Delaware'],
      ['Helicopter Support, Inc.', 'Connecticut'],
      ['Lockheed Martin Australia Pty Limited', 'Australia'],
      ['Lockheed Martin Canada, Inc.', 'Canada'],
      ['Lockheed Martin Global, Inc.', 'Delaware'],
      ['Lockheed Martin Investments, Inc.', 'Delaware'],
      ['Lockheed Martin Overseas, LLC', 'Delaware'],
      ['Lockheed Martin UK Ampthill Limited', 'United Kingdom'],
      ['Lockheed Martin UK Limited', 'United Kingdom'],
      ['Polskie Zaklady Lotnicze Sp. Zo.o', 'Poland'],
      ['Sikorsky Aircraft Corporation', 'Delaware'],
      ['Sikorsky International Operations, Inc.', 'Delaware'],
      ['Vibrant Star Insurance LLC', 'District of Columbia'],
      ['Zeta Associates, Inc.', 'Virginia'],
    ]);
    // the closing Regulation S-K paragraph is not a subsidiary
    expect(ex.subsidiaries.some((s) => /Regulation|consolidated/.test(s.name))).toBe(false);
    for (const s of ex.subsidiaries) expect(s.line).toBe(10);
  });

  it('Huntington Ingalls: 35 subsidiaries, &#38; decoded, trailing spaces in jurisdiction cells trimmed', () => {
    const ex = parseExhibit21(readFileSync(HII, 'utf8'), HII);
    expect(ex.filing.parentName).toBe('HUNTINGTON INGALLS INDUSTRIES, INC.');
    expect(ex.filing.exhibitType).toBe('EX-21.1');
    expect(ex.subsidiaries).toHaveLength(35);
    const byName = new Map(ex.subsidiaries.map((s) => [s.name, s.jurisdiction]));
    expect(byName.get('Avondale Engineering & Construction Company')).toBe('Delaware');
    expect(byName.get('Newport News Shipbuilding and Dry Dock Company')).toBe('Delaware');
    expect(byName.get('Huntington Ingalls Incorporated')).toBe('Virginia');
    expect(byName.get('HII Mission Technologies Corp.')).toBe('Delaware');
    expect(byName.get('Ingalls Shipbuilding, Inc.')).toBe('Delaware');
    expect(byName.get('Huntington Ingalls Industries Risk Management LLC')).toBe('Vermont');
    for (const s of ex.subsidiaries) expect(s.jurisdiction).toBe(s.jurisdiction?.trim());
    expect(ex.subsidiaries.some((s) => /^name of|jurisdiction/i.test(s.name))).toBe(false);
  });
});

describe('Exhibit 21 layouts and hostile HTML', () => {
  it('a plain-text list with columns, dot leaders, "a Delaware corporation" and shares', () => {
    const txt = [
      'EXHIBIT 21', '', 'SUBSIDIARIES OF ACME HOLDINGS, INC.', '',
      'Name                                  Jurisdiction', '',
      'Acme Widgets, Inc.                    Delaware',
      'Acme Europe B.V. ..................... The Netherlands',
      'Acme (Shanghai) Co., Ltd.  (51%)',
      'Acme Services LLC, a Texas limited liability company',
      'Acme Capital Ltd. (Bermuda)',
      '* Indicates a subsidiary that is not wholly owned.', '1',
    ].join('\n');
    const ex = parseExhibit21(txt, 'acme.txt');
    expect(ex.filing.parentName).toBe('ACME HOLDINGS, INC.');
    expect(ex.subsidiaries.map((s) => [s.name, s.jurisdiction ?? null, s.ownershipPercent ?? null, s.line])).toEqual([
      ['Acme Widgets, Inc.', 'Delaware', null, 7],
      ['Acme Europe B.V.', 'The Netherlands', null, 8],
      ['Acme (Shanghai) Co., Ltd.', null, '51', 9],
      ['Acme Services LLC', 'Texas', null, 10],
      ['Acme Capital Ltd.', 'Bermuda', null, 11],
    ]);
  });

  it('an HTML list in paragraphs, with a script, a style, comments and entities', () => {
    const html = `<html><head><title>Subsidiaries of Evil Corp</title><script>document.write('<p>Injected LLC</p>')</script></head>
<body><style>p{}</style><!-- <p>Commented Out Inc.</p> -->
<p><b>Subsidiaries of Example Systems Corporation</b></p>
<p>Example &amp; Sons, Inc. (Delaware)</p>
<p>Caf&eacute; Holdings S.A. &#8211; France</p>
<p>Example&#160;Federal&nbsp;LLC (Virginia)</p>
<script type="text/javascript">var x = "</p><p>Also Injected Corp</p>";</script>
<p>O&#x2019;Brien Data GmbH (Germany)</p>
</body></html>`;
    const ex = parseExhibit21(html, 'example.htm');
    expect(ex.filing.parentName).toBe('Example Systems Corporation');
    expect(ex.subsidiaries.map((s) => [s.name, s.jurisdiction])).toEqual([
      ['Example & Sons, Inc.', 'Delaware'],
      ['Café Holdings S.A.', 'France'],
      ['Example Federal LLC', 'Virginia'],
      ['O’Brien Data GmbH', 'Germany'],
    ]);
    expect(JSON.stringify(ex)).not.toMatch(/Injected|Commented|Evil/);
  });

  it('a data table nested in a layout table, header repeated after a page break, a percent column', () => {
    const row = (n: string, j: string, p: string) => `<tr><td>${n}</td><td>&nbsp;</td><td>${j}</td><td>${p}</td></tr>`;
    const html = `<table><tr><td><p>EXHIBIT 21.1</p><p>LIST OF SUBSIDIARIES OF NESTED INC.</p>
<table><tr><th>Name of Entity</th><th></th><th>State or Country of Incorporation</th><th>Percent Owned</th></tr>
${row('Nested One, LLC', 'Ohio', '100%')}
${row('Nested Two Ltd.', 'United Kingdom', '75%')}
<tr><th>Name of Entity</th><th></th><th>State or Country of Incorporation</th><th>Percent Owned</th></tr>
${row('Nested Three GmbH', 'Germany', '100%')}
</table></td></tr></table>`;
    const ex = parseExhibit21(html, 'nested.htm');
    expect(ex.layout).toBe('table');
    expect(ex.filing.parentName).toBe('NESTED INC.');
    expect(ex.subsidiaries.map((s) => [s.name, s.jurisdiction, s.ownershipPercent])).toEqual([
      ['Nested One, LLC', 'Ohio', '100'],
      ['Nested Two Ltd.', 'United Kingdom', '75'],
      ['Nested Three GmbH', 'Germany', '100'],
    ]);
  });

  it('a full submission: the header gives filer, form, period and accession; only the EX-21 document is read', () => {
    const sub = `<SEC-DOCUMENT>0000936468-26-000010.txt
<SEC-HEADER>
ACCESSION NUMBER:\t\t0000936468-26-000010
CONFORMED SUBMISSION TYPE:\t10-K
CONFORMED PERIOD OF REPORT:\t20251231
FILED AS OF DATE:\t\t20260127
COMPANY DATA:
\tCOMPANY CONFORMED NAME:\t\t\tLOCKHEED MARTIN CORP
\tCENTRAL INDEX KEY:\t\t\t0000936468
</SEC-HEADER>
<DOCUMENT>
<TYPE>10-K
<TEXT>
<p>Subsidiaries of Not This Corp</p><p>Wrong Subsidiary LLC (Delaware)</p>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-21
<SEQUENCE>7
<FILENAME>ex21.htm
<TEXT>
<p>Right Subsidiary Inc. (Maryland)</p>
</TEXT>
</DOCUMENT>`;
    const ex = parseExhibit21(sub, 'full.txt');
    expect(ex.filing).toMatchObject({
      accession: '0000936468-26-000010', form: '10-K', period: '2025-12-31', filedAt: '2026-01-27',
      filer: 'LOCKHEED MARTIN CORP', cik: '0000936468', exhibitType: 'EX-21', parentName: 'LOCKHEED MARTIN CORP',
    });
    expect(ex.subsidiaries).toEqual([{ name: 'Right Subsidiary Inc.', jurisdiction: 'Maryland', line: 22 }]);
  });

  it('an Exhibit 21 with no list is refused with the file and reason', () => {
    const html = `<DOCUMENT>\n<TYPE>EX-21\n<TEXT>\n<html><body><p>Exhibit 21</p><p>Subsidiaries of the Registrant</p>
<p>The names of the registrant's subsidiaries have been omitted pursuant to Item 601(b)(21)(ii) of Regulation S-K.</p></body></html>\n</TEXT>\n</DOCUMENT>`;
    let err: unknown;
    try {
      parseExhibit21(html, 'empty-ex21.htm');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).where).toEqual({ file: 'empty-ex21.htm', line: 4 });
    expect((err as Error).message).toMatch(/^empty-ex21\.htm line 4: no list of subsidiaries found/);
  });

  it('a submission without an EX-21 document, binary content and oversized files are refused', () => {
    expect(() => parseExhibit21('<DOCUMENT>\n<TYPE>10-K\n<TEXT>\nAcme LLC\n</TEXT>\n</DOCUMENT>', 'a.txt')).toThrow(/a\.txt: no Exhibit 21 in this submission \(its documents are 10-K\)/);
    expect(() => parseExhibit21('Acme LLC\n\u0000\u0001', 'b.htm')).toThrow(/b\.htm line 2: binary content/);
    const huge = { length: MAX_EXHIBIT21_BYTES + 1 } as unknown as string;
    expect(() => parseExhibit21(huge, 'c.htm')).toThrow(/c\.htm: .* larger than any Exhibit 21/);
  });

  it('a large exhibit (200,000 rows, unclosed tags) parses in linear time', () => {
    const rows: string[] = [];
    for (let i = 0; i < 200_000; i++) rows.push(`<tr><td>Company ${i} LLC<td>Delaware`);
    const html = `<p>Subsidiaries of Big Corp</p><table><tr><td>Name<td>Jurisdiction${rows.join('')}`;
    const t0 = performance.now();
    const ex = parseExhibit21(html, 'big.htm');
    expect(ex.subsidiaries).toHaveLength(200_000);
    expect(ex.subsidiaries[199_999]).toEqual({ name: 'Company 199999 LLC', jurisdiction: 'Delaware', line: 1 });
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it('pieces: entities, jurisdictions, list lines, unterminated markup', () => {
    expect(decodeEntities('A&amp;B &#38; C&#x26;D &nbsp;&bogus; &#0;')).toBe('A&B & C&D \u00a0&bogus; \ufffd');
    expect(isJurisdiction('Delaware')).toBe(true);
    expect(isJurisdiction('(USA) Delaware')).toBe(true);
    expect(isJurisdiction('United States, Delaware')).toBe(true);
    expect(isJurisdiction('Nonthaburi, Thailand')).toBe(true);
    expect(isJurisdiction('DE')).toBe(true);
    expect(isJurisdiction('Lockheed Martin')).toBe(false);
    expect(splitListLine('Heartwood 11, LLC', false)).toEqual({ name: 'Heartwood 11, LLC' });
    expect(splitListLine('Franklin Electric Trading (Shanghai) Co., Ltd.', false)).toEqual({ name: 'Franklin Electric Trading (Shanghai) Co., Ltd.' });
    expect(splitListLine('Acme Ltd., Bermuda', false)).toEqual({ name: 'Acme Ltd.', jurisdiction: 'Bermuda' });
    expect(htmlBlocks('<p>Unclosed <b attr="x>y">bold')).toEqual([{ kind: 'text', line: 1, text: 'Unclosed bold', preformatted: false }]);
    expect(htmlBlocks('<table><tr><td>a<table><tr><td>inner</td></tr></table></td><td>b')).toEqual([
      { kind: 'table', line: 1, rows: [{ line: 1, cells: [{ lines: ['inner'], col: 0, span: 1 }] }] },
      { kind: 'table', line: 1, rows: [{ line: 1, cells: [{ lines: ['a'], col: 0, span: 1 }, { lines: ['b'], col: 1, span: 1 }] }] },
    ]);
  });
});
