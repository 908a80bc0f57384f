/** Table-driven checks of the fetch helpers: Retry-After, projection amounts, date splitting, request keys. */
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/analysis/diffText.js';
import { FetchError } from '../../src/errors.js';
import { CallCache } from '../../src/sources/usaspendingApi/callCache.js';
import { fiscalYearSlices, rangeDays, splitRange } from '../../src/sources/usaspendingApi/dateRange.js';
import { parseRetryAfter } from '../../src/sources/usaspendingApi/http.js';
import { projectionAmount, projectionCsv } from '../../src/sources/usaspendingApi/projection.js';
import { parseCsv } from '../support/csv.js';

describe('Retry-After', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  it.each([
    ['7', 7000], [' 120 ', 120_000], ['Wed, 01 May 2024 12:00:30 GMT', 30_000], ['Wed, 01 May 2024 11:00:00 GMT', 0], [null, undefined], ['soon', undefined],
  ])('%s → %s ms', (value, ms) => expect(parseRetryAfter(value, now)).toBe(ms));
});

describe('projection amounts keep every cent and match the files\' float text', () => {
  it.each([
    [110367609, '110367609.0'], ['40000000.00', '40000000.0'], [-1402838.41, '-1402838.41'], ['0.10', '0.1'], [0, '0.0'], ['-0.00', '0.0'],
    ['+12.5', '12.5'], [102842374.44, '102842374.44'], ['007.50', '7.5'], [null, ''],
  ])('%s → %s', (value, text) => expect(projectionAmount(value, 'here')).toBe(text));
  it.each([['1e21'], ['abc'], [Number.NaN], [{}], ['12,50']])('%s is refused, naming where', (value) => {
    expect(() => projectionAmount(value, 'page 3, result 7')).toThrow(FetchError);
    expect(() => projectionAmount(value, 'page 3, result 7')).toThrow(/page 3, result 7: Transaction Amount/);
  });
  it('writes an RFC 4180 projection with the agency abbreviation, PSC/NAICS descriptions and quoted text', () => {
    const csv = projectionCsv([{ 'Awarding Sub Agency': 'U.S. Immigration and Customs Enforcement', 'Award ID': 'X1', 'Recipient Name': 'A "B", INC.',
      'Transaction Amount': 5, 'Action Date': '2021-01-02', Mod: 'P00001', PSC: { code: 'D399', description: 'IT, OTHER' }, NAICS: { code: '541512', description: 'DESIGN' },
      'Transaction Description': 'line\nbreak', generated_internal_id: 'CONT_AWD_X1_7012_-NONE-_-NONE-' }], (n) => (n.includes('Immigration') ? 'ICE' : null), 'w');
    expect(csv.endsWith('\r\n')).toBe(true);
    const [head, row] = parseCsv(csv);
    expect(head!.fields[0]).toBe('Agency');
    expect(row!.fields).toEqual(['ICE', 'X1', 'A "B", INC.', '5.0', '2021-01-02', 'P00001', 'IT, OTHER', 'DESIGN', 'line\nbreak', 'CONT_AWD_X1_7012_-NONE-_-NONE-']);
  });
});

describe('date ranges', () => {
  it('splits a fiscal year in two halves that cover it exactly, down to single days', () => {
    const [fy] = fiscalYearSlices({ from: 2021, to: 2021 });
    expect(fy).toEqual({ start: '2020-10-01', end: '2021-09-30' });
    const [a, b] = splitRange(fy!)!;
    expect(a).toEqual({ start: '2020-10-01', end: '2021-04-01' }); // 183 days: the first half holds the odd day
    expect(b).toEqual({ start: '2021-04-02', end: '2021-09-30' });
    expect(rangeDays(a) + rangeDays(b)).toBe(rangeDays(fy!));
    expect(splitRange({ start: '2021-02-28', end: '2021-03-01' })).toEqual([{ start: '2021-02-28', end: '2021-02-28' }, { start: '2021-03-01', end: '2021-03-01' }]);
    expect(splitRange({ start: '2021-03-01', end: '2021-03-01' })).toBeUndefined();
    expect(fiscalYearSlices({ from: 2021, to: 2023 })).toHaveLength(3);
  });
});

describe('request keys', () => {
  it('ignore the host and key order, and differ by page', () => {
    const k = (url: string, body: unknown) => CallCache.key('POST', url, body);
    expect(k('https://api.usaspending.gov/api/v2/x/', { a: 1, b: [1, 2] })).toBe(k('http://127.0.0.1:9/api/v2/x/', { b: [1, 2], a: 1 }));
    expect(k('https://h/api/v2/x/', { page: 1 })).not.toBe(k('https://h/api/v2/x/', { page: 2 }));
  });
});

describe('record text in digests', () => {
  it('cannot inject links, HTML or control characters into Markdown', () => {
    const t = cleanText('[click](http://evil.example) <img src=x onerror=1> \u001b[31m*bold*\u202e', true);
    expect(t).not.toMatch(/(^|[^\\])\[|(^|[^\\])</);
    expect(t).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(t).toContain('\\[click\\]');
  });
});

describe('politeness', () => {
  it('spaces requests to the rate, and retries with growing capped jittered waits', async () => {
    const { HttpClient } = await import('../../src/sources/usaspendingApi/http.js');
    let clock = 0;
    const waits: number[] = [];
    let failures = 0;
    const effects = {
      fetch: async () => (failures-- > 0 ? new Response('busy', { status: 503 }) : new Response('{"ok":1}', { status: 200 })),
      sleep: async (ms: number) => { waits.push(ms); clock += ms; },
      now: () => clock,
      random: () => 1,
    };
    const polite = new HttpClient({ baseUrl: 'https://api.example', ratePerSecond: 2, effects: effects as never });
    for (let i = 0; i < 3; i++) await polite.getJson('/x');
    expect(waits).toEqual([500, 500]);

    waits.length = 0;
    failures = 4;
    const retrying = new HttpClient({ baseUrl: 'https://api.example', ratePerSecond: 0, backoffMs: 1000, maxBackoffMs: 5000, attempts: 5, effects: effects as never });
    await retrying.getJson('/x');
    expect(waits).toEqual([1000, 2000, 4000, 5000]);
  });
});
