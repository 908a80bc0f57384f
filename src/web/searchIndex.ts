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

  /** Freezes the postings into typed arrays (call once after the last add); yields to the event loop now and then. */
  async finish(): Promise<void> {
    let n = 0;
    for (const [t, list] of this.building) {
      if (++n % 20_000 === 0) await breathe();
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

  /** The vocabulary tokens a query word stands for: itself, or (as a prefix) up to 64 tokens starting with it. */
  private tokensFor(word: string, prefix: boolean): string[] {
    if (!prefix) return this.postings.has(word) ? [word] : [];
    let lo = 0;
    let hi = this.sortedTokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedTokens[mid]! < word) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sortedTokens.length && out.length < 64 && this.sortedTokens[i]!.startsWith(word); i++) out.push(this.sortedTokens[i]!);
    return out;
  }

  // Per-document scratch, reused by every query (search is synchronous): only the documents of the rarest
  // word are ever touched, and they are reset before returning.
  private score = new Float64Array(0);
  private wordScore = new Float64Array(0);
  private matched = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private stamp = new Uint8Array(0);

  /** Documents containing every word of the query (the last as a prefix), best first. */
  search(query: string, options: { types?: readonly DocType[]; limit?: number; offset?: number } = {}): { total: number; hits: SearchHit[] } {
    const words = [...new Set(tokenize(query))].slice(0, 12);
    if (!words.length || !this.docs.length) return { total: 0, hits: [] };
    if (this.score.length !== this.docs.length) {
      const n = this.docs.length;
      this.score = new Float64Array(n);
      this.wordScore = new Float64Array(n);
      this.matched = new Uint8Array(n);
      this.flags = new Uint8Array(n);
      this.stamp = new Uint8Array(n);
    }
    const lastIsPrefix = !/\s$/.test(query);
    // rarest word first: its documents are the only candidates
    const perWord = words.map((w, i) => {
      const tokens = this.tokensFor(w, lastIsPrefix && i === words.length - 1);
      return { w, tokens, size: tokens.reduce((n, t) => n + this.postings.get(t)!.length, 0) };
    }).sort((a, b) => a.size - b.size);
    if (perWord[0]!.size === 0) return { total: 0, hits: [] };
    const candidates: number[] = [];
    const { score, wordScore, matched, flags, stamp } = this;
    perWord.forEach(({ w, tokens }, k) => {
      for (const t of tokens) {
        const ids = this.postings.get(t)!;
        const fs = this.fields.get(t)!;
        const weight = this.idf(ids.length) * (t === w ? 1 : 0.7);
        for (let i = 0; i < ids.length; i++) {
          const d = ids[i]!;
          if (k === 0) {
            if (stamp[d] === 0) candidates.push(d);
          } else if (matched[d] !== k && stamp[d] !== k + 1) continue; // missed an earlier word
          const f = fs[i]!;
          const s = weight * (f & NAME ? 3 : 1);
          if (stamp[d] !== k + 1) {
            // first token of this word in this document
            stamp[d] = k + 1;
            matched[d] = k + 1;
            wordScore[d] = s;
            score[d] = score[d]! + s;
          } else if (s > wordScore[d]!) {
            score[d] = score[d]! + s - wordScore[d]!;
            wordScore[d] = s;
          }
          flags[d] = flags[d]! | f;
        }
      }
    });
    const types = new Set(options.types?.length ? options.types : DOC_TYPES);
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 20;
    const keep = offset + limit;
    // the best `keep` by a bounded min-heap: O(n log k) instead of sorting every match
    const heap: Array<{ d: number; s: number }> = [];
    const worse = (a: { d: number; s: number }, b: { d: number; s: number }): boolean => a.s < b.s || (a.s === b.s && a.d > b.d);
    const siftDown = (i: number): void => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
        if (m === i) return;
        const tmp = heap[i]!;
        heap[i] = heap[m]!;
        heap[m] = tmp;
        i = m;
      }
    };
    let total = 0;
    const all = words.length;
    const hitFlags = new Map<number, number>();
    for (const d of candidates) {
      if (matched[d] === all && types.has(this.docs[d]!.type)) {
        total++;
        const e = { d, s: score[d]! + PRIOR[this.docs[d]!.type] + this.magnitude[d]! };
        if (heap.length < keep) {
          heap.push(e);
          if (heap.length === keep) for (let j = (keep >> 1) - 1; j >= 0; j--) siftDown(j);
        } else if (keep > 0 && worse(heap[0]!, e)) {
          heap[0] = e;
          siftDown(0);
        }
        hitFlags.set(d, flags[d]!);
      }
      score[d] = 0;
      wordScore[d] = 0;
      matched[d] = 0;
      flags[d] = 0;
      stamp[d] = 0;
    }
    heap.sort((a, b) => b.s - a.s || a.d - b.d);
    return {
      total,
      hits: heap.slice(offset, offset + limit).map(({ d, s }) => {
        const f = hitFlags.get(d) ?? 0;
        return { ...this.docs[d]!, score: Math.round(s * 1000) / 1000, matched: [...(f & NAME ? ['name' as const] : []), ...(f & TEXT ? ['text' as const] : [])] };
      }),
    };
  }
}

/** Lets the server answer other requests while a long build runs. */
const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  let done = 0;
  for (const [key, piid, recipient, sum, descr, base, agency, n] of awards) {
    if (++done % 5000 === 0) await breathe();
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
  await index.finish();
  return Object.assign(index, { builtMs: Date.now() - t0 });
}
