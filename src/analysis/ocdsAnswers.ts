import type { Database } from '../store/database.js';

/**
 * Answers over OCDS processes (procurement outside the US): who a buyer pays, and whom a supplier is paid
 * by, one line per currency. Amounts are never added across currencies and never converted: whosbehind
 * ships no exchange-rate table, so a conversion would be a figure without a source. A contract restates
 * its award's money, so each award counts once (its contracts where it has any, else the award itself:
 * the `ocds_spending` view); an amount shared by several suppliers is shown whole for each and flagged,
 * and counted once in a buyer's total.
 */

const NO_CONVERSION = 'Amounts are in the currency each record gives, one line per currency, never added across currencies and never converted (whosbehind has no cited exchange-rate table).';

/** An OCDS buyer or procuring entity, as stored. */
export interface OcdsAgencyRef {
  agencyId: string;
  name: string | null;
  country: string | null;
  publisher: string;
}

export interface CurrencyTotal {
  currency: string;
  amount: string;
  /** Contracts, or awards without a contract, counted once each. */
  lines: number;
  processes: number;
}

export interface OcdsEvidence {
  ocid: string;
  basis: 'contract' | 'award';
  lineId: string;
  amount: string | null;
  currency: string | null;
  amountField: string | null;
  jsonPointer: string;
  sourceFile: string;
  snapshotId: number;
}

export interface OcdsAgencyAnswer {
  kind: 'ocds_agency';
  agency: OcdsAgencyRef;
  fictional: boolean;
  processes: number;
  /** Processes of this buyer with no award or contract value (tender notices only). */
  processesWithoutValues: number;
  totals: CurrencyTotal[];
  suppliers: Array<{ recipientId: string | null; name: string | null; scheme: string | null; identifier: string | null; currency: string; amount: string; lines: number; sharedLines: number }>;
  evidence?: OcdsEvidence[];
  notes: string[];
}

/** OCDS agencies whose id is the query, or whose name matches it (exactly, else as a part), ignoring case. */
export async function findOcdsAgencies(db: Database, query: string): Promise<OcdsAgencyRef[]> {
  const rows = await db.all<{ agency_id: string; name: string | null; country: string | null; publisher_name: string; exact: boolean }>(`
    SELECT agency_id, any_value(name) AS name, any_value(country) AS country, any_value(publisher_name) AS publisher_name,
           bool_or(lower(agency_id) = lower($1) OR lower(name) = lower($1)) AS exact
    FROM ocds_agencies WHERE lower(agency_id) = lower($1) OR lower(name) = lower($1) OR strpos(lower(name), lower($1)) > 0
    GROUP BY agency_id ORDER BY exact DESC, agency_id`, [query]);
  const exact = rows.filter((r) => r.exact);
  return (exact.length ? exact : rows).map((r) => ({ agencyId: r.agency_id, name: r.name, country: r.country, publisher: r.publisher_name }));
}

