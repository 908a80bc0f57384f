/**
 * What the graph build's steps share: the nodes and edges read so far, the families and agencies they
 * are labelled from. Each step (a declared query, brand mentions, FedRAMP, members, claims) adds to it;
 * buildGraph writes it out in one transaction.
 */
import { createHash } from 'node:crypto';
import type { AgencyDirectory } from '../entities/agencies.js';
import type { EdgeKind, NodeType } from '../model/edgeKinds.js';
import type { Database } from '../store/database.js';

export interface EdgeFields {
  amount?: string | null;
  awarding?: string | null;
  funding?: string | null;
  records: number;
  first?: string | null;
  last?: string | null;
  agencies?: string | null;
  source: string;
  confidence: string;
  detail?: string | null;
}

export interface GraphBuild {
  db: Database;
  dir: AgencyDirectory;
  /** Family id → name: families with records, and curated families with none here. */
  familyNames: Map<string, string>;
  nodes: Map<string, { type: NodeType; label: string; detail: string | null }>;
  /** Rows of graph_edges as appended (amounts as text). */
  edges: Array<(string | number | null)[]>;
  counts: Record<string, number>;
  notes: string[];
  addNode(id: string, type: NodeType, label: string, detail?: string | null): void;
  pushEdge(kind: EdgeKind, from: string, to: string, e: EdgeFields): void;
  /** An agency's label: the directory's name for the code, else the record's name, else the code. */
  agencyLabel(code: string, name: string | null): string;
}

/** The stable id of an edge: its kind and both ends. */
export function edgeId(kind: string, from: string, to: string): string {
  return `E${createHash('sha1').update(`${kind}\0${from}\0${to}`).digest('hex').slice(0, 12)}`;
}

export function newGraphBuild(db: Database, dir: AgencyDirectory, familyNames: Map<string, string>, kinds: readonly string[]): GraphBuild {
  const b: GraphBuild = {
    db, dir, familyNames, nodes: new Map(), edges: [], counts: Object.fromEntries(kinds.map((k) => [k, 0])), notes: [],
    addNode(id, type, label, detail = null) {
      if (!b.nodes.has(id)) b.nodes.set(id, { type, label, detail });
    },
    pushEdge(kind, from, to, e) {
      b.counts[kind] = (b.counts[kind] ?? 0) + 1;
      b.edges.push([edgeId(kind, from, to), kind, from, to, e.amount ?? null, e.awarding ?? null, e.funding ?? null, e.records,
        e.first ?? null, e.last ?? null, e.agencies ?? null, e.source, e.confidence, e.detail ?? null]);
    },
    agencyLabel(code, name) {
      const node = dir.byKey.get(`subtier:${code}`) ?? dir.byKey.get(`toptier:${code}`);
      return node?.name ?? name ?? code;
    },
  };
  return b;
}

export async function tableExists(db: Database, name: string): Promise<boolean> {
  const r = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?`, [name]);
  return (r?.n ?? 0) > 0;
}
