/**
 * Stored tables of the budget references and of Exhibit 21 filings (schema migration 7).
 *
 * Budget files are whole-table references: every load keeps its rows in `<name>_all` tagged with its
 * source and snapshot, and the analyst view shows the newest loaded file's rows. Budget authority is
 * stored long (one row per account row and fiscal year) in exact dollars beside the thousands as filed.
 * Exhibit 21 filings accumulate (one per parent and filing); a newer exhibit of the same parent
 * supersedes the older one, whose rows are kept.
 */
export const BUDGET_LAYOUT = { id: 'omb_budget_authority', title: 'OMB budget authority by account (budget_authority.csv, $ thousands)' } as const;
export const TAS_LAYOUT = { id: 'treasury_account_list', title: 'Treasury account symbols (tas_list.csv)' } as const;
export const PROGRAM_ACTIVITY_LAYOUT = { id: 'program_activity_list', title: 'Program activities (program_activity.csv)' } as const;
export const EXHIBIT21_LAYOUT = { id: 'sec_exhibit21', title: 'SEC Exhibit 21, subsidiaries of the registrant' } as const;

const PROV = 'source_id INTEGER NOT NULL, snapshot_id INTEGER NOT NULL, source_line BIGINT NOT NULL';

/** Migration 7: the tables and their views. */
export const BUDGET_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS budget_authority_all (omb_agency_code VARCHAR NOT NULL, omb_agency_name VARCHAR, bureau_code VARCHAR NOT NULL,
     bureau_name VARCHAR, account_code VARCHAR, account_name VARCHAR, treasury_agency_code VARCHAR, subfunction_code VARCHAR,
     subfunction_title VARCHAR, bea_category VARCHAR, on_off_budget VARCHAR, period VARCHAR NOT NULL, fiscal_year INTEGER,
     amount_thousands BIGINT, budget_authority DECIMAL(18,2), toptier_code VARCHAR, subtier_code VARCHAR, ${PROV})`,
  `CREATE OR REPLACE VIEW budget_authority AS SELECT * FROM budget_authority_all
     WHERE source_id = (SELECT max(source_id) FROM budget_authority_all)`,
  `CREATE TABLE IF NOT EXISTS treasury_accounts_all (account_number VARCHAR, ata VARCHAR, aid VARCHAR NOT NULL, bpoa VARCHAR, epoa VARCHAR,
     availability VARCHAR, main_account VARCHAR NOT NULL, sub_account VARCHAR, tas VARCHAR NOT NULL, name VARCHAR,
     agency_name VARCHAR, admin_org VARCHAR, admin_org_name VARCHAR, established VARCHAR, ended VARCHAR, ${PROV})`,
  `CREATE OR REPLACE VIEW treasury_accounts AS SELECT * FROM treasury_accounts_all
     WHERE source_id = (SELECT max(source_id) FROM treasury_accounts_all)`,
  `CREATE TABLE IF NOT EXISTS program_activities_all (fiscal_year INTEGER NOT NULL, agency_id VARCHAR NOT NULL, allocation_id VARCHAR,
     account VARCHAR NOT NULL, pa_code VARCHAR NOT NULL, pa_name VARCHAR, ${PROV})`,
  `CREATE OR REPLACE VIEW program_activities AS SELECT * FROM program_activities_all
     WHERE source_id = (SELECT max(source_id) FROM program_activities_all)`,
  `CREATE TABLE IF NOT EXISTS ex21_filings (filing_id VARCHAR NOT NULL, parent_name VARCHAR, parent_norm VARCHAR, filer VARCHAR, cik VARCHAR,
     form VARCHAR, period VARCHAR, accession VARCHAR, filed_at VARCHAR, exhibit_type VARCHAR, exhibit_filename VARCHAR,
     url VARCHAR, layout VARCHAR NOT NULL, subsidiaries INTEGER NOT NULL, superseded_snapshot_id INTEGER,
     source_id INTEGER NOT NULL, snapshot_id INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ex21_subsidiaries_all (filing_id VARCHAR NOT NULL, name VARCHAR NOT NULL, name_norm VARCHAR NOT NULL,
     jurisdiction VARCHAR, ownership_percent VARCHAR, ${PROV})`,
  `CREATE OR REPLACE VIEW ex21_subsidiaries AS SELECT s.*, f.parent_name, f.filer, f.form, f.period, f.accession, f.url, src.name AS source_file
     FROM ex21_subsidiaries_all s JOIN ex21_filings f USING (filing_id, source_id) JOIN sources src ON src.source_id = s.source_id
     WHERE f.superseded_snapshot_id IS NULL`,
];

/** Analyst-facing names added by migration 7 (for the SQL guard and status). */
export const BUDGET_VIEWS: readonly string[] = ['budget_authority', 'treasury_accounts', 'program_activities', 'ex21_filings', 'ex21_subsidiaries'];
