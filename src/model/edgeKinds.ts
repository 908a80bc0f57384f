/**
 * The relationship graph's edge kinds, declared once as data (in the spirit of FollowTheMoney's
 * relationship schemas, which declare their own `edge: {source, label, target}`). The graph build,
 * path search, graph answers, evidence, reports, CLI and web read these declarations; nothing else
 * names a kind. Adding a kind is one entry here (plus its tests and docs): see docs/architecture.md,
 * "Add an edge kind".
 *
 * SQL in a declaration is text with no values in it: the evidence engine (graph/evidence.ts) binds the
 * edges it fetches as a relation `p(k, from_id, to_id, from_node, to_node, agencies)` and every other
 * value as a parameter.
 */

/** What a graph node stands for. */
export type NodeType = 'agency' | 'family' | 'offering' | 'recipient';

/**
 * Roles a few kinds play in generic rules (rather than the rules naming kinds):
 * - `payment`: the agency pays the target as prime (corroborates an authorization; partners' agency side);
 * - `authorization`: the agency authorizes the target offering;
 * - `ownership`: the source owns the target (family → member recipient, provider → offering);
 * - `hosting`: the source offering runs on the target offering;
 * - `cited`: a cited claim (detail holds `{kind, sourceUrl, quote, note}`), shown as a claim, never as a record.
 */
export type EdgeRole = 'payment' | 'authorization' | 'ownership' | 'hosting' | 'cited';

/** How an edge's records relate to agencies. */
export type AgencyScope =
  /** one end is the agency itself (prime: agency → family; authorizes: agency → offering) */
  | 'end'
  /** the edge lists the agencies whose records back it (subaward: prime awards' agencies; resells: the transactions') */
  | 'listed'
  /** agency-neutral facts (ownership, hosting) */
  | 'none';

/**
 * One query for the records behind edges of a kind. `sql` selects, for the edges in `p`, one row per
 * record with the columns: `p.k AS edge_key`, `tbl`, `key`, `amount` (VARCHAR or NULL), `amount_value`
 * (the amount as a number, for ranking and sums), `d` (date, VARCHAR), `party`, `text`, `matched`
 * (the words that matched, or NULL), `file`, `line`, the agency columns `ag_awarding`, `ag_funding`
 * (subtier codes or NULL) that narrowing reads, `member` (the member recipient carrying the record, or
 * NULL) and `is_repeat` (TRUE for a repeated report of a record already counted: shown in no figure);
 * optionally `rule` (the rule that classed the record, shown beside the matched words).
 */
export interface EvidenceQuery {
  sql: string;
  /** Whether the records carry money (count and exact total reported). */
  money: boolean;
  /** Note shown with the evidence; `null` shows the edge's own detail. */
  note: string | null;
  /**
   * How the agency asked narrows the records: `own-agency` — always to the edge's agency end (the match
   * already requires it); `asked-if-listed` — to the agencies asked when the edge lists one of them;
   * `none` — never.
   */
  narrow: 'own-agency' | 'asked-if-listed' | 'none';
  /** Whether repeated reports are dropped (`is_repeat`), so each figure says how many were. */
  deduplicates: boolean;
}

/**
 * How edges of a kind are built from the store by one SQL query (kinds built by the graph's own steps —
 * brand matching, FedRAMP, claims — say `step` instead). The query returns one row per edge with the
 * columns `from_type`, `from_id`, `from_name`, `to_type`, `to_id`, `to_name` (names may be NULL: the
 * build labels agencies and families itself), `amount`, `awarding`, `funding` (VARCHAR or NULL),
 * `records`, `d0`, `d1`, `agencies` (comma-separated subtier codes or NULL), `confidence`, `detail`.
 */
export type EdgeBuild =
  | { sql: string; requires?: readonly string[] }
  | { step: 'brand mentions' | 'fedramp' | 'members' | 'claims' };

