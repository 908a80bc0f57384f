/**
 * A deterministic layout for the relationships drawing, made for horizontal labels that never overlap:
 * the subject in the middle, its direct neighbours in two inner columns (left and right), everything
 * further in two outer columns on the side of the neighbour it hangs from. Labels point outwards.
 * Pure: the same graph always gets the same picture.
 */

export interface Placed {
  x: number;
  y: number;
  /** Which way the label points. */
  side: 'left' | 'right';
}

export interface GraphLayout {
  positions: Map<string, Placed>;
  /** Most nodes in one column: the drawing's height follows it. */
  rows: number;
  /** x extent of the columns (the scale domain is ±this). */
  extent: number;
}

export function layoutGraph(centre: readonly string[], nodes: readonly string[], edges: ReadonlyArray<{ from: string; to: string }>): GraphLayout {
  const inGraph = new Set(nodes);
  const adjacency = new Map<string, string[]>();
  for (const e of edges) {
    adjacency.set(e.from, [...(adjacency.get(e.from) ?? []), e.to]);
    adjacency.set(e.to, [...(adjacency.get(e.to) ?? []), e.from]);
  }
  const ring0 = centre.filter((c) => inGraph.has(c));
  if (!ring0.length && nodes.length) ring0.push(nodes[0]!);
  // breadth-first from the centre; what is unreachable goes to the outer columns
  const depth = new Map<string, number>(ring0.map((c) => [c, 0]));
  const parent = new Map<string, string>();
  let frontier = [...ring0];
  while (frontier.length) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of [...new Set(adjacency.get(n) ?? [])].sort()) {
        if (depth.has(m) || !inGraph.has(m)) continue;
        depth.set(m, depth.get(n)! + 1);
        parent.set(m, n);
        next.push(m);
      }
    }
    frontier = next;
  }
  const inner = nodes.filter((n) => depth.get(n) === 1);
  const outer = nodes.filter((n) => !depth.has(n) || depth.get(n)! >= 2);
  const half = Math.ceil(inner.length / 2);
  const side = new Map<string, 'left' | 'right'>();
  inner.forEach((n, i) => side.set(n, i < half ? 'left' : 'right'));
  const innerIndex = new Map(inner.map((n, i) => [n, i]));
  const ancestor = (n: string): string | undefined => {
    let cur: string | undefined = n;
    for (let i = 0; i < 8 && cur; i++) {
      if (innerIndex.has(cur)) return cur;
      cur = parent.get(cur);
    }
    return undefined;
  };
  const outerLeft: string[] = [];
  const outerRight: string[] = [];
  for (const n of outer) {
    const a = ancestor(n);
    const s = a ? side.get(a)! : outerLeft.length <= outerRight.length ? 'left' : 'right';
    (s === 'left' ? outerLeft : outerRight).push(n);
  }
  const byAncestor = (a: string, b: string): number => (innerIndex.get(ancestor(a) ?? '') ?? 1e9) - (innerIndex.get(ancestor(b) ?? '') ?? 1e9) || a.localeCompare(b);
  outerLeft.sort(byAncestor);
  outerRight.sort(byAncestor);

  const hasOuter = outer.length > 0;
  const innerX = hasOuter ? 0.5 : 0.9;
  const outerX = 1.5;
  const positions = new Map<string, Placed>();
  const column = (list: string[], x: number, s: 'left' | 'right'): void => {
    list.forEach((n, i) => positions.set(n, { x, y: list.length === 1 ? 0 : 1 - (2 * i) / (list.length - 1), side: s }));
  };
  ring0.forEach((c, i) => positions.set(c, { x: 0, y: ring0.length === 1 ? 0 : 0.3 - (0.6 * i) / (ring0.length - 1), side: 'right' }));
  column(inner.slice(0, half), -innerX, 'left');
  column(inner.slice(half), innerX, 'right');
  column(outerLeft, -outerX, 'left');
  column(outerRight, outerX, 'right');
  return {
    positions,
    rows: Math.max(1, half, inner.length - half, outerLeft.length, outerRight.length),
    extent: hasOuter ? 2.2 : 1.6,
  };
}
