/**
 * The lobbying answer (question 7): who lobbies an agency, for which clients, on which issues, and
 * how that lines up with the contracts those clients hold there — or, for a company family, every
 * filing naming it as client or registrant. From the LDA filings in force (the amendment rule,
 * src/sources/lda/amendmentRule.ts). Rules, stated in every answer:
 *  - income (a firm paid by a client) and expenses (an organisation lobbying for itself) are separate
 *    figures, never added; a filing that reports neither counts as "not reported", never as zero;
 *  - a filing's amount is for the whole filing: the LDA does not split it among the entities lobbied,
 *    so an entity's row shows what the filings listing it reported, and rows are never added up;
 *  - lobbying is influence, not money from the agency: contract obligations are shown beside it, never
 *    added to it.
 */
import type { AgencyRef } from '../entities/agencies.js';
import type { FamilyRef } from '../entities/companies.js';
import { ldaEntityCrosswalk, type LdaEntityMapping } from '../lobbying/ldaEntities.js';
import type { Database } from '../store/database.js';
import type { AnswerContext } from './answer.js';
import { centsToString, toCents } from './money.js';

export interface LobbyingFilters {
  /** Filing (calendar) years; LDA periods are calendar quarters, not fiscal years. */
  years?: { from: number; to: number };
  /** General issue codes (HOM, IMM, …): filings with an activity on one of them. */
  issues?: readonly string[];
  explain?: boolean;
}

export interface LobbyingEntity {
  id: number;
  name: string;
  kind: string;
  /** The agency it is, by code, where the crosswalk gives one. */
  agency: { level: 'toptier' | 'subtier'; code: string; parent?: string; name?: string } | null;
}

export interface LobbyingActivityLine {
  issueCode: string;
  issueName: string | null;
  /** The filing's own words, quoted. */
  description: string | null;
  entities: LobbyingEntity[];
}

export interface LobbyingFilingLine {
  uuid: string;
  periodLabel: string;
  year: number;
  period: string;
  filingType: string;
  filingTypeName: string | null;
  document: 'registration' | 'report';
  amendment: boolean;
  noActivity: boolean;
  /** How the subject appears on the filing. */
  role: 'client' | 'registrant' | 'client and registrant' | 'lobbied';
  registrant: { id: string; name: string; familyId: string | null };
  client: { id: string; name: string; familyId: string | null };
  /** Exact decimal strings; null = not reported. Never added to each other. */
  income: string | null;
  expenses: string | null;
  issueCodes: string[];
  entities: LobbyingEntity[];
  activities: LobbyingActivityLine[];
  documentUrl: string | null;
  sourceFile: string;
  jsonPointer: string | null;
  snapshotId: number;
}

export interface LobbyingTotals {
  filings: number;
  reports: number;
  registrations: number;
  income: string;
  incomeFilings: number;
  expenses: string;
  expensesFilings: number;
  /** Reports with neither income nor expenses (unknown, or "no activity"). */
  notReported: number;
}

/** Filings listing one government entity (a company answer's entities, an agency answer's entities). */
export interface LobbyingEntityRow {
  entity: LobbyingEntity;
  filings: number;
  periods: string[];
  issueCodes: string[];
  /** What the filings listing the entity reported, whole filings (not split by entity). */
  incomeOnFilings: string;
  expensesOnFilings: string;
}

/** One client family lobbying an agency, with the contracts it holds there side by side. */
export interface LobbyingClientRow {
  familyId: string | null;
  familyName: string;
  clientNames: string[];
  registrants: string[];
  filings: number;
  periods: string[];
  issueCodes: string[];
  incomeOnFilings: string;
  expensesOnFilings: string;
  /** Net prime obligations of the family awarded by the agency in the same-numbered fiscal years; null when the client resolves to no family. */
  contracts: { obligations: string; transactions: number } | null;
}