/** Who an OCDS buyer pays, per currency. */
export async function ocdsAgencyAnswer(db: Database, agency: OcdsAgencyRef, options: { explain?: boolean } = {}): Promise<OcdsAgencyAnswer> {
  const id = [agency.agencyId];
  const processes = await db.one<{ n: string; bare: string; fictional: boolean }>(`
    SELECT count(DISTINCT p.ocid) AS n, count(DISTINCT p.ocid) FILTER (WHERE NOT EXISTS (
             SELECT 1 FROM ocds_spending s WHERE s.ocid = p.ocid AND s.amount IS NOT NULL)) AS bare,
           coalesce(bool_or(p.fictional), false) AS fictional
    FROM ocds_processes p WHERE p.ocid IN (SELECT ocid FROM ocds_agencies WHERE agency_id = $1)`, [id[0]!]);
  const totals = await db.all<{ currency: string; amount: string; lines: string; processes: string }>(`
    SELECT currency, CAST(sum(amount) AS VARCHAR) AS amount, count(*) AS lines, count(DISTINCT ocid) AS processes
    FROM (SELECT DISTINCT ON (line_key) line_key, ocid, amount, currency FROM ocds_spending WHERE buyer_agency_id = $1 AND amount IS NOT NULL)
    GROUP BY currency ORDER BY currency`, [id[0]!]);
  const suppliers = await db.all<{ recipient_id: string | null; name: string | null; scheme: string | null; identifier: string | null; currency: string; amount: string; lines: string; shared: string }>(`
    SELECT recipient_id, any_value(supplier_name) AS name, any_value(supplier_scheme) AS scheme, any_value(supplier_identifier) AS identifier,
           currency, CAST(sum(amount) AS VARCHAR) AS amount, count(*) AS lines, count(*) FILTER (WHERE suppliers > 1) AS shared
    FROM ocds_spending WHERE buyer_agency_id = $1 AND amount IS NOT NULL
    GROUP BY recipient_id, currency ORDER BY currency, sum(amount) DESC, recipient_id`, [id[0]!]);
  const answer: OcdsAgencyAnswer = {
    kind: 'ocds_agency',
    agency,
    fictional: !!processes?.fictional,
    processes: Number(processes?.n ?? 0),
    processesWithoutValues: Number(processes?.bare ?? 0),
    totals: totals.map((t) => ({ currency: t.currency, amount: t.amount, lines: Number(t.lines), processes: Number(t.processes) })),
    suppliers: suppliers.map((s) => ({
      recipientId: s.recipient_id, name: s.name, scheme: s.scheme, identifier: s.identifier, currency: s.currency, amount: s.amount,
      lines: Number(s.lines), sharedLines: Number(s.shared),
    })),
    notes: [NO_CONVERSION, 'Awards and contracts from OCDS publications; a contract restates its award, so each award counts once (its contracts where it has any).'],
  };
  if (answer.processesWithoutValues) answer.notes.push(`${answer.processesWithoutValues} of ${answer.processes} process(es) of this buyer carry no award or contract value (tender notices only): they add nothing to the figures.`);
  if (answer.suppliers.some((s) => s.sharedLines)) answer.notes.push('An amount shared by several suppliers is shown whole for each of them (marked "shared"), and counted once in the totals.');
  if (answer.fictional) answer.notes.unshift('FICTIONAL: the official OCDS worked example, not real spending.');
  if (answer.suppliers.some((s) => s.recipientId === null)) answer.notes.push('Some contracts name no supplier (shown as "(no supplier named)").');
  const fields = await extensionFields(db, 'buyer_agency_id', id[0]!);
  if (fields.length) answer.notes.push(`Some amounts are the publisher's ${fields.join(', ')} field (no standard value given; for Mexico's APF, valueWithTax includes tax).`);
  if (options.explain) answer.evidence = await evidence(db, `buyer_agency_id = $1`, id[0]!);
  return answer;
}

/** Amount fields other than the standard `value` that figures of this scope were read from. */
async function extensionFields(db: Database, column: 'buyer_agency_id' | 'recipient_id', value: string): Promise<string[]> {
  const rows = await db.all<{ f: string }>(`SELECT DISTINCT amount_field AS f FROM ocds_spending WHERE ${column} = $1 AND amount_field <> 'value' ORDER BY 1`, [value]);
  return rows.map((r) => r.f);
}

async function evidence(db: Database, where: string, param: string): Promise<OcdsEvidence[]> {
  const rows = await db.all<{ ocid: string; basis: 'contract' | 'award'; line_id: string; amount: string | null; currency: string | null; amount_field: string | null; json_pointer: string; source_file: string; snapshot_id: number }>(`
    SELECT DISTINCT ocid, basis, line_id, CAST(amount AS VARCHAR) AS amount, currency, amount_field, json_pointer, source_file, snapshot_id
    FROM ocds_spending WHERE ${where} ORDER BY currency, ocid, line_id`, [param]);
  return rows.map((r) => ({
    ocid: r.ocid, basis: r.basis, lineId: r.line_id, amount: r.amount, currency: r.currency, amountField: r.amount_field,
    jsonPointer: r.json_pointer, sourceFile: r.source_file, snapshotId: Number(r.snapshot_id),
  }));
}

/** An OCDS supplier, as stored: its identifier by scheme where the publisher gives one. */
export interface OcdsSupplierRef {
  recipientId: string;
  name: string | null;
  scheme: string | null;
  identifier: string | null;
}

