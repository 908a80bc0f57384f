import { Option, type Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { BASES, type Basis } from '../analysis/answer.js';
import { UsageError } from '../errors.js';
import { buildReport, reproduceCommand } from '../reports/reportData.js';
import { REPORT_FORMATS, type ReportFormat, type ReportKind } from '../reports/reportModel.js';
import { renderReport } from '../reports/renderReport.js';
import { loadReportWatch } from '../reports/watch.js';
import { parseFy } from './answerOptions.js';
import { dbOption } from './dbOption.js';
import { openGraph } from './graphCommands.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface ReportFlags {
  db?: string;
  families?: string[];
  claims?: string[];
  fy?: string;
  basis?: string;
  watch?: string;
  out: string;
  format?: ReportFormat;
  limit: string;
}

const EXTENSIONS: Record<string, ReportFormat> = { '.html': 'html', '.htm': 'html', '.md': 'md', '.markdown': 'md', '.pdf': 'pdf', '.json': 'json' };

/** The output format: --format, else the --out file's extension. */
export function reportFormat(out: string, format: string | undefined): ReportFormat {
  if (format) {
    if (!REPORT_FORMATS.includes(format as ReportFormat)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
    return format as ReportFormat;
  }
  const f = EXTENSIONS[extname(out).toLowerCase()];
  if (!f) throw new UsageError(`cannot tell the format from "${out}": name the file .html, .md, .pdf or .json, or give --format`);
  return f;
}

async function runReport(kind: ReportKind, query: string, flags: ReportFlags): Promise<void> {
  const format = reportFormat(flags.out, flags.format);
  const limit = Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be a whole number from 1 to 100');
  if (flags.basis !== undefined && !BASES.includes(flags.basis as Basis)) throw new UsageError(`--basis must be one of ${BASES.join(', ')}`);
  const basis = flags.basis as Basis | undefined;
  const fiscalYears = parseFy(flags);
  const watch = await loadReportWatch(flags.watch);
  let command = reproduceCommand({ kind, query, fiscalYears, basis, watch }, flags.out);
  if (flags.format) command += ` --format ${format}`;
  if (flags.limit !== '10') command += ` --limit ${limit}`;
  const started = Date.now();
  const { db, ctx } = await openGraph(flags);
  try {
    const model = await buildReport(db, ctx, { kind, query, fiscalYears, basis, watch, limit, command });
    const baseName = basename(flags.out, extname(flags.out));
    const out = await renderReport(model, format, { baseName });
    mkdirSync(dirname(flags.out) || '.', { recursive: true });
    writeFileSync(flags.out, out.content);
    for (const a of out.attachments) writeFileSync(join(dirname(flags.out), a.name), a.content);
    const extra = out.attachments.length ? ` and ${out.attachments.length} chart file(s) beside it` : '';
    process.stderr.write(`wrote ${flags.out} (${format}${extra}): ${model.title}, ${model.fiscalYearsLabel}, snapshot ${ctx.snapshotId ?? '(none)'}, in ${Date.now() - started} ms\n`);
    if (model.empty) process.stderr.write(`note: ${model.empty}\n`);
  } finally {
    db.close();
  }
}

function reportOptions(cmd: Command, basisHelp: string): Command {
  return cmd.addOption(dbOption())
    .option('--fy <years>', 'fiscal years: 2022, 2021..2023, 2021.. (1 October to 30 September)')
    .option('--basis <basis>', basisHelp)
    .option('--watch <file>', 'watch list (YAML: companies, agencies, keywords) to find evidence paths to; default data/watch.yaml')
    .requiredOption('--out <file>', 'where to write the report (.html, .md, .pdf or .json)')
    .addOption(new Option('--format <format>', 'output format (default: from the --out extension)').choices([...REPORT_FORMATS]))
    .option('--limit <n>', 'rows in the ranking table', '10')
    .option('--families <file>', 'extra curated families file (YAML, repeatable; "none" clears the remembered ones)', collect)
    .option('--claims <file>', 'cited claims file for the relationship graph (repeatable; remembered; "none" clears)', collect);
}

/** `whosbehind report agency|company NAME --out FILE` */
export function registerReport(program: Command): void {
  const report = program.command('report')
    .description('write a sourced dossier with charts: HTML (one offline file), Markdown (+ SVG charts), PDF or JSON');
  reportOptions(report.command('agency')
    .description("\"Who's behind AGENCY\": top company families, trend, categories, relationships, top awards, method")
    .argument('<agency>', 'code (7012), abbreviation (ICE) or name'), 'awarding, funding or either (default either)')
    .addHelpText('after', `
Examples:
  whosbehind report agency ICE --fy 2021..2023 --out ice.html
  whosbehind report agency ICE --watch companies.yaml --out ice.md     # charts written as ice-*.svg beside it
  whosbehind report agency CBP --basis awarding --out cbp.pdf`)
    .action((query: string, flags: ReportFlags) => runReport('agency', query, flags));
  reportOptions(report.command('company')
    .description('"What COMPANY is behind": top agencies, trend, categories, relationships, top awards, method')
    .argument('<company>', 'family name, alias, member name, UEI or DUNS'), 'which agency field groups the agencies: awarding or funding (default awarding)')
    .addHelpText('after', `
Examples:
  whosbehind report company Palantir --fy 2021..2023 --out palantir.html
  whosbehind report company "Thomson Reuters" --out tr.json`)
    .action((query: string, flags: ReportFlags) => runReport('company', query, flags));
}
