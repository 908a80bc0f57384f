import type { ColumnDecl } from './tables.js';

/**
 * Stored tables of the FedRAMP Marketplace feed (schema migration 3).
 *
 * The feed is a full snapshot of the Marketplace, so every feed loaded keeps all its rows in the
 * `<view>_all` tables, tagged with the source (file) and snapshot that loaded them. `fedramp_feeds`
 * lists the feeds stored; the one with `superseded_snapshot_id IS NULL` is current, and the
 * analyst views (`fedramp_offerings`, …) show that feed's rows only. A newer feed supersedes the
 * current one; the superseded feed's rows stay in the `_all` tables, so any earlier feed can be
 * read back by its source_id.
 */
export interface FedrampTableDecl {
  /** Physical table: rows of every stored feed. */
  table: string;
  /** Analyst view: rows of the current feed. */
  view: string;
  /** Data columns, in table order; provenance columns follow (FEDRAMP_PROVENANCE). */
  columns: ColumnDecl[];
}

const t = (name: string): ColumnDecl => ({ name, type: 'text' });
const d = (name: string): ColumnDecl => ({ name, type: 'date' });

export const FEDRAMP_OFFERINGS: FedrampTableDecl = {
  table: 'fedramp_offerings_all',
  view: 'fedramp_offerings',
  columns: [
    t('offering_id'), t('provider'), t('offering'), t('provider_uei'), t('status'), t('impact_level'),
    // "IaaS, PaaS, SaaS": the models offered, lowest layer first.
    t('service_models'), t('authorization_type'), d('authorization_date'), d('ready_date'),
    // Details the reader left out of an otherwise good entry, "; "-separated.
    t('problems'), t('json_path'),
  ],
};

export const FEDRAMP_AGENCIES: FedrampTableDecl = {
  table: 'fedramp_agencies_all',
  view: 'fedramp_agencies',
  columns: [t('agency_id'), t('parent_name'), t('sub_name'), t('name'), t('json_path')],
};

export const FEDRAMP_AUTHORIZATIONS: FedrampTableDecl = {
  table: 'fedramp_authorizations_all',
  view: 'fedramp_authorizations',
  columns: [
    t('agency_id'), t('offering_id'), t('kind'), d('ato_date'), d('auth_date'), d('expiration_date'),
    t('problems'), t('json_path'),
  ],
};

export const FEDRAMP_BUILDS_ON: FedrampTableDecl = {
  table: 'fedramp_builds_on_all',
  view: 'fedramp_builds_on',
  columns: [
    t('offering_id'), t('built_on_id'), t('orientation'), t('orientation_note'),
    // The leveraged_systems entries the edge was read from (one or both sides), ", "-separated.
    t('json_paths'),
  ],
};

export const FEDRAMP_TABLES: readonly FedrampTableDecl[] = [FEDRAMP_OFFERINGS, FEDRAMP_AGENCIES, FEDRAMP_AUTHORIZATIONS, FEDRAMP_BUILDS_ON];

/**
 * Provenance every FedRAMP row carries, after its data columns: the source (file) and snapshot that
 * loaded it, a key identifying the entry across feeds and a digest of its data columns (json paths
 * excluded), with which a newer feed's entries are classified as loaded, replaced or unchanged.
 */
export const FEDRAMP_PROVENANCE =
  `source_id INTEGER NOT NULL, snapshot_id INTEGER NOT NULL, row_key VARCHAR NOT NULL, row_hash VARCHAR NOT NULL`;

/** One row per stored feed; `superseded_snapshot_id IS NULL` marks the current one. */
export const FEDRAMP_FEEDS_DDL = `CREATE TABLE fedramp_feeds (source_id INTEGER NOT NULL, snapshot_id INTEGER NOT NULL,
  last_change VARCHAR, content_digest VARCHAR NOT NULL, offerings BIGINT NOT NULL, agencies BIGINT NOT NULL,
  authorizations BIGINT NOT NULL, builds_on BIGINT NOT NULL, superseded_snapshot_id INTEGER)`;

/** Columns the analyst views add to a table's own, joined from the same feed's offerings and agencies. */
export const FEDRAMP_VIEW_JOINS: Readonly<Record<string, { select: string; join: string }>> = {
  fedramp_authorizations: {
    select: 'a.name AS agency_name, o.provider, o.offering',
    join: `LEFT JOIN fedramp_agencies_all a ON a.source_id = t.source_id AND a.agency_id = t.agency_id
      LEFT JOIN fedramp_offerings_all o ON o.source_id = t.source_id AND o.offering_id = t.offering_id`,
  },
  fedramp_builds_on: {
    select: 'o.provider, o.offering, b.provider AS built_on_provider, b.offering AS built_on_offering',
    join: `LEFT JOIN fedramp_offerings_all o ON o.source_id = t.source_id AND o.offering_id = t.offering_id
      LEFT JOIN fedramp_offerings_all b ON b.source_id = t.source_id AND b.offering_id = t.built_on_id`,
  },
};
