/**
 * Claims files checked against a store: the resolver that looks claim endpoints up among the store's
 * companies, agencies and FedRAMP offerings, and the loader every surface passes to ensureGraph.
 */
import { findAgency, loadAgencyDirectory } from '../entities/agencies.js';
import { findCompany } from '../entities/companies.js';
import type { Database } from '../store/database.js';
import { literal } from '../store/sql.js';
import type { GraphClaim } from './buildGraph.js';
import { loadClaimsFile, type ClaimResolver } from './claims.js';

/** The resolver claims files are checked against: companies, agencies and FedRAMP offerings in this store. */
export function claimResolver(db: Database): ClaimResolver {
  let dirPromise: ReturnType<typeof loadAgencyDirectory> | undefined;
  return {
    company: async (name) => {
      const f = await findCompany(db, name);
      return { id: f.familyId, name: f.name };
    },
    agency: async (name) => {
      const ref = findAgency(await (dirPromise ??= loadAgencyDirectory(db)), name);
      return { id: ref.code, name: ref.name ?? name };
    },
    offering: async (name) => {
      const exists = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'fedramp_offerings'`);
      if (!exists?.n) return undefined;
      const rows = await db.all<{ offering_id: string; offering: string }>(
        `SELECT DISTINCT offering_id, offering FROM fedramp_offerings WHERE offering_id = ${literal(name)} OR lower(offering) = lower(${literal(name)})`);
      return rows.length === 1 ? { id: rows[0]!.offering_id, name: rows[0]!.offering } : undefined;
    },
  };
}

/** The claims of the given files, resolved against the store. */
export async function loadClaims(db: Database, files: readonly string[]): Promise<GraphClaim[]> {
  const out: GraphClaim[] = [];
  for (const f of files) {
    for (const c of await loadClaimsFile(f, claimResolver(db))) {
      out.push({ ...c, fromLabel: c.fromName, toLabel: c.toName });
    }
  }
  return out;
}