export interface LobbyingAnswer {
  subject:
    | { kind: 'company'; familyId: string; name: string }
    | { kind: 'agency'; level: string; code: string; name: string | null; entities: LobbyingEntity[] };
  yearsLabel: string;
  issues: string[];
  filings: LobbyingFilingLine[];
  totals: LobbyingTotals;
  byPeriod: Array<{ periodLabel: string; filings: number; income: string; expenses: string; notReported: number }>;
  byEntity: LobbyingEntityRow[];
  byClient: LobbyingClientRow[];
  /** Filings of the subject replaced by an amendment (not counted above). */
  superseded: Array<{ uuid: string; filingType: string; periodLabel: string; supersededBy: string; income: string | null }>;
  coverage: { filingsInStore: number; ldaFiles: number; pages: Array<{ file: string; queryCount: number | null; results: number; next: string | null }> };
  caveats: string[];
  context: AnswerContext;
}

const SPLIT = '\u001f';

function entityOf(id: number, name: string, byId: ReadonlyMap<number, LdaEntityMapping>): LobbyingEntity {
  const m = byId.get(id);
  const agency = m?.code && m.level ? { level: m.level, code: m.code, ...(m.parent ? { parent: m.parent } : {}), ...(m.agency ? { name: m.agency } : {}) } : null;
  return { id, name, kind: m?.kind ?? 'unknown', agency };
}

/** The LDA entities that are the agency asked: the entity coded as it, and for a toptier its subtiers' entities. */
export function entitiesOfAgency(ref: Pick<AgencyRef, 'level' | 'code'>): LdaEntityMapping[] {
  return ldaEntityCrosswalk().rows.filter((r) => r.code !== undefined
    && ((r.level === ref.level && r.code === ref.code) || (ref.level === 'toptier' && r.level === 'subtier' && r.parent === ref.code)));
}

type FilingRow = {
  filing_uuid: string; period_label: string; filing_year: string; filing_period: string; filing_type: string; filing_type_name: string | null;
  document: 'registration' | 'report'; is_amendment: boolean; no_activity: boolean; registrant_id: string; registrant_name: string;
  registrant_family_id: string | null; client_id: string; client_name: string; client_family_id: string | null; income: string | null;
  expenses: string | null; document_url: string | null; source_file: string; json_pointer: string | null; snapshot_id: number;
  superseded_by: string | null;
};

function yearsLabel(years: LobbyingFilters['years']): string {
  if (!years) return 'all filing years';
  return years.from === years.to ? `filing year ${years.from}` : `filing years ${years.from}–${years.to}`;
}

