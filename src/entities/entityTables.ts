/**
 * Entity tables. `entity_judgements` holds the user's accept/reject decisions on suggestions and is never
 * rewritten by ingest or resolution. Everything else is derived by resolution and replaced whole.
 * Keys are identity keys: `uei:XXXXXXXXXXXX`, `duns:123456789`, `name:NORMALIZED NAME|COUNTRY|STATE`,
 * `parent:NORMALIZED NAME` (a parent known only by name) and `family:<curated id>`.
 */
export const ENTITY_DDL: readonly string[] = [
  `CREATE TABLE entity_judgements (left_key VARCHAR NOT NULL, right_key VARCHAR NOT NULL, decision VARCHAR NOT NULL,
     score DOUBLE, left_name VARCHAR, right_name VARCHAR, decided_at TIMESTAMP NOT NULL, note VARCHAR)`,
  `CREATE TABLE entity_state (key VARCHAR NOT NULL, value VARCHAR)`,
  // identity key → recipient
  `CREATE TABLE entity_keys (key VARCHAR NOT NULL, recipient_id VARCHAR NOT NULL)`,
  // raw record values (NULL as '') → recipient and family: what answers join records through
  `CREATE TABLE entity_rows (uei VARCHAR NOT NULL, duns VARCHAR NOT NULL, name VARCHAR NOT NULL, country VARCHAR NOT NULL,
     state VARCHAR NOT NULL, recipient_id VARCHAR NOT NULL, family_id VARCHAR NOT NULL)`,
  `CREATE TABLE entity_recipients (recipient_id VARCHAR NOT NULL, family_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
     name_norm VARCHAR NOT NULL, ueis VARCHAR, duns_numbers VARCHAR, names VARCHAR, country VARCHAR, state VARCHAR,
     records INTEGER NOT NULL, roles VARCHAR)`,
  `CREATE TABLE entity_families (family_id VARCHAR NOT NULL, name VARCHAR NOT NULL, basis VARCHAR NOT NULL,
     curated_file VARCHAR, members INTEGER NOT NULL, records INTEGER NOT NULL, aliases VARCHAR)`,
  // why each recipient is in its family
  `CREATE TABLE entity_membership (family_id VARCHAR NOT NULL, recipient_id VARCHAR NOT NULL, member_name VARCHAR NOT NULL,
     rule VARCHAR NOT NULL, detail VARCHAR NOT NULL, file VARCHAR, line INTEGER, source_url VARCHAR)`,
  // merges refused because they would join two curated families
  `CREATE TABLE entity_conflicts (left_key VARCHAR NOT NULL, right_key VARCHAR NOT NULL, rule VARCHAR NOT NULL, detail VARCHAR NOT NULL)`,
  `CREATE TABLE entity_suggestions (suggestion_id VARCHAR NOT NULL, left_key VARCHAR NOT NULL, right_key VARCHAR NOT NULL,
     left_name VARCHAR, right_name VARCHAR, left_family VARCHAR, right_family VARCHAR, score DOUBLE NOT NULL,
     algorithm VARCHAR NOT NULL, reasons VARCHAR, judgement VARCHAR)`,
  `CREATE VIEW families AS SELECT family_id, name, basis, curated_file, members, records, aliases FROM entity_families`,
  `CREATE VIEW recipients AS SELECT r.recipient_id, r.family_id, f.name AS family_name, r.name, r.ueis, r.duns_numbers,
     r.names, r.country, r.state, r.records, r.roles FROM entity_recipients r JOIN entity_families f USING (family_id)`,
];

/** Derived tables, emptied and refilled by each resolution. */
export const DERIVED_ENTITY_TABLES: readonly string[] = [
  'entity_keys', 'entity_rows', 'entity_recipients', 'entity_families', 'entity_membership', 'entity_conflicts',
  'entity_suggestions',
];
