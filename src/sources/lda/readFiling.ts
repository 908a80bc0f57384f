import { EntryProblem, isRecord, type JsonRecord } from '../fedramp/entryFields.js';
import { LDA_FILING_TYPES, periodOfType } from './filingTypes.js';
import { childPointer } from './jsonPointer.js';
import { isPersonsName, peopleNamed, removeNames } from './scopeLine.js';
import { LDA_PERIODS, type LdaActivity, type LdaClient, type LdaFiling, type LdaGovernmentEntity, type LdaPeriod, type LdaRegistrant } from './types.js';

/** Longest accepted name or code. */
const MAX_NAME_CHARS = 1000;
/** Longest accepted free text (an activity's description); real ones run to a few thousand characters. */
const MAX_TEXT_CHARS = 50_000;
/** An amount as the API writes it: "15000.00"; at most 2 decimals and 16 digits before the point (DECIMAL(18,2)). */
const AMOUNT = /^\d{1,16}(?:\.\d{1,2})?$/;

type People = ReturnType<typeof peopleNamed>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const s = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${s.length > 60 ? `${s.slice(0, 59)}…` : s}`;
}

function text(record: JsonRecord, key: string, pointer: string, max = MAX_NAME_CHARS): string | undefined {
  const value = record[key];
  const at = childPointer(pointer, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new EntryProblem(at, `expected text, found ${describe(value)}`);
  if (value.length > max) throw new EntryProblem(at, `${value.length} characters, more than the ${max} accepted`);
  const clean = value.replace(/\s+/g, ' ').trim();
  return clean === '' ? undefined : clean;
}

function required(record: JsonRecord, key: string, pointer: string): string {
  const value = text(record, key, pointer);
  if (value === undefined) throw new EntryProblem(childPointer(pointer, key), `${key} is missing or empty`);
  return value;
}

function object(record: JsonRecord, key: string, pointer: string): JsonRecord {
  const value = record[key];
  if (!isRecord(value)) throw new EntryProblem(childPointer(pointer, key), `expected an object, found ${value === undefined ? 'nothing' : describe(value)}`);
  return value;
}

function list(record: JsonRecord, key: string, pointer: string): unknown[] {
  const value = record[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new EntryProblem(childPointer(pointer, key), `expected a list, found ${describe(value)}`);
  return value;
}

/** An id: a positive integer, given as a number or as digits. */
function id(record: JsonRecord, key: string, pointer: string, need: boolean): string | undefined {
  const value = record[key];
  const at = childPointer(pointer, key);
  if (value === undefined || value === null || value === '') {
    if (need) throw new EntryProblem(at, `${key} is missing`);
    return undefined;
  }
  const s = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,18}$/.test(s)) throw new EntryProblem(at, `${key} must be a whole number, found ${describe(value)}`);
  return s.replace(/^0+(?=\d)/, '');
}

/**
 * An amount: undefined for null or absent (unknown, never zero), else an exact decimal string with
 * two places. Numbers are accepted only where their text is exact (15000, 15000.5).
 */
export function amount(record: JsonRecord, key: string, pointer: string): string | undefined {
  const value = record[key];
  const at = childPointer(pointer, key);
  if (value === undefined || value === null) return undefined;
  let s: string;
  if (typeof value === 'number' && Number.isFinite(value)) s = String(value);
  else if (typeof value === 'string') s = value.trim();
  else throw new EntryProblem(at, `expected an amount, found ${describe(value)}`);
  if (s === '') return undefined;
  if (s.startsWith('-')) throw new EntryProblem(at, `${JSON.stringify(s)} is negative; LDA income and expenses cannot be`);
  if (!AMOUNT.test(s)) throw new EntryProblem(at, `${JSON.stringify(s)} is not an amount in dollars and cents (e.g. "15000.00")`);
  const [whole, cents = ''] = s.split('.');
  return `${whole!.replace(/^0+(?=\d)/, '')}.${cents.padEnd(2, '0')}`;
}

function isoDate(record: JsonRecord, key: string, pointer: string, problems: string[]): string | undefined {
  const value = text(record, key, pointer);
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  const ok = m && !Number.isNaN(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
    && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDate() === Number(m[3]);
  if (!ok) {
    problems.push(`${key}: unreadable date ${JSON.stringify(value)}; left out`);
    return undefined;
  }
  return `${m![1]}-${m![2]}-${m![3]}`;
}

/** A timestamp with its offset, as UTC ("2018-01-17 18:19:38.000"), so filings order by when they were posted. */
function timestamp(record: JsonRecord, key: string, pointer: string, problems: string[]): string | undefined {
  const value = text(record, key, pointer);
  if (value === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(t)) {
    problems.push(`${key}: unreadable timestamp ${JSON.stringify(value)}; left out`);
    return undefined;
  }
  return new Date(t).toISOString().replace('T', ' ').replace('Z', '');
}

function url(record: JsonRecord, key: string, pointer: string): string | undefined {
  const value = text(record, key, pointer);
  return value !== undefined && /^https?:\/\/[^\s]+$/i.test(value) ? value : undefined;
}

function bool(record: JsonRecord, key: string): boolean | undefined {
  const value = record[key];
  return typeof value === 'boolean' ? value : undefined;
}

function readRegistrant(record: JsonRecord, pointer: string, people: People): LdaRegistrant {
  const registrantId = id(record, 'id', pointer, true)!;
  const name = required(record, 'name', pointer);
  const selfEmployed = isPersonsName(name, people);
  const out: LdaRegistrant = {
    id: registrantId,
    name: selfEmployed ? `Self-employed lobbyist, LDA registrant ${registrantId} (name not kept)` : name,
    selfEmployed,
  };
  const houseId = id(record, 'house_registrant_id', pointer, false);
  if (houseId !== undefined) out.houseId = houseId;
  const description = text(record, 'description', pointer, MAX_TEXT_CHARS);
  if (description !== undefined) out.description = removeNames(description, people);
  const country = text(record, 'country', pointer);
  if (country !== undefined) out.country = country.toUpperCase();
  const state = text(record, 'state', pointer);
  if (state !== undefined) out.state = state.toUpperCase();
  return out;
}

function readClient(record: JsonRecord, pointer: string, people: People, problems: string[]): LdaClient {
  const clientId = id(record, 'id', pointer, true)!;
  const name = required(record, 'name', pointer);
  const personal = isPersonsName(name, people);
  const out: LdaClient = { id: clientId, name: personal ? `Individual, LDA client ${clientId} (name not kept)` : removeNames(name, people), personal };
  const number = id(record, 'client_id', pointer, false);
  if (number !== undefined) out.registrantClientNumber = number;
  const description = text(record, 'general_description', pointer, MAX_TEXT_CHARS);
  if (description !== undefined) out.description = removeNames(description, people);
  const government = bool(record, 'client_government_entity');
  if (government !== undefined) out.isGovernmentEntity = government;
  const country = text(record, 'country', pointer);
  if (country !== undefined) out.country = country.toUpperCase();
  const state = text(record, 'state', pointer);
  if (state !== undefined) out.state = state.toUpperCase();
  const effective = isoDate(record, 'effective_date', pointer, problems);
  if (effective !== undefined) out.effectiveDate = effective;
  return out;
}

/** One government entity ({id, name}) of the LDA's list. */
export function readGovernmentEntity(value: unknown, pointer: string): LdaGovernmentEntity {
  if (!isRecord(value)) throw new EntryProblem(pointer, `expected a government entity object, found ${describe(value)}`);
  return { id: Number(id(value, 'id', pointer, true)), name: required(value, 'name', pointer) };
}

function readActivity(value: unknown, pointer: string, people: People): LdaActivity {
  if (!isRecord(value)) throw new EntryProblem(pointer, `expected a lobbying activity object, found ${describe(value)}`);
  const issueCode = required(value, 'general_issue_code', pointer).toUpperCase();
  if (!/^[A-Z]{3}$/.test(issueCode)) throw new EntryProblem(childPointer(pointer, 'general_issue_code'), `${JSON.stringify(issueCode)} is not a three-letter issue code`);
  const entitiesAt = childPointer(pointer, 'government_entities');
  const activity: LdaActivity = {
    issueCode,
    governmentEntities: list(value, 'government_entities', pointer).map((e, i) => readGovernmentEntity(e, childPointer(entitiesAt, i))),
    pointer,
  };
  const issueName = text(value, 'general_issue_code_display', pointer);
  if (issueName !== undefined) activity.issueName = issueName;
  const description = text(value, 'description', pointer, MAX_TEXT_CHARS);
  if (description !== undefined) activity.description = removeNames(description, people);
  const foreign = text(value, 'foreign_entity_issues', pointer, MAX_TEXT_CHARS);
  if (foreign !== undefined) activity.foreignEntityIssues = removeNames(foreign, people);
  return activity;
}

/**
 * Reads one filing object of the LDA API into a strict record, the scope line applied: lobbyists,
 * covered positions, contacts, the poster's name and street addresses are never read, and the names
 * of the people on the filing are removed from the text that is kept (scopeLine.ts). A filing that
 * cannot be read throws EntryProblem naming the JSON pointer of the field at fault.
 */
export function readFiling(value: unknown, pointer: string): LdaFiling {
  if (!isRecord(value)) throw new EntryProblem(pointer, `expected a filing object, found ${describe(value)}`);
  const people = peopleNamed(value);
  const problems: string[] = [];
  const uuid = required(value, 'filing_uuid', pointer).toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(uuid)) {
    throw new EntryProblem(childPointer(pointer, 'filing_uuid'), `${JSON.stringify(uuid)} is not a filing UUID`);
  }
  const typeCode = required(value, 'filing_type', pointer).toUpperCase();
  const type = LDA_FILING_TYPES.get(typeCode);
  if (!type) throw new EntryProblem(childPointer(pointer, 'filing_type'), `unknown filing type ${JSON.stringify(typeCode)} (not in the LDA's list of filing types)`);
  const yearText = id(value, 'filing_year', pointer, true)!;
  const year = Number(yearText);
  if (year < 1995 || year > 2100) throw new EntryProblem(childPointer(pointer, 'filing_year'), `filing year ${year} is outside 1995–2100`);
  const periodText = required(value, 'filing_period', pointer);
  if (!(LDA_PERIODS as readonly string[]).includes(periodText)) {
    throw new EntryProblem(childPointer(pointer, 'filing_period'), `unknown filing period ${JSON.stringify(periodText)} (expected one of ${LDA_PERIODS.join(', ')})`);
  }
  const period = periodText as LdaPeriod;
  const typePeriod = periodOfType(type);
  if (typePeriod !== undefined && typePeriod !== period) problems.push(`filing_type ${type.code} (${type.name}) is filed for period ${period}`);

  const filing: LdaFiling = {
    uuid, type, year, period,
    registrant: readRegistrant(object(value, 'registrant', pointer), childPointer(pointer, 'registrant'), people),
    client: readClient(object(value, 'client', pointer), childPointer(pointer, 'client'), people, problems),
    activities: [],
    problems,
    pointer,
  };
  const activitiesAt = childPointer(pointer, 'lobbying_activities');
  filing.activities = list(value, 'lobbying_activities', pointer).map((a, i) => readActivity(a, childPointer(activitiesAt, i), people));
  const income = amount(value, 'income', pointer);
  if (income !== undefined) filing.income = income;
  const expenses = amount(value, 'expenses', pointer);
  if (expenses !== undefined) filing.expenses = expenses;
  const method = text(value, 'expenses_method', pointer);
  if (method !== undefined) filing.expensesMethod = method;
  const posted = timestamp(value, 'dt_posted', pointer, problems);
  if (posted !== undefined) filing.postedAt = posted;
  const terminated = isoDate(value, 'termination_date', pointer, problems);
  if (terminated !== undefined) filing.terminationDate = terminated;
  const documentUrl = url(value, 'filing_document_url', pointer);
  if (documentUrl !== undefined) filing.documentUrl = documentUrl;
  const apiUrl = url(value, 'url', pointer);
  if (apiUrl !== undefined) filing.apiUrl = apiUrl;
  return filing;
}