export interface OcdsCompanyAnswer {
  kind: 'ocds_company';
  supplier: OcdsSupplierRef;
  fictional: boolean;
  totals: CurrencyTotal[];
  byBuyer: Array<{ agencyId: string | null; buyer: string | null; country: string | null; publisher: string; currency: string; amount: string; lines: number; sharedLines: number }>;
  evidence?: OcdsEvidence[];
  notes: string[];
}

/** OCDS suppliers whose recipient id or identifier is the query, or whose name matches it. */
export async function findOcdsSuppliers(db: Database, query: string): Promise<OcdsSupplierRef[]> {
  const rows = await db.all<{ recipient_id: string; name: string | null; scheme: string | null; identifier: string | null; exact: boolean }>(`
    SELECT recipient_id, any_value(name) AS name, any_value(scheme) AS scheme, any_value(identifier) AS identifier,
           bool_or(lower(recipient_id) = lower($1) OR lower(identifier) = lower($1) OR lower(name) = lower($1) OR lower(legal_name) = lower($1)) AS exact
    FROM ocds_suppliers WHERE lower(recipient_id) = lower($1) OR lower(identifier) = lower($1)
       OR strpos(lower(name), lower($1)) > 0 OR strpos(lower(legal_name), lower($1)) > 0
    GROUP BY recipient_id ORDER BY exact DESC, recipient_id`, [query]);
  const exact = rows.filter((r) => r.exact);
  return (exact.length ? exact : rows).map((r) => ({ recipientId: r.recipient_id, name: r.name, scheme: r.scheme, identifier: r.identifier }));
}

/** Whom an OCDS supplier is paid by, per buyer and currency. */
export async function ocdsCompanyAnswer(db: Database, supplier: OcdsSupplierRef, options: { explain?: boolean } = {}): Promise<OcdsCompanyAnswer> {
  const byBuyer = await db.all<{ agency: string | null; buyer: string | null; country: string | null; publisher: string; currency: string; amount: string; lines: string; shared: string; fictional: boolean }>(`
    SELECT buyer_agency_id AS agency, any_value(buyer_name) AS buyer, any_value(country) AS country, any_value(publisher_name) AS publisher,
           currency, CAST(sum(amount) AS VARCHAR) AS amount, count(*) AS lines, count(*) FILTER (WHERE suppliers > 1) AS shared, bool_or(fictional) AS fictional
    FROM ocds_spending WHERE recipient_id = $1 AND amount IS NOT NULL
    GROUP BY buyer_agency_id, currency ORDER BY currency, sum(amount) DESC, buyer_agency_id`, [supplier.recipientId]);
  const totals = await db.all<{ currency: string; amount: string; lines: string; processes: string }>(`
    SELECT currency, CAST(sum(amount) AS VARCHAR) AS amount, count(*) AS lines, count(DISTINCT ocid) AS processes
    FROM ocds_spending WHERE recipient_id = $1 AND amount IS NOT NULL GROUP BY currency ORDER BY currency`, [supplier.recipientId]);
  const fictional = byBuyer.some((b) => b.fictional);
  const answer: OcdsCompanyAnswer = {
    kind: 'ocds_company',
    supplier,
    fictional,
    totals: totals.map((t) => ({ currency: t.currency, amount: t.amount, lines: Number(t.lines), processes: Number(t.processes) })),
    byBuyer: byBuyer.map((b) => ({
      agencyId: b.agency, buyer: b.buyer, country: b.country, publisher: b.publisher, currency: b.currency, amount: b.amount,
      lines: Number(b.lines), sharedLines: Number(b.shared),
    })),
    notes: [NO_CONVERSION],
  };
  if (fictional) answer.notes.unshift('FICTIONAL: the official OCDS worked example, not real spending.');
  if (answer.byBuyer.some((b) => b.sharedLines)) answer.notes.push('Some amounts are shared with other suppliers of the same award or contract (marked "shared"); they are not split.');
  const fields = await extensionFields(db, 'recipient_id', supplier.recipientId);
  if (fields.length) answer.notes.push(`Some amounts are the publisher's ${fields.join(', ')} field (no standard value given; for Mexico's APF, valueWithTax includes tax).`);
  if (options.explain) answer.evidence = await evidence(db, `recipient_id = $1`, supplier.recipientId);
  return answer;
}
