/** Derived keys read columns a file may lack: those read as NULL instead of failing the load. */
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../support/csv.js';
import { ingestOne } from '../support/ingestHelpers.js';
import { minimalHeader } from '../support/layoutHeaders.js';
import { tempStore } from '../support/tempStore.js';

describe('derived keys', () => {
  it('a subaward export without subaward_fsrs_report_id loads, keyed by prime award and subaward number', async () => {
    const store = await tempStore();
    const header = minimalHeader('subawards').filter((h) => h !== 'subaward_fsrs_report_id');
    const row = {
      prime_award_unique_key: 'CONT_AWD_X1_7012_-NONE-_-NONE-', prime_award_piid: 'X1', prime_awardee_name: 'PRIME CO',
      subaward_number: 'N-1', subaward_amount: '31000.00', subaward_action_date: '2022-01-05', subaward_action_date_fiscal_year: '2022',
      subawardee_name: 'SUB CO',
    };
    const { counts } = await ingestOne(store.db, store.write('subs.csv', writeCsv(header, [row])));
    expect(counts).toMatchObject({ read: 1, loaded: 1, rejected: 0 });
    const keys = await store.db.all(`SELECT subaward_key FROM sub_current`);
    expect(keys).toEqual([{ subaward_key: 'CONT_AWD_X1_7012_-NONE-_-NONE-|N-1|' }]);
  });
});
