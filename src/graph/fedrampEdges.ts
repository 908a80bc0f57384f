/**
 * The FedRAMP step of the graph build: `authorizes` (agency → offering, ATO or reuse), `builds_on`
 * (offering → the offering it runs on) and `owns` (provider family → its offering), from the FedRAMP
 * tables. Providers and FedRAMP agencies are matched to families and USAspending agencies by UEI, alias
 * or name, and each edge says how.
 */
import { findAgency, type AgencyDirectory } from '../entities/agencies.js';
import { normalizeName } from '../entities/normalizeName.js';
import { tableExists, type GraphBuild } from './graphBuild.js';

/** Adds the FedRAMP edges; `aliasOf` maps a normalized curated name or alias to its family, `familyOfUei` a UEI to its family. */
export async function fedrampEdges(b: GraphBuild, aliasOf: ReadonlyMap<string, string>, familyOfUei: ReadonlyMap<string, string>): Promise<void> {
  // FedRAMP: authorizes, builds_on, and provider families owning offerings
  if (await tableExists(b.db, 'fedramp_offerings')) {
    const offerings = await b.db.all(`SELECT * FROM fedramp_offerings`);
    const providerCache = new Map<string, ReturnType<typeof providerFamily>>();
    const normalizedFamilies = [...b.familyNames.entries()].map(([id, name]) => ({ id, name, norm: normalizeName(name) }));
    for (const o of offerings) {
      const id = `offering:${o['offering_id']}`;
      b.addNode(id, 'offering', `${o['offering']} (${o['provider']})`, JSON.stringify({
        provider: o['provider'], status: o['status'], impactLevel: o['impact_level'], serviceModels: o['service_models'],
      }));
      const uei = (o['provider_uei'] as string | null) ?? null;
      const byUei = uei ? familyOfUei.get(uei) : undefined;
      const byAlias = aliasOf.get(normalizeName(String(o['provider'])));
      let provider = providerCache.get(String(o['provider']));
      if (byUei) provider = { node: `family:${byUei}`, label: b.familyNames.get(byUei) ?? byUei, how: `provider UEI ${uei} is a member of this family` };
      else if (byAlias) provider = { node: `family:${byAlias}`, label: b.familyNames.get(byAlias)!, how: `provider name "${o['provider']}" is a name of the curated family` };
      else if (!provider) providerCache.set(String(o['provider']), (provider = providerFamily(String(o['provider']), normalizedFamilies)));
      b.addNode(provider.node, 'family', provider.label);
      b.pushEdge('owns', provider.node, id, {
        records: 1, source: 'fedramp', confidence: 'record', first: (o['authorization_date'] as string | null) ?? null,
        detail: `FedRAMP lists ${o['provider']} as the provider of ${o['offering']} (${o['offering_id']})${provider.how ? `; ${provider.how}` : ''}`,
      });
    }
    const fedAgencies = new Map((await b.db.all(`SELECT agency_id, parent_name, sub_name, name FROM fedramp_agencies`)).map((a) => [String(a['agency_id']), a]));
    const auths = await b.db.all(
      `SELECT agency_id, offering_id, list(kind ORDER BY kind) AS kinds, CAST(min(ato_date) AS VARCHAR) AS d0, CAST(max(ato_date) AS VARCHAR) AS d1, count(*)::INTEGER AS n
       FROM fedramp_authorizations GROUP BY 1, 2 ORDER BY 1, 2`);
    const agencyNodeCache = new Map<string, ReturnType<typeof fedrampAgencyNode>>();
    // several FedRAMP agency ids can name one USAspending agency: one edge per agency node and offering
    const grouped = new Map<string, { node: string; offering: string; ids: Set<string>; kinds: Set<string>; n: number; d0: string | null; d1: string | null }>();
    for (const a of auths) {
      const fa = fedAgencies.get(String(a['agency_id']));
      let node = agencyNodeCache.get(String(a['agency_id']));
      if (!node) agencyNodeCache.set(String(a['agency_id']), (node = fedrampAgencyNode(b.dir, String(a['agency_id']), fa)));
      b.addNode(node.node, 'agency', node.label, node.how);
      const k = `${node.node}\0${a['offering_id']}`;
      const g = grouped.get(k) ?? { node: node.node, offering: String(a['offering_id']), ids: new Set<string>(), kinds: new Set<string>(), n: 0, d0: null, d1: null };
      g.ids.add(String(a['agency_id']));
      for (const kind of a['kinds'] as string[]) g.kinds.add(kind);
      g.n += Number(a['n']);
      const d0 = a['d0'] as string | null;
      const d1 = a['d1'] as string | null;
      if (d0 && (!g.d0 || d0 < g.d0)) g.d0 = d0;
      if (d1 && (!g.d1 || d1 > g.d1)) g.d1 = d1;
      grouped.set(k, g);
    }
    for (const g of [...grouped.values()].sort((x, y) => (x.node + x.offering < y.node + y.offering ? -1 : 1))) {
      b.pushEdge('authorizes', g.node, `offering:${g.offering}`, {
        records: g.n, first: g.d0, last: g.d1, source: 'fedramp', confidence: 'record', agencies: [...g.ids].sort().join(','),
        detail: `${[...g.kinds].sort().map((k) => (k === 'ato' ? 'agency ATO' : 'reuse of another agency\'s authorization')).join(', ')} (FedRAMP agency ${[...g.ids].sort().join(', ')})`,
      });
    }
    for (const o of await b.db.all(`SELECT offering_id, built_on_id, orientation, orientation_note FROM fedramp_builds_on ORDER BY 1, 2`)) {
      b.pushEdge('builds_on', `offering:${o['offering_id']}`, `offering:${o['built_on_id']}`, {
        records: 1, source: 'fedramp', confidence: o['orientation'] === 'ambiguous' ? 'inferred' : 'record',
        detail: `orientation ${o['orientation']}: ${o['orientation_note']}`,
      });
    }
  } else {
    b.notes.push('no FedRAMP feed in the store: ingest fedramp-marketplace/data.json for authorizes and builds_on edges');
  }
}