/** The lobbying answer for a company family or an agency. */
export async function lobbyingAnswer(
  db: Database,
  subject: { company: FamilyRef } | { agency: AgencyRef },
  ctx: AnswerContext,
  filters: LobbyingFilters = {},
): Promise<LobbyingAnswer> {
  const crosswalk = ldaEntityCrosswalk().byId;
  const issues = [...new Set((filters.issues ?? []).map((i) => i.trim().toUpperCase()).filter(Boolean))];
  const params: Array<string | number> = [];
  const where: string[] = [];
  if (filters.years) { where.push('f.filing_year BETWEEN ? AND ?'); params.push(filters.years.from, filters.years.to); }
  let entityIds: number[] = [];
  if ('company' in subject) {
    where.push('(f.client_family_id = ? OR f.registrant_family_id = ?)');
    params.push(subject.company.familyId, subject.company.familyId);
  } else {
    entityIds = entitiesOfAgency(subject.agency).map((e) => e.id);
    where.push(`f.filing_uuid IN (SELECT e.filing_uuid FROM lda_activity_entities e
      ${issues.length ? 'JOIN lda_activities a ON a.filing_uuid = e.filing_uuid AND a.activity_index = e.activity_index' : ''}
      WHERE list_contains(string_split(?, '${SPLIT}'), CAST(e.entity_id AS VARCHAR))${issues.length ? ` AND list_contains(string_split(?, '${SPLIT}'), a.issue_code)` : ''})`);
    params.push(entityIds.join(SPLIT));
    if (issues.length) params.push(issues.join(SPLIT));
  }
  if (issues.length && 'company' in subject) {
    where.push(`f.filing_uuid IN (SELECT filing_uuid FROM lda_activities WHERE list_contains(string_split(?, '${SPLIT}'), issue_code))`);
    params.push(issues.join(SPLIT));
  }
  const rows = await db.all<FilingRow>(
    `SELECT f.filing_uuid, f.period_label, f.filing_year, f.filing_period, f.filing_type, f.filing_type_name, f.document, f.is_amendment,
       f.no_activity, f.registrant_id, f.registrant_name, f.registrant_family_id, f.client_id, f.client_name, f.client_family_id,
       CAST(f.income AS VARCHAR) AS income, CAST(f.expenses AS VARCHAR) AS expenses, f.document_url, s.name AS source_file, f.json_pointer,
       f.snapshot_id, f.superseded_by
     FROM lda_filings f JOIN sources s USING (source_id)
     WHERE ${where.join(' AND ')}
     ORDER BY f.filing_year, f.filing_period, f.client_name, f.posted_at, f.filing_uuid`, params,
  );
  const inForce = rows.filter((r) => r.superseded_by === null);
  const uuids = inForce.map((r) => r.filing_uuid).join(SPLIT);
  const activities = await db.all<{ filing_uuid: string; activity_index: string; issue_code: string; issue_name: string | null; description: string | null }>(
    `SELECT filing_uuid, activity_index, issue_code, issue_name, description FROM lda_activities
     WHERE list_contains(string_split(?, '${SPLIT}'), filing_uuid) ORDER BY filing_uuid, activity_index`, [uuids],
  );
  const entityRows = await db.all<{ filing_uuid: string; activity_index: string; entity_id: string; entity_name: string }>(
    `SELECT filing_uuid, activity_index, entity_id, entity_name FROM lda_activity_entities
     WHERE list_contains(string_split(?, '${SPLIT}'), filing_uuid) ORDER BY filing_uuid, activity_index, entity_name`, [uuids],
  );
  const entitiesOf = new Map<string, LobbyingEntity[]>();
  for (const e of entityRows) {
    const k = `${e.filing_uuid}#${e.activity_index}`;
    entitiesOf.set(k, [...(entitiesOf.get(k) ?? []), entityOf(Number(e.entity_id), e.entity_name, crosswalk)]);
  }
  const activitiesOf = new Map<string, LobbyingActivityLine[]>();
  for (const a of activities) {
    activitiesOf.set(a.filing_uuid, [...(activitiesOf.get(a.filing_uuid) ?? []), {
      issueCode: a.issue_code, issueName: a.issue_name, description: a.description, entities: entitiesOf.get(`${a.filing_uuid}#${a.activity_index}`) ?? [],
    }]);
  }
  const familyId = 'company' in subject ? subject.company.familyId : null;
  const filings: LobbyingFilingLine[] = inForce.map((r) => {
    const acts = activitiesOf.get(r.filing_uuid) ?? [];
    const entities = new Map<number, LobbyingEntity>();
    for (const a of acts) for (const e of a.entities) entities.set(e.id, e);
    const asClient = familyId !== null && r.client_family_id === familyId;
    const asRegistrant = familyId !== null && r.registrant_family_id === familyId;
    return {
      uuid: r.filing_uuid, periodLabel: r.period_label, year: Number(r.filing_year), period: r.filing_period, filingType: r.filing_type,
      filingTypeName: r.filing_type_name, document: r.document, amendment: r.is_amendment, noActivity: r.no_activity,
      role: familyId === null ? 'lobbied' : asClient && asRegistrant ? 'client and registrant' : asClient ? 'client' : 'registrant',
      registrant: { id: r.registrant_id, name: r.registrant_name, familyId: r.registrant_family_id },
      client: { id: r.client_id, name: r.client_name, familyId: r.client_family_id },
      income: r.income, expenses: r.expenses, issueCodes: [...new Set(acts.map((a) => a.issueCode))],
      entities: [...entities.values()].sort((a, b) => a.name.localeCompare(b.name)),
      activities: acts,
      documentUrl: r.document_url, sourceFile: r.source_file, jsonPointer: r.json_pointer, snapshotId: Number(r.snapshot_id),
    };
  });

  const sum = (list: readonly LobbyingFilingLine[], key: 'income' | 'expenses'): string => centsToString(list.reduce((n, f) => n + toCents(f[key]), 0n));
  const reports = filings.filter((f) => f.document === 'report');
  const totals: LobbyingTotals = {
    filings: filings.length, reports: reports.length, registrations: filings.length - reports.length,
    income: sum(filings, 'income'), incomeFilings: filings.filter((f) => f.income !== null).length,
    expenses: sum(filings, 'expenses'), expensesFilings: filings.filter((f) => f.expenses !== null).length,
    notReported: reports.filter((f) => f.income === null && f.expenses === null).length,
  };
  const periodMap = new Map<string, LobbyingFilingLine[]>();
  for (const f of reports) periodMap.set(f.periodLabel, [...(periodMap.get(f.periodLabel) ?? []), f]);
  const byPeriod = [...periodMap].map(([periodLabel, list]) => ({
    periodLabel, filings: list.length, income: sum(list, 'income'), expenses: sum(list, 'expenses'),
    notReported: list.filter((f) => f.income === null && f.expenses === null).length,
  }));

  const entityMap = new Map<number, { entity: LobbyingEntity; list: LobbyingFilingLine[] }>();
  for (const f of filings) for (const e of f.entities) {
    if (!('company' in subject) && !entityIds.includes(e.id)) continue;
    const slot = entityMap.get(e.id) ?? { entity: e, list: [] };
    slot.list.push(f);
    entityMap.set(e.id, slot);
  }
  const byEntity: LobbyingEntityRow[] = [...entityMap.values()].map(({ entity, list }) => ({
    entity, filings: list.length, periods: [...new Set(list.map((f) => f.periodLabel))], issueCodes: [...new Set(list.flatMap((f) => f.issueCodes))].sort(),
    incomeOnFilings: sum(list, 'income'), expensesOnFilings: sum(list, 'expenses'),
  })).sort((a, b) => b.filings - a.filings || a.entity.name.localeCompare(b.entity.name));

  let byClient: LobbyingClientRow[] = [];
  if ('agency' in subject) {
    const clientMap = new Map<string, LobbyingFilingLine[]>();
    for (const f of filings) {
      const key = f.client.familyId ?? `client:${f.client.id}`;
      clientMap.set(key, [...(clientMap.get(key) ?? []), f]);
    }
    const familyNames = new Map((await db.all<{ family_id: string; name: string }>(`SELECT family_id, name FROM entity_families`)).map((r) => [r.family_id, r.name]));
    byClient = await Promise.all([...clientMap.values()].map(async (list): Promise<LobbyingClientRow> => {
      const fam = list[0]!.client.familyId;
      return {
        familyId: fam, familyName: fam ? familyNames.get(fam) ?? fam : list[0]!.client.name, clientNames: [...new Set(list.map((f) => f.client.name))],
        registrants: [...new Set(list.map((f) => f.registrant.name))], filings: list.length, periods: [...new Set(list.map((f) => f.periodLabel))],
        issueCodes: [...new Set(list.flatMap((f) => f.issueCodes))].sort(), incomeOnFilings: sum(list, 'income'), expensesOnFilings: sum(list, 'expenses'),
        contracts: fam ? await contractsAt(db, fam, subject.agency, filters.years) : null,
      };
    }));
    byClient.sort((a, b) => b.filings - a.filings || a.familyName.localeCompare(b.familyName));
  }

  const superseded = rows.filter((r) => r.superseded_by !== null).map((r) => ({
    uuid: r.filing_uuid, filingType: r.filing_type, periodLabel: r.period_label, supersededBy: r.superseded_by!, income: r.income,
  }));
  const coverage = await lobbyingCoverage(db);
  const caveats = [
    'Lobbying is influence, not money paid by an agency: the amounts are what registrants reported to the Senate (LDA), shown beside contract money, never added to it.',
    'Income (a lobbying firm paid by a client) and expenses (an organisation lobbying for itself) are different figures and are never added together; a report with neither is "not reported", not zero.',
    'A filing reports one amount for the whole filing: the LDA does not split it among the government entities or issues it lists, so per-entity and per-client figures are the amounts of the filings listing them and must not be added across rows.',
    'Amendments replace the filing they amend (same registrant, client, period and document); replaced filings are listed apart and not counted.',
    'LDA periods are calendar quarters of the filing year, not federal fiscal years.',
  ];
  if ('agency' in subject) {
    caveats.push('Contracts beside each client: net prime obligations awarded by the agency to the client\'s company family (transactions, awarding basis) in the fiscal years with the same numbers as the filing years.');
    if (entityIds.length === 0) caveats.push('No LDA government entity maps to this agency in data/lda-entities.yaml, so no filing can name it.');
  }
  if (coverage.pages.some((p) => p.queryCount !== null && p.queryCount > p.results)) {
    caveats.push(`The store holds only part of some LDA queries: ${coverage.pages.filter((p) => p.queryCount !== null && p.queryCount > p.results)
      .map((p) => `${p.file} holds ${p.results} of the ${p.queryCount} filings its query matched${p.next ? ' (a next page exists)' : ''}`).join('; ')}.`);
  }
  return {
    subject: 'company' in subject
      ? { kind: 'company', familyId: subject.company.familyId, name: subject.company.name }
      : { kind: 'agency', level: subject.agency.level, code: subject.agency.code, name: subject.agency.name, entities: entitiesOfAgency(subject.agency).map((e) => entityOf(e.id, e.name, crosswalk)) },
    yearsLabel: yearsLabel(filters.years), issues, filings, totals, byPeriod, byEntity, byClient, superseded, coverage, caveats, context: ctx,
  };
}

