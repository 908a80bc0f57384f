/**
 * `status` groups reject reasons by kind and prints a real example of each (file, line, field, reason),
 * never masked digits ("…_N-N-N_HNMNSN_N.csv line N", issue 13 item 9).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStatus } from '../../src/cli/statusCommand.js';
import { ingest } from '../../src/ingest.js';
import { storeStatus } from '../../src/status.js';
import { TX_HEADER, txRow } from '../support/answerFixtures.js';
import { writeCsv } from '../support/csv.js';
import { loadAgencyReference } from '../support/ingestHelpers.js';
import { tempStore, type TempStore } from '../support/tempStore.js';

describe('status: rejects by kind with a real example', () => {
  let store: TempStore;
  const file = 'Contracts_PrimeTransactions_2025-03-28_H03M23S17_1.csv';
  beforeAll(async () => {
    store = await tempStore({ autoCleanup: false });
    await loadAgencyReference(store);
    const rows = [
      txRow({ piid: 'OK1', amount: '100.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-01-10' }),
      txRow({ piid: 'BAD1', amount: '1,234.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-02-10' }),
      txRow({ piid: 'BAD2', amount: '9,876.00', uei: 'TESTALPHA001', name: 'ALPHA DATA LLC', date: '2022-02-11' }),
    ];
    rows.push({ ...rows[0]! });
    await ingest(store.db, { paths: [store.write(file, writeCsv(TX_HEADER, rows))] });
  });
  afterAll(() => store?.cleanup());

  it('groups by kind, counts, and shows the first reject of each kind unmasked', async () => {
    const s = await storeStatus(store.db);
    const src = s.sources.find((x) => x.name.endsWith(file))!;
    const kinds = s.rejectKinds.filter((k) => k.source_id === src.source_id);
    expect(kinds.map((k) => [k.kind, k.rows])).toEqual([['unreadable_value', 2], ['repeat', 1]]);
    expect(kinds[0]!.example).toMatchObject({ line: 3, field: 'federal_action_obligation' });
    expect(kinds[0]!.example.reason).toContain('"1,234.00"');
    expect(kinds[1]!.example.reason).toBe('identical repeat of line 2 in this file (counted once)');
    const text = renderStatus(s);
    expect(text).toContain(`rejected 2× unreadable_value: a value cannot be read exactly (amount, date, number)`);
    expect(text).toContain(`${file} line 3, field federal_action_obligation:`);
    expect(text).toContain('1,234.00');
    expect(text).toContain(`${file} line 5, field contract_transaction_unique_key: identical repeat of line 2 in this file`);
    expect(text).not.toMatch(/_N-N-N_|line N\b/);
  });
});
