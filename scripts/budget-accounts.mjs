#!/usr/bin/env node
// Regenerates data/budget-accounts.yaml from the official tables (see the header it writes).
// Usage: npm run build && node scripts/budget-accounts.mjs [DATA_DIR]   (DATA_DIR: ../shared/data/real)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBudgetAuthority } from '../dist/sources/budget/budgetAuthority.js';
import { parseTreasuryAccounts } from '../dist/sources/budget/treasuryAccounts.js';
import { parseAgencyCodeList } from '../dist/sources/budget/agencyCodeList.js';
import { deriveAccountMap } from '../dist/sources/budget/deriveAccountMap.js';
import { accountMapToYaml } from '../dist/sources/budget/accountMapFile.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'data', 'real'));
const read = (...p) => { const f = join(dir, ...p); return [readFileSync(f, 'utf8'), f]; };
const budget = parseBudgetAuthority(...read('usaspending-budget', 'budget_authority.csv'));
const tas = parseTreasuryAccounts(...read('usaspending-budget', 'tas_list.csv'));
const codes = parseAgencyCodeList(...read('data-act-broker', 'agency_codes.csv'));
const map = deriveAccountMap(budget.rows, tas, codes);
const out = join(root, 'data', 'budget-accounts.yaml');
writeFileSync(out, accountMapToYaml(map));
const mapped = map.bureaus.filter((b) => b.subtier).length;
console.log(`wrote ${out}: ${map.agencies.length} agencies (${map.agencies.filter((a) => a.toptier).length} with a toptier), ${map.bureaus.length} bureaus (${mapped} with a subtier)`);
