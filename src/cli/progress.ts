import type { IngestReporter } from '../ingest.js';
import type { FileResult } from '../ingest.js';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function eta(done: number, total: number, elapsedMs: number): string {
  if (done <= 0 || done >= total) return '';
  const s = Math.round(((total - done) * elapsedMs) / done / 1000);
  return ` ETA ${s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`}`;
}

/** One summary line per file: read = loaded + replaced + unchanged + deleted + rejected. */
export function summaryLine(r: FileResult): string {
  if (r.skipped) return `skipped  ${r.name}: ${r.skipped}`;
  if (r.error) return `FAILED   ${r.error}`;
  const c = r.counts!;
  const warn = r.warnings.length ? `\n         warning: ${r.warnings.join('; ')}` : '';
  return `loaded   ${r.name} [${r.layout}]\n         read ${c.read}, loaded ${c.loaded}, replaced ${c.replaced}, ` +
    `unchanged ${c.unchanged}, deleted ${c.deleted}, rejected ${c.rejected}${warn}`;
}

/**
 * Draws ingest progress on stderr: a redrawn bar (bytes, MB/s, ETA) on a terminal, plain lines
 * otherwise (one when a file starts, then at most one every 10% of it).
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): IngestReporter {
  const tty = !!stream.isTTY;
  let name = '';
  let started = 0;
  let lastDecile = -1;
  let size = 0;
  return {
    fileStarted(file, layout, bytes) {
      name = file; started = Date.now(); lastDecile = -1; size = bytes;
      stream.write(`reading  ${file} (${layout.title}, ${mb(bytes)})\n`);
    },
    progress(phase, done, total) {
      const elapsed = Date.now() - started;
      const rate = elapsed > 0 ? (done / 1e6) / (elapsed / 1000) : 0;
      const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
      if (tty) {
        const width = 30;
        const fill = Math.round((pct / 100) * width);
        stream.write(`\r  ${phase} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${pct}% ${mb(done)}/${mb(total)} ${rate.toFixed(0)} MB/s${eta(done, total, elapsed)}   `);
        if (done >= total) stream.write('\n');
      } else if (Math.floor(pct / 10) > lastDecile && size > 50e6) {
        lastDecile = Math.floor(pct / 10);
        stream.write(`  ${phase} ${name}: ${pct}% ${mb(done)} ${rate.toFixed(0)} MB/s${eta(done, total, elapsed)}\n`);
      }
    },
    fileDone(result) {
      stream.write(`${summaryLine(result)}\n`);
    },
  };
}
