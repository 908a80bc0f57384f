/**
 * The brand step of the graph build: transaction descriptions that name a brand of data/brands.yaml other
 * than the recipient's own family become `resells` edges (recipient family → brand family), and the
 * matches are kept in graph_brand_mentions for the evidence.
 */
import { normalizeName } from '../entities/normalizeName.js';
import { familyIdSql, TX_RECIPIENT } from '../analysis/recipientJoin.js';
import { matchBrands, brandSnippet, type BrandLexicon } from './brandLexicon.js';
import type { GraphBuild } from './graphBuild.js';

/** Brand matches found (text, brand, family node, term, matched text, snippet, confidence), as graph_brand_mentions rows. */
export type MentionRow = [string, string, string, string, string, string, string];

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
    const seen = new Set<string>();
    for (const m of matchBrands(text, lexicon)) {
      if (seen.has(m.family)) continue;
      seen.add(m.family);
      let target = brandNodes.get(m.family);
      if (!target) brandNodes.set(m.family, (target = brandNode(m.family, lexicon, b.familyNames)));
      mentions.push([text, m.family, target.node, m.term, m.matchedText, brandSnippet(text, m), m.confidence]);
      b.addNode(target.node, 'family', target.label);
    }
  }
  await b.db.run(`CREATE TEMP TABLE IF NOT EXISTS wb_mentions (text VARCHAR, brand VARCHAR, family_node VARCHAR, term VARCHAR, matched_text VARCHAR, snippet VARCHAR, confidence VARCHAR)`);
  await b.db.run(`DELETE FROM wb_mentions`);
  await b.db.appendRows('wb_mentions', mentions);
  const resells = await b.db.all(
    `WITH m AS (${['transaction_description', 'prime_award_base_transaction_description'].map((col) => `
       SELECT r.contract_transaction_unique_key AS k, ${fam} AS fam, w.family_node, w.brand, w.confidence, r.federal_action_obligation AS amt,
         r.action_date AS d, coalesce(r.awarding_sub_agency_code, r.funding_sub_agency_code) AS ag
       FROM tx_current r JOIN wb_mentions w ON w.text = r.${col}`).join(' UNION ALL ')}),
     one AS (SELECT DISTINCT ON (k, family_node) * FROM m ORDER BY k, family_node, confidence DESC)
     SELECT fam, family_node, any_value(brand) AS brand, CAST(sum(amt) AS VARCHAR) AS s, count(*)::INTEGER AS n,
       CAST(min(d) AS VARCHAR) AS d0, CAST(max(d) AS VARCHAR) AS d1, string_agg(DISTINCT ag, ',' ORDER BY ag) AS ags,
       bool_or(confidence = 'strong') AS strong
     FROM one WHERE fam <> '(none)' AND 'family:' || fam <> family_node GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  for (const r of resells) {
    const from = `family:${r['fam']}`;
    b.addNode(from, 'family', b.familyNames.get(String(r['fam'])) ?? String(r['fam']));
    b.pushEdge('resells', from, String(r['family_node']), {
      amount: r['s'] as string, records: Number(r['n']), first: r['d0'] as string | null, last: r['d1'] as string | null,
      agencies: (r['ags'] as string | null) ?? null, source: 'transactions (descriptions) + data/brands.yaml',
      confidence: r['strong'] ? 'record' : 'weak', detail: `descriptions name ${r['brand']}`,
    });
  }

  return mentions;
}
