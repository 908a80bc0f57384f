/**
 * The search index: an in-memory inverted index built when the server starts (and after each judgement).
 * DuckDB's fts extension cannot be installed offline, and a LIKE scan over a million descriptions takes
 * far longer than the 200 ms budget, so whosbehind tokenises company families (names, aliases, member
 * names, UEIs), agencies (names, abbreviations, codes) and awards (PIID, award key, recipient, every
 * distinct description) once, and answers a query by intersecting sorted posting lists. The last word
 * of a query also matches as a prefix ("palan" finds Palantir).
 */
import type { Database } from '../store/database.js';
import { loadAgencyDirectory } from '../entities/agencies.js';

export type DocType = 'company' | 'agency' | 'award';
export const DOC_TYPES: readonly DocType[] = ['company', 'agency', 'award'];

export interface SearchDoc {
  type: DocType;
  /** What the page link takes: family id, agency code, award key. */
  id: string;
  label: string;
  detail: string;
  /** Net obligations (exact decimal string) where known, for ranking and display. */
  amount: string | null;
}

export interface SearchHit extends SearchDoc {
  score: number;
  /** Which fields matched: name (names, codes, ids) or text (descriptions). */
  matched: Array<'name' | 'text'>;
}

const NAME = 1;
const TEXT = 2;
/** Type priors: an agency or a company named by the query is usually what was meant. */
const PRIOR: Record<DocType, number> = { agency: 4, company: 4, award: 0 };

/** Lower-case words of letters and digits (accents folded); codes like 70CDCR22FR0000013 stay whole. */
export function tokenize(text: string): string[] {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

export class SearchIndex {
  private docs: SearchDoc[] = [];
  private magnitude: Float64Array = new Float64Array(0);
  private postings = new Map<string, Uint32Array>();
  /** Per posting: which fields carry the token (bit NAME, bit TEXT), parallel to postings. */
  private fields = new Map<string, Uint8Array>();
  private sortedTokens: string[] = [];
  private building = new Map<string, number[]>();

  get size(): number {
    return this.docs.length;
  }

  add(doc: SearchDoc, names: ReadonlyArray<string | null | undefined>, texts: ReadonlyArray<string | null | undefined>): void {
    const id = this.docs.length;
    this.docs.push(doc);
    const seen = new Map<string, number>();
    for (const n of names) if (n) for (const t of tokenize(n)) seen.set(t, (seen.get(t) ?? 0) | NAME);
    for (const x of texts) if (x) for (const t of tokenize(x)) seen.set(t, (seen.get(t) ?? 0) | TEXT);
    for (const [t, f] of seen) {
      let list = this.building.get(t);
      if (!list) this.building.set(t, (list = []));
      list.push(id * 4 + f);
    }
  }

  /** Freezes the postings into typed arrays (call once after the last add). */
  finish(): void {
    for (const [t, list] of this.building) {
      const ids = new Uint32Array(list.length);
      const f = new Uint8Array(list.length);
      for (let i = 0; i < list.length; i++) {
        ids[i] = Math.floor(list[i]! / 4);
        f[i] = list[i]! % 4;
      }
      this.postings.set(t, ids);
      this.fields.set(t, f);
    }
    this.building.clear();
    this.sortedTokens = [...this.postings.keys()].sort();
    this.magnitude = new Float64Array(this.docs.length);
    this.docs.forEach((d, i) => {
      const a = d.amount === null ? 0 : Math.abs(Number(d.amount));
      this.magnitude[i] = Math.log10(1 + a) / 10;
    });
  }

  private idf(n: number): number {
    return Math.log(1 + this.docs.length / (1 + n));
  }

  /** Doc id → summed score for one query word (exact, or as a prefix when `prefix`). */
  private scoresFor(word: string, prefix: boolean): Map<number, { s: number; f: number }> {
    const out = new Map<number, { s: number; f: number }>();
    const tokens: string[] = [];
    if (prefix) {
      let lo = 0;
      let hi = this.sortedTokens.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.sortedTokens[mid]! < word) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < this.sortedTokens.length && tokens.length < 64 && this.sortedTokens[i]!.startsWith(word); i++) tokens.push(this.sortedTokens[i]!);
    } else if (this.postings.has(word)) tokens.push(word);
    for (const t of tokens) {
      const ids = this.postings.get(t)!;
      const fs = this.fields.get(t)!;
      const w = this.idf(ids.length) * (t === word ? 1 : 0.7);
      for (let i = 0; i < ids.length; i++) {
        const f = fs[i]!;
        const s = w * (f & NAME ? 3 : 1);
        const prev = out.get(ids[i]!);
        if (!prev || prev.s < s) out.set(ids[i]!, { s, f: (prev?.f ?? 0) | f });
      }
    }
    return out;
  }

  /** Documents containing every word of the query (the last as a prefix), best first. */
  search(query: string, options: { types?: readonly DocType[]; limit?: number; offset?: number } = {}): { total: number; hits: SearchHit[] } {
    const words = [...new Set(tokenize(query))].slice(0, 12);
    if (!words.length) return { total: 0, hits: [] };
    const lastIsPrefix = !/\s$/.test(query);
    // rarest word first keeps the candidate set small
    const perWord = words.map((w, i) => this.scoresFor(w, lastIsPrefix && i === words.length - 1)).sort((a, b) => a.size - b.size);
    const types = new Set(options.types?.length ? options.types : DOC_TYPES);
    const hits: Array<{ id: number; score: number; f: number }> = [];
    for (const [id, first] of perWord[0]!) {
      if (!types.has(this.docs[id]!.type)) continue;
      let score = first.s;
      let f = first.f;
      let all = true;
      for (let k = 1; k < perWord.length; k++) {
        const m = perWord[k]!.get(id);
        if (!m) {
          all = false;
          break;
        }
        score += m.s;
        f |= m.f;
      }
      if (all) hits.push({ id, score: score + PRIOR[this.docs[id]!.type] + this.magnitude[id]!, f });
    }
    hits.sort((a, b) => b.score - a.score || a.id - b.id);
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 20;
    return {
      total: hits.length,
      hits: hits.slice(offset, offset + limit).map((h) => ({
        ...this.docs[h.id]!, score: Math.round(h.score * 1000) / 1000,
        matched: [...(h.f & NAME ? ['name' as const] : []), ...(h.f & TEXT ? ['text' as const] : [])],
      })),
    };
  }
}

