/**
 * WHOSBEHIND_TIMING=1: the CLI writes where a run's time went, as one JSON line on stderr
 * (`[timing] {...}`, milliseconds since the process started): Node's own start until the CLI's main
 * module runs, loading the command's modules, opening the store (with its currency checks), and the
 * answer. bench/cli.mjs reads it.
 */
const enabled = !!process.env['WHOSBEHIND_TIMING'];
const marks: Array<[string, number]> = [];

/** Notes that a phase ended now. */
export function mark(phase: 'main' | 'modules' | 'store' | 'done'): void {
  if (enabled && !marks.some(([p]) => p === phase)) marks.push([phase, performance.now()]);
}

/** Writes the phases noted so far (nothing unless WHOSBEHIND_TIMING is set). */
export function reportTiming(): void {
  if (!enabled) return;
  process.stderr.write(`[timing] ${JSON.stringify(Object.fromEntries(marks.map(([p, t]) => [p, Math.round(t * 10) / 10])))}\n`);
}
