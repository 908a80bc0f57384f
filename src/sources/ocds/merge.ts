/**
 * OCDS merge rules (standard.open-contracting.org, "Merging"), for a compiled release: releases are
 * applied oldest `date` first (file order breaks ties); an object merges field by field; an array whose
 * items are all objects with an `id` merges item by item on that id (an item a later release leaves out
 * is kept); any other array, and any other value, is replaced whole; `null` removes the field. The
 * compiled release takes the ocid, the latest date, and the tag "compiled".
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const identified = (v: Json[]): v is JsonObject[] => v.length > 0 && v.every((o) => isObject(o) && o['id'] !== undefined && o['id'] !== null);

function clone(v: Json): Json {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k in v) if (v[k] !== null) out[k] = clone(v[k]!);
    return out;
  }
  return v;
}

function mergeInto(target: JsonObject, release: JsonObject): void {
  for (const key in release) {
    const v = release[key]!;
    if (v === null) { delete target[key]; continue; }
    const prior = target[key];
    if (isObject(v)) {
      const into = isObject(prior) ? prior : {};
      mergeInto(into, v);
      target[key] = into;
    } else if (Array.isArray(v) && identified(v)) {
      const items: JsonObject[] = Array.isArray(prior) && identified(prior) ? prior : [];
      const byId = new Map(items.map((o, i) => [String(o['id']), i]));
      for (const o of v) {
        const at = byId.get(String(o['id']));
        if (at === undefined) { byId.set(String(o['id']), items.length); items.push(clone(o) as JsonObject); } else mergeInto(items[at]!, o);
      }
      target[key] = items;
    } else {
      target[key] = clone(v);
    }
  }
}

/** The compiled release of one process's releases (all with the same ocid, each with a date). */
export function compileReleases(releases: ReadonlyArray<{ release: JsonObject; order: number }>): JsonObject {
  const sorted = [...releases].sort((a, b) => {
    const da = Date.parse(String(a.release['date'])), db = Date.parse(String(b.release['date']));
    return da < db ? -1 : da > db ? 1 : a.order - b.order;
  });
  const compiled: JsonObject = {};
  for (const { release } of sorted) mergeInto(compiled, release);
  const last = sorted[sorted.length - 1]!.release;
  compiled['tag'] = ['compiled'];
  compiled['id'] = `${String(last['ocid'])}-${String(last['date'])}`;
  compiled['date'] = last['date']!;
  return compiled;
}

export type { Json, JsonObject };
export { isObject };