export interface EdgeKindDeclaration {
  /** The kind's name, as stored in graph_edges.kind and typed in `--kinds`. */
  kind: string;
  /** The verb of a step's sentence: "<from> <verb> <to>". */
  verb: string;
  /** Which node types the edge runs between, from → to, and what that means. */
  direction: { from: readonly NodeType[]; to: readonly NodeType[]; reads: string };
  /** Weight in path ranking (at most 1): a step's score is weight × confidence × amount and age factors. */
  weight: number;
  /** Facts without a date of activity (not discounted for age). */
  timeless: boolean;
  agencyScope: AgencyScope;
  roles: readonly EdgeRole[];
  /** Where the edge's `source` field says it was read from. */
  source: string;
  build: readonly EdgeBuild[];
  /** The records behind an edge; empty: the edge is its own record (count and amount as stored). */
  evidence: readonly EvidenceQuery[];
  /** Order in relationship tables (money before ownership). */
  order: number;
  /** Labels: `text` in CLI legends, `report` in report charts, `web` on pages; `dot` is the Graphviz line style. */
  label: { text: string; report: string; web: string; dot: 'solid' | 'dashed' | 'dotted' | 'bold' };
  /** In text answers: show the awarding / funding split (agency-paid kinds), the edge's detail line (`always`, `to-offering`). */
  text: { basisSplit: boolean; detail: 'always' | 'to-offering' | 'never' };
  /** In `partners`: how an edge of this kind joins a partner to the company's sphere, and to the agency. */
  partners: { withCompany: 'direct' | 'provider-of-source' | null; withAgency: 'agency-end' | 'listed' | null };
}

const FAMILY = (alias: string, col: string): string => `coalesce(${alias}.${col}, '(none)')`;

/** Columns every transaction evidence row selects (alias r for tx_current, s for sources). */
const TX_COLUMNS = `'transactions' AS tbl, r.contract_transaction_unique_key AS key, CAST(r.federal_action_obligation AS VARCHAR) AS amount,
  r.federal_action_obligation AS amount_value, CAST(r.action_date AS VARCHAR) AS d, r.recipient_name AS party,
  r.awarding_sub_agency_code AS ag_awarding, r.funding_sub_agency_code AS ag_funding, s.name AS file, r.source_line AS line,
  r.recipient_name AS member, FALSE AS is_repeat`;

/**
 * Subawards with the repeat rule of the answers (analysis/answerFacts.ts: answer_subawards.copy_no, one
 * number per report of a subaward, the latest report first): a row with copy_no > 1 repeats another
 * report's prime award, subaward number, amount and subawardee.
 */
const SUBAWARDS = 'answer_subawards';

const BRAND_SOURCE = 'transactions (descriptions) + data/brands.yaml';

/**
 * Evidence of a brand kind: transactions whose description names the brand family and states `relation`
 * (graph_brand_mentions, one row per description and brand family). A transaction is read by its own
 * description where that names the brand, else by its award's base description: the graph build reads it
 * the same way, so a transaction backs one brand kind only.
 */
function brandEvidence(relation: 'resells' | 'services_on' | 'names', note: string): EvidenceQuery {
  return {
    sql: `SELECT * EXCLUDE (relation, pri) FROM (
        SELECT DISTINCT ON (p.k, r.contract_transaction_unique_key) p.k AS edge_key, ${TX_COLUMNS},
          m.snippet AS text, m.matched_text AS matched, m.rule AS rule, m.relation AS relation,
          CASE WHEN m.text = r.transaction_description THEN 0 ELSE 1 END AS pri
        FROM tx_current r JOIN sources s ON s.source_id = r.source_id
        JOIN graph_brand_mentions m ON (m.text = r.transaction_description OR m.text = r.prime_award_base_transaction_description)
        JOIN p ON m.family_node = p.to_node AND ${FAMILY('r', 'family_id')} = p.from_id
        ORDER BY p.k, r.contract_transaction_unique_key, pri) WHERE relation = '${relation}'`,
    money: true, narrow: 'asked-if-listed', deduplicates: false, note,
  };
}