/** The family of a FedRAMP provider name: a curated family by name or alias, else one formed from records, else its own node. */
function providerFamily(provider: string, families: ReadonlyArray<{ id: string; name: string; norm: string }>): { node: string; label: string; how: string | null } {
  const n = normalizeName(provider);
  const exact = families.find((f) => f.norm === n);
  if (exact) return { node: `family:${exact.id}`, label: exact.name, how: null };
  // "Amazon" → Amazon.com, Inc.; "Palantir Technologies" → Palantir Technologies Inc.: a family whose name starts with the provider's
  const starts = families.filter((f) => f.norm.startsWith(`${n} `));
  const curated = starts.filter((f) => !/^(uei|duns|name|parent)-/.test(f.id));
  const pick = curated.length === 1 ? curated[0] : starts.length === 1 ? starts[0] : undefined;
  if (pick) return { node: `family:${pick.id}`, label: pick.name, how: `provider name "${provider}" taken as family ${pick.name}` };
  return { node: `family:provider-${n.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, label: provider, how: 'provider not matched to a family in the records' };
}

/** A FedRAMP agency as a USAspending agency node when its name finds one; else its own node. */
function fedrampAgencyNode(dir: AgencyDirectory, id: string, a: Record<string, unknown> | undefined): { node: string; label: string; how: string } {
  const sub = (a?.['sub_name'] as string | null) ?? null;
  const parent = (a?.['parent_name'] as string | null) ?? '';
  for (const name of [sub, sub ? null : parent].filter((x): x is string => !!x)) {
    try {
      const ref = findAgency(dir, name);
      return { node: `agency:${ref.code}`, label: ref.name ?? name, how: `FedRAMP agency ${id} "${a?.['name']}" matched to ${ref.level} ${ref.code} by name` };
    } catch {
      // not matched: fall through
    }
  }
  return { node: `agency:fedramp-${id}`, label: String(a?.['name'] ?? id), how: `FedRAMP agency ${id}, not matched to a USAspending agency` };
}

