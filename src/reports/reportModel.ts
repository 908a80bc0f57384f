/**
 * The data model of a report: every figure a report prints, gathered once from the answers
 * (agency/company, breakdown, path, graph neighbourhood) so the text, tables, charts and JSON of every
 * format come from the same query results. Money is an exact decimal string ("29688989.93"); shares are
 * percent strings with two decimals ("12.34"), null where the whole is zero.
 */
import type { Basis } from '../analysis/answer.js';
import type { FiscalYearRange } from '../analysis/fiscalYears.js';
import type { EdgeKind } from '../model/edgeKinds.js';
import type { EdgeEvidenceRecord } from '../graph/evidence.js';

export type ReportKind = 'agency' | 'company';
export const REPORT_FORMATS = ['html', 'md', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The watched names of a report: companies (agency reports) or agencies (company reports) to find paths to. */
export interface ReportWatch {
  agencies: string[];
  companies: string[];
  keywords: string[];
  /** Where the list came from: a file path, or "built-in" for data/watch.yaml. */
  source: string;
}

/** What to report on. */
export interface ReportRequest {
  kind: ReportKind;
  /** The agency or company as asked (code, abbreviation, name; family name, alias, UEI). */
  query: string;
  fiscalYears?: FiscalYearRange;
  /** Agency reports: which agency field counts (default either). Company reports: awarding or funding (default awarding). */
  basis?: Basis;
  /** Names to find evidence paths to; the built-in list (data/watch.yaml) when absent. */
  watch?: ReportWatch;
  /** Rows in the ranking table (default 10) and in the top awards table (default 15). */
  limit?: number;
  topAwards?: number;
  /** The command that reproduces the report, for section 8 (the CLI passes its argv). */
  command?: string;
}

/** One ranked row of section 2: a company family (agency report) or an agency (company report). */
export interface RankingRow {
  rank: number;
  id: string;
  name: string;
  /** How a family was formed (curated, parent_field, judgement, single) or the agency level. */
  note: string | null;
  obligations: string;
  share: string | null;
  awards: number;
  transactions: number;
  firstFiscalYear: number | null;
  lastFiscalYear: number | null;
}

export interface ReportSection2 {
  /** What a row is: a family (agency report) or an agency (company report). */
  entity: 'family' | 'agency';
  rows: RankingRow[];
  /** Everything not listed, summed. */
  others: { count: number; obligations: string; share: string | null; transactions: number } | null;
  total: { obligations: string; transactions: number; awards: number; count: number };
}

export interface TrendSeries {
  id: string;
  name: string;
  byYear: Array<{ fiscalYear: number; obligations: string }>;
}

export interface ReportTrend {
  fiscalYears: number[];
  total: Array<{ fiscalYear: number; obligations: string; transactions: number }>;
  /** The top rows of section 2 per year, and "others" (the rest of the total). */
  series: TrendSeries[];
  /** Transactions with no fiscal year (no action date), left out of the per-year figures. */
  undated: { obligations: string; transactions: number } | null;
}

export interface CategoryRow {
  /** Null for the all-years row. */
  fiscalYear: number | null;
  category: string;
  label: string;
  obligations: string;
  share: string | null;
  transactions: number;
}

export interface ReportNode {
  id: string;
  type: string;
  label: string;
}

export interface ReportEdge {
  id: string;
  kind: EdgeKind;
  from: string;
  to: string;
  amount: string | null;
  records: number;
  /** True when the edge lies on one of the evidence paths shown. */
  onPath: boolean;
}

/** One evidence record as a report prints it: the graph's record, with `matched` always present (null when none). */
export type EvidenceLine = Omit<EdgeEvidenceRecord, 'matched'> & { matched: string | null };

export interface PathStepView {
  kind: EdgeKind;
  from: ReportNode;
  to: ReportNode;
  sentence: string;
  amount: string | null;
  records: number;
  detail: string | null;
  source: string;
  evidence: { count: number; total: string | null; note: string | null; records: EvidenceLine[] };
}

export interface WatchedPaths {
  /** The watched name as listed. */
  name: string;
  /** The family or agency it resolved to, null when not in this store. */
  resolved: string | null;
  paths: Array<{ rank: number; score: number; hops: number; why: string[]; steps: PathStepView[] }>;
  notes: string[];
}

export interface ReportRelationships {
  centre: string[];
  nodes: ReportNode[];
  edges: ReportEdge[];
  /** Nodes left out of the drawing by its size limit. */
  omitted: number;
  watched: WatchedPaths[];
  notes: string[];
}

export interface ReportAward {
  awardKey: string;
  piid: string | null;
  permalink: string;
  recipient: string | null;
  family: string;
  description: string | null;
  obligations: string;
  transactions: number;
  firstActionDate: string | null;
  lastActionDate: string | null;
  parentAwardPiid: string | null;
  awardingSubAgency: string | null;
  /** Watched keywords found in the description. */
  keywords: string[];
}

export interface ReportSource {
  sourceId: number;
  snapshotId: number;
  name: string;
  layout: string;
  sha256: string;
  bytes: number;
  read: number;
  loaded: number;
  rejected: number;
  /** Rows of this file now current in the store. */
  currentRows: number;
  /** Rows of this file counted in the report's figures (prime transactions in scope). */
  rowsInReport: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface ReportMethod {
  basis: string;
  basisExplained: string;
  snapshotId: number | null;
  snapshotFinishedAt: string | null;
  sources: ReportSource[];
  gaps: string[];
  /** How the listed families were formed, counted by rule. */
  families: Array<{ basis: string; explained: string; families: number }>;
  membershipRules: Array<{ rule: string; explained: string; members: number }>;
  caveats: string[];
}

export interface ReportReproduce {
  command: string;
  toolVersion: string;
  snapshotId: number | null;
  store: string;
  watchSource: string;
}

/** Everything a report prints. */
export interface ReportModel {
  schema: 'whosbehind.report/1';
  kind: ReportKind;
  title: string;
  /** `name` is short ("U.S. Immigration and Customs Enforcement (ICE)"); `description` says where it sits. */
  subject: { kind: ReportKind; id: string; name: string; description: string; query: string };
  basis: string;
  fiscalYears: FiscalYearRange | null;
  fiscalYearsLabel: string;
  /** Set when the store holds no records of the subject in scope: the report says so instead of charting. */
  empty: string | null;
  summary: string[];
  ranking: ReportSection2;
  trend: ReportTrend;
  categories: CategoryRow[];
  relationships: ReportRelationships;
  topAwards: ReportAward[];
  method: ReportMethod;
  reproduce: ReportReproduce;
}
