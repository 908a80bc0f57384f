// Helpers shared by the benchmarks (bench/answers.mjs, bench/graph.mjs): formatting, quantiles, memory
// and load readings, and the path of a built module.
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'dist');

/** Interpolated quantile of an ascending array. */
export function quantile(sorted, q) {
  if (sorted.length === 1) return sorted[0];
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Peak resident memory of this process since start (or since the last reset), from /proc. */
export function peakRss() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets the peak to the current RSS (Linux ≥ 4.0); false when it cannot. */
export function resetPeakRss() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** "2 cores, load average …" for the report. */
export function readLoad() {
  try {
    const [l1, l5] = readFileSync('/proc/loadavg', 'utf8').split(' ');
    return `${availableParallelism()} cores, load average ${l1} (1 min) ${l5} (5 min)`;
  } catch {
    return 'load unknown';
  }
}

/** file: URL of a module of the build (dist/). */
export function dist(path) {
  return pathToFileURL(join(DIST, path)).href;
}

export function sum(xs) {
  return xs.reduce((s, x) => s + x, 0);
}

export function oneLine(sql, width) {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

export function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}

export function fmtMs(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

export function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}
