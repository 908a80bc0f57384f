/**
 * Disjoint sets over string keys, with an optional label per set (a curated family id) that two sets
 * may not disagree on: union() of two sets carrying different labels is refused and reported, so a
 * self-reported parent field can never silently merge two curated families.
 */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly label = new Map<string, string>();

  add(key: string): void {
    if (!this.parent.has(key)) this.parent.set(key, key);
  }

  has(key: string): boolean {
    return this.parent.has(key);
  }

  find(key: string): string {
    this.add(key);
    let root = key;
    while (this.parent.get(root) !== root) root = this.parent.get(root)!;
    // path compression
    let k = key;
    while (k !== root) {
      const next = this.parent.get(k)!;
      this.parent.set(k, root);
      k = next;
    }
    return root;
  }

  /** Labels the set holding `key`; false when the set already has a different label. */
  setLabel(key: string, value: string): boolean {
    const root = this.find(key);
    const current = this.label.get(root);
    if (current !== undefined && current !== value) return false;
    this.label.set(root, value);
    return true;
  }

  labelOf(key: string): string | undefined {
    return this.label.get(this.find(key));
  }

  /**
   * Joins the sets of a and b. Returns 'joined', 'same' (already one set) or 'conflict' (both labelled
   * differently: nothing changes). The smaller key becomes the root, so results do not depend on order.
   */
  union(a: string, b: string): 'joined' | 'same' | 'conflict' {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return 'same';
    const la = this.label.get(ra);
    const lb = this.label.get(rb);
    if (la !== undefined && lb !== undefined && la !== lb) return 'conflict';
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent.set(child, root);
    const l = la ?? lb;
    if (l !== undefined) this.label.set(root, l);
    this.label.delete(child);
    return 'joined';
  }

  keys(): IterableIterator<string> {
    return this.parent.keys();
  }
}