/** Net prime obligations of a family awarded by an agency (transactions), in fiscal years numbered as the filing years. */
async function contractsAt(db: Database, familyId: string, agency: Pick<AgencyRef, 'level' | 'code' | 'codes'>, years: LobbyingFilters['years']): Promise<{ obligations: string; transactions: number }> {
  const column = agency.level === 'toptier' ? 'awarding_agency_code' : agency.level === 'subtier' ? 'awarding_sub_agency_code' : 'awarding_office_code';
  const codes = [...new Set([agency.code, ...(agency.codes ?? [])])];
  const row = await db.one<{ obligations: string | null; n: string }>(
    `SELECT CAST(sum(federal_action_obligation) AS VARCHAR) AS obligations, count(*) AS n FROM tx_current
     WHERE family_id = ? AND list_contains(string_split(?, '${SPLIT}'), "${column}")
       ${years ? 'AND action_date_fiscal_year BETWEEN ? AND ?' : ''}`,
    [familyId, codes.join(SPLIT), ...(years ? [years.from, years.to] : [])],
  );
  return { obligations: centsToString(toCents(row?.obligations ?? '0')), transactions: Number(row?.n ?? 0) };
}

/** What LDA data the store holds: filings, files, and for each page how much of its query it holds. */
export async function lobbyingCoverage(db: Database): Promise<LobbyingAnswer['coverage']> {
  const n = await db.one<{ n: string }>(`SELECT count(*) AS n FROM lda_filings`);
  const pages = await db.all<{ file: string; query_count: string | null; results: string; next_url: string | null }>(
    `SELECT s.name AS file, p.query_count, p.results, p.next_url FROM lda_pages p JOIN sources s USING (source_id) ORDER BY p.source_id`,
  );
  return {
    filingsInStore: Number(n?.n ?? 0), ldaFiles: pages.length,
    pages: pages.map((p) => ({ file: p.file, queryCount: p.query_count === null ? null : Number(p.query_count), results: Number(p.results), next: p.next_url })),
  };
}
