import type { ColumnDecl, ColumnType } from './tables.js';

/**
 * Stored tables of OCDS processes (schema migration 7). One row per compiled process, per agency (buyer
 * or procuring entity) of a publisher, per supplier, per award and per contract. Amounts are in the
 * currency of their row (`currency`), never US dollars unless it says USD; nothing here is added to the
 * USAspending tables. Ids are namespaced by the publisher's registered ocid prefix (`ocds-43qwtd`), so a
 * buyer of New South Wales can never be mistaken for a US agency code. Every row carries source_id,
 * snapshot_id and the JSON pointer of what it was read from.
 */
export interface OcdsTableDecl {
  table: string;
  doc: string;
  columns: ColumnDecl[];
}

const c = (spec: string): ColumnDecl[] => spec.split(',').map((s) => {
  const [name, type = 'text'] = s.trim().split(' ');
  return { name: name!, type: type as ColumnType };
});

export const OCDS_PROCESSES: OcdsTableDecl = {
  table: 'ocds_processes',
  doc: 'one contracting process (ocid), compiled: latest release wins per field',
  columns: c(`ocid, publisher_prefix, publisher_name, publisher_uri, country, country_basis, ocds_version, compiled_from,
    release_count int, release_ids, release_date timestamp, tags, tender_title, tender_status, tender_amount money,
    tender_currency, buyer_agency_id, procuring_agency_id, fictional bool, process_digest, json_pointer`),
};

export const OCDS_AGENCIES: OcdsTableDecl = {
  table: 'ocds_agencies',
  doc: 'one buyer or procuring entity of a process: an agency of the publisher\'s country, never a US agency code',
  columns: c(`agency_id, ocid, publisher_prefix, publisher_name, country, party_id, name, scheme, identifier, roles, additional_identifiers`),
};

export const OCDS_SUPPLIERS: OcdsTableDecl = {
  table: 'ocds_suppliers',
  doc: 'one supplier (or tenderer) of a process: a recipient identified by scheme (GB-COH, MX-RFC, AU-ABN, …) where given',
  columns: c(`recipient_id, ocid, publisher_prefix, party_id, name, legal_name, scheme, identifier, roles, country`),
};

export const OCDS_AWARDS: OcdsTableDecl = {
  table: 'ocds_awards',
  doc: 'one award of a process, its value in its own currency',
  columns: c(`ocid, award_id, title, status, award_date date, amount money, currency, amount_field, buyer_agency_id,
    supplier_ids, json_pointer`),
};

export const OCDS_CONTRACTS: OcdsTableDecl = {
  table: 'ocds_contracts',
  doc: 'one contract of a process, its value in its own currency',
  columns: c(`ocid, contract_id, award_id, title, status, date_signed date, period_start date, period_end date, amount money,
    currency, amount_field, buyer_agency_id, supplier_ids, json_pointer`),
};

/** Every OCDS table; rows of one process are replaced together. */
export const OCDS_TABLES: readonly OcdsTableDecl[] = [OCDS_PROCESSES, OCDS_AGENCIES, OCDS_SUPPLIERS, OCDS_AWARDS, OCDS_CONTRACTS];

/** Provenance every OCDS row carries after its columns. */
export const OCDS_PROVENANCE = 'source_id INTEGER NOT NULL, snapshot_id INTEGER NOT NULL';

/**
 * `ocds_spending`: what a buyer spent with a supplier, one row per supplier of each contract, or of each
 * award that has no contract (a contract restates its award's money: the two are never added). An amount
 * shared by several suppliers is not split: `suppliers` says how many share it, and totals per buyer
 * count each contract or award once (`line_key`).
 */
export const OCDS_SPENDING_VIEW = `CREATE VIEW ocds_spending AS
  WITH lines AS (
    SELECT 'contract' AS basis, k.ocid, k.contract_id AS line_id, k.award_id, k.title, k.date_signed AS line_date, k.amount, k.currency,
           k.amount_field, k.buyer_agency_id, k.supplier_ids, k.json_pointer, k.source_id, k.snapshot_id
    FROM ocds_contracts k
    UNION ALL
    SELECT 'award', a.ocid, a.award_id, a.award_id, a.title, a.award_date, a.amount, a.currency, a.amount_field, a.buyer_agency_id,
           a.supplier_ids, a.json_pointer, a.source_id, a.snapshot_id
    FROM ocds_awards a
    WHERE NOT EXISTS (SELECT 1 FROM ocds_contracts k WHERE k.ocid = a.ocid AND k.award_id = a.award_id))
  SELECT l.basis, l.ocid || '|' || l.basis || '|' || l.line_id AS line_key, l.ocid, l.line_id, l.award_id, l.title, l.line_date,
         l.amount, l.currency, l.amount_field, l.buyer_agency_id, g.name AS buyer_name, p.country, p.publisher_name, p.fictional,
         s.recipient_id, s.name AS supplier_name, s.scheme AS supplier_scheme, s.identifier AS supplier_identifier,
         CAST(len(string_split(l.supplier_ids, '|')) AS INTEGER) AS suppliers, l.json_pointer, src.name AS source_file, l.source_id, l.snapshot_id
  FROM lines l
  JOIN ocds_processes p ON p.ocid = l.ocid
  LEFT JOIN ocds_agencies g ON g.ocid = l.ocid AND g.agency_id = l.buyer_agency_id
  LEFT JOIN ocds_suppliers s ON s.ocid = l.ocid AND l.supplier_ids IS NOT NULL AND list_contains(string_split(l.supplier_ids, '|'), s.party_id)
  JOIN sources src ON src.source_id = l.source_id`;
