import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeDbaName, normalizeName } from '../../src/entities/normalizeName.js';
import { hasRealData, REAL_DATA_SKIP_REASON, realFile } from '../support/realData.js';
import { csvRows } from './csvRows.js';

// Company names as they appear in ../shared/data/real (cbp-ice-dashboard "Recipient Name" and the
// ICE subaward / award-summary files), with the normal form worked out by hand.
const REAL_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['PALANTIR TECHNOLOGIES INC.', 'PALANTIR TECHNOLOGIES'],
  ['PALANTIR USG INC', 'PALANTIR USG'],
  ['FOUR POINTS TECHNOLOGY, L.L.C.', 'FOUR POINTS TECHNOLOGY'],
  ['WEST PUBLISHING CORPORATION', 'WEST PUBLISHING'],
  ['THOMSON REUTERS SPECIAL SERVICES LLC', 'THOMSON REUTERS SPECIAL SERVICES'],
  ['THOMSON REUTERS (MARKETS) LLC', 'THOMSON REUTERS MARKETS'],
  ['REUTERS NEWS & MEDIA INC', 'REUTERS NEWS AND MEDIA'],
  ['AMAZON WEB SERVICES, INC.', 'AMAZON WEB SERVICES'],
  ['THE GEO GROUP, INC.', 'GEO GROUP'],
  ['B.I. INCORPORATED', 'BI'],
  ['CORECIVIC, INC.', 'CORECIVIC'],
  ['CACI, INC. - FEDERAL', 'CACI INC FEDERAL'],
  ['CACI  INC. - FEDERAL', 'CACI INC FEDERAL'],
  ['CACI NSS, LLC', 'CACI NSS'],
  ['CACI-ISS, INC.', 'CACI ISS'],
  ['DELOITTE & TOUCHE LLP', 'DELOITTE AND TOUCHE'],
  ['DELOITTE TOUCHE TOHMATSU LIMITED', 'DELOITTE TOUCHE TOHMATSU'],
  ['ACCENTURE FEDERAL SERVICES LLC', 'ACCENTURE FEDERAL SERVICES'],
  ['BOOZ ALLEN HAMILTON HOLDING CORPORATION', 'BOOZ ALLEN HAMILTON HOLDING'],
  ['GENERAL DYNAMICS INFORMATION TECHNOLOGY  INC.', 'GENERAL DYNAMICS INFORMATION TECHNOLOGY'],
  ['GENERAL DYNAMICS - OTS, INC.', 'GENERAL DYNAMICS OTS'],
  ['DELL FEDERAL SYSTEMS L.P', 'DELL FEDERAL SYSTEMS'],
  ['DELL FEDERAL SYSTEMS GP LLC', 'DELL FEDERAL SYSTEMS GP'],
  ['DELL MARKETING L.P.', 'DELL MARKETING'],
  ['ORACLE AMERICA, INC', 'ORACLE AMERICA'],
  ['MOTOROLA SOLUTIONS, INC.', 'MOTOROLA SOLUTIONS'],
  ['EVIGILANT.COM, LLC', 'EVIGILANTCOM'],
  ['LEXISNEXIS SPECIAL SERVICES INC', 'LEXISNEXIS SPECIAL SERVICES'],
  ['RELX INC.', 'RELX'],
  ['CADDELL CONSTRUCTION CO. (DE), LLC', 'CADDELL CONSTRUCTION CO DE'],
  ['SLSCO, LTD.', 'SLSCO'],
  ['SCIENCE APPLICATIONS INTERNATIONAL CORPORATION', 'SCIENCE APPLICATIONS INTERNATIONAL'],
  ['G4S SECURE SOLUTIONS (USA) INC.', 'G4S SECURE SOLUTIONS USA'],
  ['MANAGEMENT & TRAINING CORPORATION', 'MANAGEMENT AND TRAINING'],
  ['FRADELLA\'S COLLISION CENTER INC', 'FRADELLAS COLLISION CENTER'],
  ['THOMSON COMPANY INC, THE', 'THOMSON'],
];

const EDGE_CASES: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  ['   ', ''],
  ['The Company Inc', 'COMPANY'],
  ['THE', 'THE'],
  ['INC', 'INC'],
  ['Palantir Technologies, Inc', 'PALANTIR TECHNOLOGIES'],
  ['Société Générale S.A.', 'SOCIETE GENERALE'],
  ['ＡＣＭＥ ＣＯＲＰ', 'ACME'], // full-width letters fold under NFKC
  ['Acme Holdings Co., Ltd.', 'ACME HOLDINGS'],
  ['ACME L. L. C.', 'ACME'],
  ['ACME P.L.L.C.', 'ACME'],
  ['Acme GmbH', 'ACME'],
  ['ACME CORP D/B/A ROADRUNNER SUPPLY', 'ACME'],
  ['ACME CORP DBA ROADRUNNER SUPPLY LLC', 'ACME'],
  ['ACME-DBA-TOOLS', 'ACME'],
  ['D/B/A ROADRUNNER SUPPLY', 'ROADRUNNER SUPPLY'],
];

describe('normalizeName', () => {
  it.each(REAL_NAMES)('real name %j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  it.each(EDGE_CASES)('edge case %j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  it('is idempotent on every case above', () => {
    for (const [raw] of [...REAL_NAMES, ...EDGE_CASES]) {
      const once = normalizeName(raw);
      expect(normalizeName(once), raw).toBe(once);
    }
  });

  it('returns the trade name after d/b/a, normalized, and undefined without one', () => {
    expect(normalizeDbaName('ACME CORP D/B/A ROADRUNNER SUPPLY LLC')).toBe('ROADRUNNER SUPPLY');
    expect(normalizeDbaName('Acme Corp doing business as The Roadrunner Co.')).toBe('ROADRUNNER');
    expect(normalizeDbaName('WEST PUBLISHING CORPORATION')).toBeUndefined();
    expect(normalizeDbaName('ACME DBA')).toBeUndefined();
  });
});

describe.skipIf(!hasRealData)('normalizeName on every recipient name in the real files', () => {
  if (!hasRealData) it.skip(REAL_DATA_SKIP_REASON, () => {});

  const names = new Set<string>();
  if (hasRealData) {
    const dir = realFile('cbp-ice-dashboard');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv'))) {
      for (const row of csvRows(`${dir}/${f}`)) names.add(row['Recipient Name'] ?? '');
    }
  }

  it('reads thousands of distinct names', () => {
    expect(names.size).toBeGreaterThan(3000);
  });

  it('is idempotent and never empties a name that has letters or digits', () => {
    for (const raw of names) {
      const once = normalizeName(raw);
      expect(normalizeName(once), raw).toBe(once);
      if (/[\p{L}\p{N}]/u.test(raw)) expect(once, raw).not.toBe('');
      expect(once, raw).toMatch(/^([\p{L}\p{N}]+( [\p{L}\p{N}]+)*)?$/u);
      expect(once, raw).toBe(once.toUpperCase());
    }
  });
});
