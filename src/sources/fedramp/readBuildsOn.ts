import { EntryProblem, excerpt, isRecord } from './entryFields.js';
import { orientBuildsOn } from './orientBuildsOn.js';
import { resolveOffering, type OfferingIndex } from './resolveOffering.js';
import type { EntryCount, FedrampBuildsOn, FedrampOffering, FedrampReject } from './types.js';

interface Listing {
  host: FedrampOffering;
  dependent: FedrampOffering;
  path: string;
}

/**
 * Turn every loaded product's `leveraged_systems` into builds-on edges, one per pair of offerings
 * (a pair listed from both sides is one edge). Entries that resolve to no offering, to the product
 * itself, or repeat an entry of the same product are rejected with the reason.
 */
export function readBuildsOn(
  products: readonly unknown[],
  basePath: string,
  index: OfferingIndex,
  rejects: FedrampReject[],
): { buildsOn: FedrampBuildsOn[]; count: EntryCount } {
  const hostsBySource = new Map<string, FedrampOffering>();
  for (const offering of index.byId.values()) hostsBySource.set(offering.source, offering);

  const byPair = new Map<string, Listing[]>();
  const seenDirected = new Map<string, string>();
  let read = 0;
  let rejected = 0;
  const reject = (path: string, reason: string, entry: unknown) => {
    rejects.push({ path, reason, excerpt: excerpt(entry) });
    rejected++;
  };

  products.forEach((product, i) => {
    const productPath = `${basePath}[${i}]`;
    const host = hostsBySource.get(productPath);
    // A rejected product's entries are not read: its own reject already accounts for it.
    if (host === undefined || !isRecord(product) || !Array.isArray(product.leveraged_systems)) return;
    product.leveraged_systems.forEach((entry: unknown, j: number) => {
      const path = `${productPath}.leveraged_systems[${j}]`;
      read++;
      let resolution;
      try {
        resolution = resolveOffering(entry, index, path);
      } catch (err) {
        if (!(err instanceof EntryProblem)) throw err;
        return reject(err.path, err.reason, entry);
      }
      if (!resolution.ok) return reject(path, `unresolved: ${resolution.reason}`, entry);
      const dependent = resolution.offering;
      if (dependent.id === host.id) return reject(path, `${host.offering} lists itself`, entry);
      const directed = `${host.id}>${dependent.id}`;
      const earlier = seenDirected.get(directed);
      if (earlier !== undefined) return reject(path, `repeats ${earlier}`, entry);
      seenDirected.set(directed, path);
      const pair = [host.id, dependent.id].sort().join('|');
      byPair.set(pair, [...(byPair.get(pair) ?? []), { host, dependent, path }]);
    });
  });

  const buildsOn: FedrampBuildsOn[] = [];
  for (const listings of byPair.values()) {
    const first = listings[0]!;
    const mutual = listings.some((l) => l.host.id !== first.host.id);
    const { top, bottom, orientation, note } = orientBuildsOn(first.host, first.dependent, mutual);
    buildsOn.push({
      offeringId: top.id,
      builtOnId: bottom.id,
      orientation,
      orientationNote: note,
      sources: listings.map((l) => l.path),
    });
  }
  return { buildsOn, count: { read, loaded: read - rejected, rejected } };
}
