/**
 * The brand step of the graph build: transaction descriptions that name a brand of data/brands.yaml other
 * than the recipient's own family become edges recipient family → brand family of the kind the
 * description's cue says (`resells`, `services_on`, else `names`: brandRelation.ts), and the matches are
 * kept in graph_brand_mentions (one row per description and brand family, with the relation and the rule
 * that decided it) for the evidence. A transaction is read by its own description where that names the
 * brand, else by its award's base description (the evidence queries read it the same way).
 */
import { normalizeName } from '../entities/normalizeName.js';
import { familyIdSql, TX_RECIPIENT } from '../analysis/recipientJoin.js';
import { matchBrands, brandSnippet, type BrandLexicon } from './brandLexicon.js';
import type { GraphBuild } from './graphBuild.js';
import { brandRelation } from './brandRelation.js';
import type { BrandMatch } from './brandTypes.js';
import type { EdgeKind } from '../model/edgeKinds.js';

/** Brand matches found (text, brand, family node, term, matched text, snippet, confidence, relation, rule), as graph_brand_mentions rows. */
export type MentionRow = [string, string, string, string, string, string, string, string, string];

/** The lexicon file as shown beside a rule: the bundled one as `data/brands.yaml`. */
function lexiconLabel(file: string): string {
  return /(^|[\\/])data[\\/]brands\.yaml$/.test(file) ? 'data/brands.yaml' : file;
}

/** Columns of graph_brand_mentions (and the build's temporary copy), in order. */
export const MENTION_COLUMNS = 'text VARCHAR, brand VARCHAR, family_node VARCHAR, term VARCHAR, matched_text VARCHAR, snippet VARCHAR, confidence VARCHAR, relation VARCHAR, rule VARCHAR';

/** Brand id of the lexicon → family node: its owner when the brand was acquired, else a curated family of that id. */
function brandNode(brandId: string, lexicon: BrandLexicon, families: Map<string, string>): { node: string; label: string } {
  const brand = lexicon.families.find((f) => f.id === brandId);
  const target = brand?.partOf?.family ?? brandId;
  const alias: Record<string, string> = { google: 'alphabet' };
  const id = families.has(target) ? target : families.has(alias[target] ?? '') ? alias[target]! : undefined;
  if (id) return { node: `family:${id}`, label: families.get(id)! };
  // a family formed from the records under the brand's name, else the brand itself
  const byName = [...families.entries()].find(([, name]) => normalizeName(name) === normalizeName(brand?.name.replace(/\s*\(.*\)$/, '') ?? brandId));
  if (byName) return { node: `family:${byName[0]}`, label: byName[1] };
  return { node: `family:brand-${brandId}`, label: brand?.name ?? brandId };
}

/** Matches brands in every description and adds the resells edges; returns the mentions to store. */
export async function brandEdges(b: GraphBuild, lexicon: BrandLexicon): Promise<MentionRow[]> {
  const fam = familyIdSql(TX_RECIPIENT);
  // resells: descriptions naming a brand other than the recipient's own family
  const texts = await b.db.all<{ text: string }>(
    `SELECT DISTINCT text FROM (
       SELECT transaction_description AS text FROM tx_current UNION SELECT prime_award_base_transaction_description FROM tx_current)
     WHERE text IS NOT NULL AND length(text) > 2`,
  );
  const mentions: MentionRow[] = [];
  const brandNodes = new Map<string, { node: string; label: string }>();
  // cheap prefilter: a description can only match if it holds the first word of some term
  const firstWords = new Set(lexicon.families.flatMap((f) => f.terms.map((t) => t.term.split(' ')[0]!)));
  for (const { text } of texts) {
    if (!text.toUpperCase().split(/[^A-Z0-9]+/).some((w) => firstWords.has(w))) continue;
    // one mention per brand family node (GitHub and Microsoft are one), judged on all its matches
    const byNode = new Map<string, BrandMatch[]>();
    for (const m of matchBrands(text, lexicon)) {
      let target = brandNodes.get(m.family);
      if (!target) brandNodes.set(m.family, (target = brandNode(m.family, lexicon, b.familyNames)));
      b.addNode(target.node, 'family', target.label);
      byNode.set(target.node, [...(byNode.get(target.node) ?? []), m]);
    }
    for (const [node, ms] of byNode) {
      const first = ms.find((m) => m.confidence === 'strong') ?? ms[0]!;
      const rel = brandRelation(text, ms, lexicon.relations, lexiconLabel(lexicon.file));
      mentions.push([text, first.family, node, first.term, first.matchedText, brandSnippet(text, first), first.confidence, rel.kind, rel.rule]);
    }
  }
  await b.db.run(`CREATE TEMP TABLE IF NOT EXISTS wb_mentions (${MENTION_COLUMNS})`);
  await b.db.run(`DELETE FROM wb_mentions`);
  await b.db.appendRows('wb_mentions', mentions);
  // per transaction and brand family: its own description's mention, else its award's base description's
  const edges = await b.db.all(
    `WITH m AS (${(['transaction_description', 'prime_award_base_transaction_description'] as const).map((col, pri) => `
       SELECT r.contract_transaction_unique_key AS k, ${fam} AS fam, w.family_node, w.brand, w.confidence, w.relation, w.rule, ${pri} AS pri,
         r.federal_action_obligation AS amt, r.action_date AS d, coalesce(r.awarding_sub_agency_code, r.funding_sub_agency_code) AS ag
       FROM tx_current r JOIN wb_mentions w ON w.text = r.${col}`).join(' UNION ALL ')}),
     one AS (SELECT DISTINCT ON (k, family_node) * FROM m ORDER BY k, family_node, pri)
     SELECT fam, family_node, relation, any_value(brand) AS brand, CAST(sum(amt) AS VARCHAR) AS s, count(*)::INTEGER AS n,
       CAST(min(d) AS VARCHAR) AS d0, CAST(max(d) AS VARCHAR) AS d1, string_agg(DISTINCT ag, ',' ORDER BY ag) AS ags,
       bool_or(confidence = 'strong') AS strong, string_agg(DISTINCT split_part(rule, ':', 1), ', ' ORDER BY split_part(rule, ':', 1)) AS rules
     FROM one WHERE fam <> '(none)' AND 'family:' || fam <> family_node GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  for (const r of edges) {
    const from = `family:${r['fam']}`;
    b.addNode(from, 'family', b.familyNames.get(String(r['fam'])) ?? String(r['fam']));
    const kind = String(r['relation']) as EdgeKind;
    b.pushEdge(kind, from, String(r['family_node']), {
      amount: r['s'] as string, records: Number(r['n']), first: r['d0'] as string | null, last: r['d1'] as string | null,
      agencies: (r['ags'] as string | null) ?? null, source: 'transactions (descriptions) + data/brands.yaml',
      confidence: r['strong'] ? 'record' : 'weak', detail: `descriptions name ${r['brand']}; ${kind === 'names' ? 'relationship not told by the text' : `rule(s) ${r['rules']}`}`,
    });
  }

  return mentions;
}