/** The declarations, in the order kinds are listed (help text, counts, `--kinds`). */
export const EDGE_KIND_DECLARATIONS = [
  {
    kind: 'prime', verb: 'pays as prime contractor',
    direction: { from: ['agency'], to: ['family'], reads: 'the agency (awarding or funding) pays the family as prime contractor' },
    weight: 1, timeless: false, agencyScope: 'end', roles: ['payment'], source: 'transactions',
    build: [{
      sql: `WITH t AS (
          SELECT r.awarding_sub_agency_code AS a, r.awarding_sub_agency_name AS an, r.funding_sub_agency_code AS f,
            r.funding_sub_agency_name AS fn, ${FAMILY('r', 'family_id')} AS fam, r.federal_action_obligation AS amt, r.action_date AS d
          FROM tx_current r ),
        u AS (SELECT a AS ag, an AS agn, * FROM t WHERE a IS NOT NULL
              UNION ALL SELECT f AS ag, fn AS agn, * FROM t WHERE f IS NOT NULL AND f IS DISTINCT FROM a)
        SELECT 'agency' AS from_type, ag AS from_id, any_value(agn) AS from_name, 'family' AS to_type, fam AS to_id, NULL AS to_name,
          CAST(sum(amt) AS VARCHAR) AS amount,
          coalesce(CAST(sum(amt) FILTER (WHERE a = ag) AS VARCHAR), '0.00') AS awarding,
          coalesce(CAST(sum(amt) FILTER (WHERE f = ag) AS VARCHAR), '0.00') AS funding,
          count(*)::INTEGER AS records, CAST(min(d) AS VARCHAR) AS d0, CAST(max(d) AS VARCHAR) AS d1, ag AS agencies,
          'record' AS confidence, NULL AS detail
        FROM u WHERE fam <> '(none)' GROUP BY ag, fam ORDER BY ag, fam`,
    }],
    evidence: [{
      sql: `SELECT p.k AS edge_key, ${TX_COLUMNS},
          coalesce(r.transaction_description, r.prime_award_base_transaction_description) AS text, NULL AS matched
        FROM tx_current r JOIN sources s ON s.source_id = r.source_id
        JOIN p ON ${FAMILY('r', 'family_id')} = p.to_id AND (r.awarding_sub_agency_code = p.from_id OR r.funding_sub_agency_code = p.from_id)`,
      money: true, narrow: 'own-agency', deduplicates: false, note: 'prime transactions awarded or funded by the agency; de-obligations included',
    }],
    order: 0,
    label: { text: 'prime', report: 'prime contract', web: 'prime', dot: 'solid' },
    text: { basisSplit: true, detail: 'never' },
    partners: { withCompany: null, withAgency: 'agency-end' },
  },
  {
    kind: 'subaward', verb: 'subcontracts to',
    direction: { from: ['family'], to: ['family'], reads: 'the prime family reports a subaward to the sub family, under prime awards of the listed agencies' },
    weight: 0.8, timeless: false, agencyScope: 'listed', roles: [], source: 'subawards',
    build: [{
      sql: `SELECT 'family' AS from_type, ${FAMILY('r', 'prime_family_id')} AS from_id, NULL AS from_name,
          'family' AS to_type, ${FAMILY('r', 'sub_family_id')} AS to_id, NULL AS to_name,
          CAST(coalesce(sum(r.subaward_amount) FILTER (WHERE r.copy_no = 1), 0) AS VARCHAR) AS amount, NULL AS awarding, NULL AS funding,
          (count(*) FILTER (WHERE r.copy_no = 1))::INTEGER AS records,
          CAST(min(r.subaward_action_date) AS VARCHAR) AS d0, CAST(max(r.subaward_action_date) AS VARCHAR) AS d1,
          string_agg(DISTINCT r.prime_award_awarding_sub_agency_code, ',' ORDER BY r.prime_award_awarding_sub_agency_code) AS agencies,
          'record' AS confidence,
          'self-reported by the prime; repeated reports counted once (' || (count(*) FILTER (WHERE r.copy_no > 1)) || ' repeat(s) dropped'
            || CASE WHEN count(*) FILTER (WHERE r.copy_no > 1) > 0
                 THEN ', ' || CAST(sum(r.subaward_amount) FILTER (WHERE r.copy_no > 1) AS VARCHAR) ELSE '' END || ')' AS detail
        FROM ${SUBAWARDS} r WHERE r.prime_family_id IS NOT NULL AND r.sub_family_id IS NOT NULL AND r.prime_family_id <> r.sub_family_id
        GROUP BY 2, 5 ORDER BY 2, 5`, requires: [SUBAWARDS],
    }],
    evidence: [{
      sql: `SELECT p.k AS edge_key, 'subawards' AS tbl, r.subaward_key AS key, CAST(r.subaward_amount AS VARCHAR) AS amount,
          r.subaward_amount AS amount_value, CAST(r.subaward_action_date AS VARCHAR) AS d,
          r.subawardee_name || ' under ' || coalesce(r.prime_award_piid, r.prime_award_unique_key) AS party, r.subaward_description AS text,
          NULL AS matched, r.prime_award_awarding_sub_agency_code AS ag_awarding, r.prime_award_funding_sub_agency_code AS ag_funding,
          s.name AS file, r.source_line AS line, r.subawardee_name AS member, r.copy_no > 1 AS is_repeat
        FROM ${SUBAWARDS} r JOIN sources s ON s.source_id = r.source_id
        JOIN p ON ${FAMILY('r', 'prime_family_id')} = p.from_id AND ${FAMILY('r', 'sub_family_id')} = p.to_id`,
      money: true, narrow: 'asked-if-listed', deduplicates: true,
      note: 'subawards as reported by the prime (self-reported; a subaward reported again is counted once)',
    }],
    order: 1,
    label: { text: 'subaward', report: 'subaward', web: 'subaward', dot: 'dashed' },
    text: { basisSplit: false, detail: 'never' },
    partners: { withCompany: 'direct', withAgency: 'listed' },
  },
  {
    kind: 'resells', verb: 'resells',
    direction: { from: ['family'], to: ['family'], reads: "the buyer purchases the brand family's product through the family: its transactions' descriptions name the brand with a resale cue (data/brands.yaml relations)" },
    weight: 0.85, timeless: false, agencyScope: 'listed', roles: [], source: BRAND_SOURCE,
    build: [{ step: 'brand mentions' }],
    evidence: [brandEvidence('resells', 'transactions whose descriptions name the brand with a resale cue (licences, cloud consumption, the product itself; matched words and rule quoted: read the snippet)')],
    order: 2,
    label: { text: 'resells', report: 'resells (resale cue in descriptions)', web: 'resells', dot: 'bold' },
    text: { basisSplit: false, detail: 'never' },
    partners: { withCompany: 'direct', withAgency: null },
  },
  {
    kind: 'services_on', verb: 'provides services on',
    direction: { from: ['family'], to: ['family'], reads: "the family works for or on the brand family's platform (migration, engineering, support): descriptions name the brand with a services cue" },
    weight: 0.75, timeless: false, agencyScope: 'listed', roles: [], source: BRAND_SOURCE,
    build: [{ step: 'brand mentions' }],
    evidence: [brandEvidence('services_on', "transactions whose descriptions name the brand with a services cue (work on the brand's platform, not resale; matched words and rule quoted: read the snippet)")],
    order: 3,
    label: { text: 'services_on', report: "services on the brand's platform", web: 'services on', dot: 'bold' },
    text: { basisSplit: false, detail: 'never' },
    partners: { withCompany: 'direct', withAgency: null },
  },
  {
    kind: 'names', verb: 'has records naming',
    direction: { from: ['family'], to: ['family'], reads: "the family's transactions' descriptions name the brand family, with no cue telling resale from services" },
    weight: 0.5, timeless: false, agencyScope: 'listed', roles: [], source: BRAND_SOURCE,
    build: [{ step: 'brand mentions' }],
    evidence: [brandEvidence('names', 'transactions whose descriptions name the brand; the text does not say whether it is resale or services (matched words quoted: read the snippet)')],
    order: 4,
    label: { text: 'names', report: 'descriptions name the brand', web: 'names', dot: 'dotted' },
    text: { basisSplit: false, detail: 'never' },
    partners: { withCompany: 'direct', withAgency: null },
  },
  {
    kind: 'authorizes', verb: 'authorizes (FedRAMP)',
    direction: { from: ['agency'], to: ['offering'], reads: 'the agency authorizes the cloud offering (FedRAMP ATO or reuse)' },
    weight: 0.8, timeless: false, agencyScope: 'end', roles: ['authorization'], source: 'fedramp',
    build: [{ step: 'fedramp' }],
    evidence: [{
      sql: `SELECT p.k AS edge_key, 'fedramp_authorizations' AS tbl, a.agency_id || ' ' || a.kind || ' ' || a.offering_id AS key, NULL AS amount,
          NULL AS amount_value, CAST(a.ato_date AS VARCHAR) AS d, a.agency_name AS party, a.json_path AS text, NULL AS matched,
          NULL AS ag_awarding, NULL AS ag_funding, a.source_file AS file, NULL AS line, NULL AS member, FALSE AS is_repeat
        FROM fedramp_authorizations a JOIN p ON a.offering_id = p.to_id AND list_contains(string_split(p.agencies, ','), a.agency_id)`,
      money: false, narrow: 'none', deduplicates: false, note: null,
    }],
    order: 5,
    label: { text: 'authorizes', report: 'FedRAMP authorization', web: 'authorizes', dot: 'solid' },
    text: { basisSplit: false, detail: 'always' },
    partners: { withCompany: null, withAgency: null },
  },
  {
    kind: 'builds_on', verb: 'is built on (FedRAMP)',
    direction: { from: ['offering'], to: ['offering'], reads: 'the offering runs on the other (FedRAMP leveraged systems, oriented by service model)' },
    weight: 0.9, timeless: true, agencyScope: 'none', roles: ['hosting'], source: 'fedramp',
    build: [{ step: 'fedramp' }],
    evidence: [{
      sql: `SELECT p.k AS edge_key, 'fedramp_builds_on' AS tbl, b.offering_id || ' on ' || b.built_on_id AS key, NULL AS amount, NULL AS amount_value,
          NULL AS d, b.orientation AS party, b.json_paths AS text, NULL AS matched, NULL AS ag_awarding, NULL AS ag_funding,
          b.source_file AS file, NULL AS line, NULL AS member, FALSE AS is_repeat
        FROM fedramp_builds_on b JOIN p ON b.offering_id = p.from_id AND b.built_on_id = p.to_id`,
      money: false, narrow: 'none', deduplicates: false, note: null,
    }],
    order: 6,
    label: { text: 'builds_on', report: 'built on (FedRAMP)', web: 'builds_on', dot: 'dotted' },
    text: { basisSplit: false, detail: 'always' },
    partners: { withCompany: 'provider-of-source', withAgency: null },
  },
  {
    kind: 'owns', verb: 'owns',
    direction: { from: ['family'], to: ['recipient', 'offering'], reads: 'the family owns the member recipient, or the provider family owns its FedRAMP offering' },
    weight: 1, timeless: true, agencyScope: 'none', roles: ['ownership'], source: 'entities',
    build: [{ step: 'fedramp' }, { step: 'members' }],
    evidence: [],
    order: 8,
    label: { text: 'owns', report: 'owns', web: 'owns', dot: 'solid' },
    text: { basisSplit: false, detail: 'to-offering' },
    partners: { withCompany: null, withAgency: null },
  },
  {
    kind: 'claim', verb: 'is claimed to relate to',
    direction: { from: ['family', 'agency', 'offering'], to: ['family', 'agency', 'offering'], reads: 'a cited claims file says so (shown as a claim, never as a record)' },
    weight: 0.5, timeless: true, agencyScope: 'end', roles: ['cited'], source: 'claims file',
    build: [{ step: 'claims' }],
    evidence: [],
    order: 7,
    label: { text: 'claim', report: 'cited claim', web: 'claim', dot: 'dashed' },
    text: { basisSplit: false, detail: 'never' },
    partners: { withCompany: 'direct', withAgency: 'agency-end' },
  },
] as const satisfies readonly EdgeKindDeclaration[];

