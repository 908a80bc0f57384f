// @ts-check
// Runs a child process and measures its wall time and peak memory. Peak RSS comes from two sources:
// /usr/bin/time -v (the kernel's own maximum for the child) when it exists, and a 50 ms poll of
// /proc/<pid>/status over the child and all its descendants (VmRSS summed, VmHWM per process).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const POLL_MS = 50;

/**
 * @typedef {object} Measurement
 * @property {number} exitCode
 * @property {number} wallSeconds
 * @property {number} peakRssBytes          the larger of the two sources below
 * @property {number | undefined} timeMaxRssBytes  from /usr/bin/time -v, when available
 * @property {number} polledPeakRssBytes     from polling /proc
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs `command args` to completion and measures it.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, timeFile: string }} options
 * @returns {Promise<Measurement>}
 */
export async function measure(command, args, options) {
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-v', '-o', options.timeFile, command, ...args]] : [command, args];
  const started = process.hrtime.bigint();
  const child = spawn(cmd, argv, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
  let polled = 0;
  const timer = setInterval(() => {
    if (child.pid !== undefined) polled = Math.max(polled, treeRss(child.pid));
  }, POLL_MS);
  const exitCode = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  clearInterval(timer);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const timeMaxRssBytes = useTime ? readTimeMaxRss(options.timeFile) : undefined;
  return {
    exitCode,
    wallSeconds,
    peakRssBytes: Math.max(polled, timeMaxRssBytes ?? 0),
    timeMaxRssBytes,
    polledPeakRssBytes: polled,
    stdout,
    stderr,
  };
}

/** Resident bytes of a process and its descendants now (or their high-water marks, if larger). */
function treeRss(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(entry);
    if (ppid === undefined) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  let sum = 0;
  let largestHwm = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = /** @type {number} */ (stack.pop());
    const status = readStatus(pid);
    sum += status.rss;
    largestHwm = Math.max(largestHwm, status.hwm);
    stack.push(...(children.get(pid) ?? []));
  }
  return Math.max(sum, largestHwm);
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function readStatus(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

function readTimeMaxRss(file) {
  try {
    const text = readFileSync(file, 'utf8');
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  } finally {
    rmSync(file, { force: true });
  }
}

/** A file name inside dir for /usr/bin/time's report. */
export function timeReportPath(dir, label) {
  return join(dir, `${label}.time.txt`);
}