/** Builds the index from a store: families, agencies, and every award with its descriptions. */
export async function buildSearchIndex(db: Database): Promise<SearchIndex & { builtMs: number }> {
  const t0 = Date.now();
  const index = new SearchIndex();
  const families = await db.rows(`SELECT f.family_id, f.name, f.aliases, f.members, f.records,
      (SELECT string_agg(DISTINCT coalesce(r.names, r.name), ' | ') FROM entity_recipients r WHERE r.family_id = f.family_id) AS names,
      (SELECT string_agg(r.ueis, ' ') FROM entity_recipients r WHERE r.family_id = f.family_id) AS ueis
    FROM entity_families f`);
  const familyTotals = new Map((await db.rows(`SELECT family_id, CAST(sum(federal_action_obligation) AS VARCHAR) FROM tx_current GROUP BY 1`))
    .map((r) => [String(r[0]), String(r[1])]));
  for (const [id, name, aliases, members, records, names, ueis] of families) {
    index.add({ type: 'company', id: String(id), label: String(name), detail: `${members} member(s), ${records} record(s)`, amount: familyTotals.get(String(id)) ?? null },
      [String(name), aliases as string | null, names as string | null, ueis as string | null, String(id)], []);
  }
  const dir = await loadAgencyDirectory(db);
  for (const a of dir.nodes) {
    const records = a.counts.transactions.awarding + a.counts.transactions.funding + a.counts.award_summaries.awarding + a.counts.subawards.awarding;
    if (!records && a.level === 'office') continue;
    index.add({ type: 'agency', id: a.code, label: a.name ?? a.code, detail: `${a.level}${a.abbreviation ? ` ${a.abbreviation}` : ''}, code ${a.code}; ${records} record(s)`, amount: null },
      [a.name, a.abbreviation, ...a.codes, ...a.aliases], []);
  }
  // one document per award; descriptions deduplicated per award so a million modifications stay cheap
  const awards = await db.rows(`SELECT contract_award_unique_key, any_value(award_id_piid), any_value(recipient_name),
      CAST(sum(federal_action_obligation) AS VARCHAR), string_agg(DISTINCT transaction_description, ' | '),
      any_value(prime_award_base_transaction_description), any_value(awarding_sub_agency_name), count(*)
    FROM tx_current WHERE contract_award_unique_key IS NOT NULL GROUP BY 1`);
  for (const [key, piid, recipient, sum, descr, base, agency, n] of awards) {
    const text = [descr, base].filter(Boolean).join(' | ') as string;
    index.add({ type: 'award', id: String(key), label: String(piid ?? key), detail: `${recipient ?? '(no recipient)'}; ${agency ?? ''}; ${n} transaction(s); ${text.slice(0, 160)}`, amount: sum === null ? null : String(sum) },
      [key as string, piid as string, recipient as string], [text]);
  }
  const summaryOnly = await db.rows(`SELECT contract_award_unique_key, any_value(award_id_piid), any_value(recipient_name),
      CAST(any_value(total_obligated_amount) AS VARCHAR), any_value(prime_award_base_transaction_description), any_value(awarding_sub_agency_name)
    FROM award_current a WHERE NOT EXISTS (SELECT 1 FROM tx_current t WHERE t.contract_award_unique_key = a.contract_award_unique_key) GROUP BY 1`);
  for (const [key, piid, recipient, total, descr, agency] of summaryOnly) {
    index.add({ type: 'award', id: String(key), label: String(piid ?? key), detail: `${recipient ?? '(no recipient)'}; ${agency ?? ''}; award summary only; ${String(descr ?? '').slice(0, 160)}`, amount: total === null ? null : String(total) },
      [key as string, piid as string, recipient as string], [descr as string]);
  }
  index.finish();
  return Object.assign(index, { builtMs: Date.now() - t0 });
}