/** An edge kind's name. */
export type EdgeKind = (typeof EDGE_KIND_DECLARATIONS)[number]['kind'];

/** Every kind, in declaration order. */
export const EDGE_KINDS: readonly EdgeKind[] = EDGE_KIND_DECLARATIONS.map((d) => d.kind);

const BY_KIND = new Map<string, EdgeKindDeclaration>(EDGE_KIND_DECLARATIONS.map((d) => [d.kind, d]));

/** The declaration of a kind (throws on a kind that is not declared: a stored graph of another version). */
export function edgeKind(kind: string): EdgeKindDeclaration {
  const d = BY_KIND.get(kind);
  if (!d) throw new Error(`edge kind "${kind}" is not declared in src/model/edgeKinds.ts`);
  return d;
}

/** Whether `kind` names a declared edge kind. */
export function isEdgeKind(kind: string): kind is EdgeKind {
  return BY_KIND.has(kind);
}

/** The kinds playing a role (e.g. `ownership`), in declaration order. */
export function kindsWithRole(role: EdgeRole): EdgeKind[] {
  return EDGE_KIND_DECLARATIONS.filter((d) => (d.roles as readonly EdgeRole[]).includes(role)).map((d) => d.kind);
}

/** Whether an edge of `kind` plays `role`. */
export function hasRole(kind: string, role: EdgeRole): boolean {
  return (BY_KIND.get(kind)?.roles ?? []).includes(role);
}
