import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { answerContext } from '../analysis/answer.js';
import { loadAgencyDirectory } from '../entities/agencies.js';
import { openResolved } from '../entities/companies.js';
import { NotFoundError, UsageError } from '../errors.js';
import { EDGE_KINDS, edgeKind, hasRole, isEdgeKind, type EdgeKind } from '../model/edgeKinds.js';
import { loadClaims } from '../graph/storeClaims.js';
import { membersWords } from '../graph/scopedSteps.js';
import { neighbourhood, toDot, toGraphML, toJsonGraph } from '../graph/exportGraph.js';
import { checkGraph, ensureGraph, partnersAnswer, pathAnswer, resolveEndpoint, type PathAnswer, type PartnersAnswer, type StepView } from '../graph/graphAnswers.js';
import { completeEdges, loadGraph } from '../graph/paths.js';
import { openStore, resolveStorePath } from '../store/openStore.js';
import { VERSION } from '../version.js';
import { BASES } from '../analysis/answer.js';
import { parseFiscalYears } from '../analysis/fiscalYears.js';
import { clean, coverageBlock, coverageWarning, footer, money, parseBasis, printJson } from './answerOptions.js';
import { dbOption } from './dbOption.js';
import { mark } from './timing.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export interface GraphFlags {
  db?: string;
  families?: string[];
  claims?: string[];
  json?: boolean;
}

/** Opens the store with current families and a current graph (building it when needed). */
export async function openGraph(flags: GraphFlags) {
  const path = resolveStorePath(flags.db);
  if (!existsSync(path)) throw new NotFoundError(`no store at ${path}: run \`whosbehind ingest PATH\` (or \`whosbehind demo\`) first`);
  let db = await openResolved(path, flags.families, (r) => process.stderr.write(`resolved ${r.recipients} recipients into ${r.families} families in ${r.ms} ms\n`));
  const claimsFiles = flags.claims?.length ? (flags.claims.includes('none') ? [] : flags.claims.map((c) => resolvePath(c))) : undefined;
  try {
    const check = await checkGraph(db, claimsFiles);
    if (!check.current && db.readOnly) {
      // a read-only store whose graph is stale is reopened for writing to rebuild it
      db.close();
      db = await openStore(path);
    }
    const built = await ensureGraph(db, claimsFiles, (files) => loadClaims(db, files), check);
    if (built) {
      process.stderr.write(`built the relationship graph: ${built.nodes} nodes, ${Object.entries(built.edges).map(([k, n]) => `${n} ${k}`).join(', ')} in ${built.ms} ms\n`);
      for (const n of built.notes) process.stderr.write(`note: ${n}\n`);
    }
    const ctx = await answerContext(db, VERSION);
    mark('store');
    return { db, ctx };
  } catch (error) {
    db.close();
    throw error;
  }
}

function graphOptions(cmd: Command): Command {
  return cmd.addOption(dbOption())
    .option('--families <file>', 'extra curated families file (repeatable; "none" clears)', collect)
    .option('--claims <file>', 'cited claims file, YAML or CSV (repeatable; remembered; "none" clears)', collect);
}

function parseKinds(text: string | undefined): EdgeKind[] | undefined {
  if (!text) return undefined;
  const kinds = text.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) if (!isEdgeKind(k)) throw new UsageError(`unknown edge kind "${k}" (kinds: ${EDGE_KINDS.join(', ')})`);
  return kinds as EdgeKind[];
}

function renderStep(s: StepView, indent: string): string[] {
  const out = [`${indent}${clean(s.sentence)}`];
  const show = edgeKind(s.kind).text;
  if (show.basisSplit && s.awardingAmount !== null) out.push(`${indent}  awarded by the agency ${money(s.awardingAmount)}; funded by it ${money(s.fundingAmount)}`);
  if (show.detail === 'always' || (show.detail === 'to-offering' && s.to.type === 'offering')) if (s.detail) out.push(`${indent}  ${clean(s.detail)}`);
  if (hasRole(s.kind, 'cited')) {
    const d = JSON.parse(s.detail ?? '{}') as { quote?: string | null; sourceUrl?: string };
    if (d.quote) out.push(`${indent}  claim quotes: "${clean(d.quote)}"`);
    out.push(`${indent}  ${clean(s.source)}`);
  }
  const ev = s.evidence;
  const via = membersWords(ev);
  if (via && s.scope?.status !== 'context') out.push(`${indent}  ${clean(via)}`);
  if (ev.records.length && ev.total === null) {
    // FedRAMP entries: the detail above says it all; name where it was read
    for (const f of new Set(ev.records.map((r) => `${clean(r.sourceFile)} (${r.table} ${clean(r.key)})`))) out.push(`${indent}  source: ${f}`);
  } else if (ev.records.length) {
    out.push(`${indent}  evidence: ${ev.count} record(s)${ev.total !== null ? `, ${money(ev.total)}` : ''}${ev.agencyFilter ? ` (narrowed to agency ${ev.agencyFilter.join(', ')})` : ''}${ev.note ? `; ${clean(ev.note)}` : ''}`);
    if (ev.deduplicated) out.push(`${indent}  de-duplicated: ${ev.repeatsDropped.count} repeated report(s) dropped${ev.repeatsDropped.count && ev.repeatsDropped.total !== null ? ` (${money(ev.repeatsDropped.total)})` : ''}`);
    if (ev.allAgencies) out.push(`${indent}  all agencies (not only ${clean(s.scope?.label ?? ev.agencyFilter?.join(', ') ?? '')}): ${ev.allAgencies.count} record(s)${ev.allAgencies.total !== null ? `, ${money(ev.allAgencies.total)}` : ''}`);
    for (const r of ev.records) {
      const quoted = r.matched ? `"${clean(r.text)}" [matched: ${clean(r.matched)}${r.rule ? `; rule ${clean(r.rule)}` : ''}]` : r.text ? `"${clean(r.text)}"` : '';
      out.push(`${indent}    ${r.amount !== null ? money(r.amount).padStart(16) : ''} ${r.date ?? ''} ${clean(r.party)} ${quoted}`.trimEnd());
      if (r.sourceFile) out.push(`${indent}      ${clean(r.sourceFile)}${r.line ? ` line ${r.line}` : ''}${r.table ? ` (${r.table} ${clean(r.key)})` : ''}`);
    }
  }
  return out;
}

export function renderPath(a: PathAnswer): string {
  const out = [`Paths from ${clean(a.from.label)} to ${clean(a.to.label)} (at most ${a.maxHops} steps; kinds ${a.kinds.join(', ')}; ${a.scope.fiscalYearsLabel}, ${a.scope.basis} basis)`,
    ...(a.coverage ? coverageWarning(a.coverage) : []), ''];
  for (const p of a.paths) {
    out.push(`${p.rank}. score ${p.score}: ${p.why.join('; ')}`);
    p.steps.forEach((s, i) => {
      const lines = renderStep(s, '       ');
      lines[0] = `   ${i + 1}) ${lines[0]!.trimStart()}`;
      out.push(...lines);
    });
    out.push('');
  }
  out.push(...a.notes.map((n) => `note: ${n}`));
  if (a.coverage) out.push(...coverageBlock(a.coverage).slice(1), '');
  out.push(`${a.enumerated} path(s) found; ${footer(a.context)}`);
  return out.join('\n') + '\n';
}

export function renderPartners(a: PartnersAnswer): string {
  const out = [`Partners of ${clean(a.company.name)} with a relationship to ${clean(a.agency.name)} (${a.scope.fiscalYearsLabel}, ${a.scope.basis} basis)`,
    ...coverageWarning(a.coverage), ''];
  for (const p of a.partners) {
    out.push(`${clean(p.name)} [${p.familyId}]`);
    out.push('  with the company:');
    for (const s of p.withCompany) out.push(...renderStep(s, '    - '));
    out.push('  with the agency:');
    for (const s of p.withAgency) out.push(...renderStep(s, '    - '));
    out.push('');
  }
  out.push(...a.notes.map((n) => `note: ${n}`), ...coverageBlock(a.coverage).slice(1), '', footer(a.context));
  return out.join('\n') + '\n';
}

export function registerGraphCommands(program: Command): void {
  graphOptions(program.command('path')
    .description('ranked evidence paths between a company and an agency (either order): contracts, subcontracts, resellers, cloud, claims')
    .argument('<from>', 'company or agency')
    .argument('<to>', 'agency or company')
    .option('--max-hops <n>', 'longest path, in steps', '4')
    .option('--kinds <list>', `edge kinds to use, comma-separated (${EDGE_KINDS.join(', ')})`)
    .option('--limit <n>', 'paths to show', '10')
    .option('--fy <years>', "fiscal years the steps' figures and records count (2022, 2021..2023); default every year held")
    .addOption(new Option('--basis <basis>', 'which agency field counts at the agency end: awarding, funding, or either').choices([...BASES]).default('either'))
    .option('--json', 'print as JSON (money as exact decimal strings)'))
    .addHelpText('after', `
Examples:
  whosbehind path Amazon ICE
  whosbehind path "Thomson Reuters" ICE --kinds prime,subaward --json
  whosbehind path Amazon ICE --fy 2022..2023 --basis awarding

Every step's figures and records are those at the agency asked (and, with --fy / --basis, in those fiscal
years on that basis); a step with none there is labelled context and ranked below. The answer ends with
the store's coverage for that scope: subtiers, years and sources held, refused rows, known limits.`)
    .action(async (from: string, to: string, flags: GraphFlags & { maxHops: string; kinds?: string; limit: string; fy?: string; basis?: string }) => {
      const years = parseFiscalYears(flags.fy);
      const basis = parseBasis(flags.basis);
      const { db, ctx } = await openGraph(flags);
      try {
        const a = await pathAnswer(db, ctx, from, to, {
          maxHops: Number(flags.maxHops), kinds: parseKinds(flags.kinds), limit: Math.max(1, Number(flags.limit) || 10), basis, ...(years ? { years } : {}),
        });
        if (flags.json) printJson(a);
        else process.stdout.write(renderPath(a));
      } finally {
        db.close();
      }
    });

  graphOptions(program.command('partners')
    .description("a company's partners (resellers of its products, companies on its cloud, subcontractors, primes) that have a relationship with an agency")
    .argument('<company>', 'company family')
    .requiredOption('--of <agency>', 'the agency')
    .option('--fy <years>', "fiscal years the steps' figures and records count (2022, 2021..2023); default every year held")
    .addOption(new Option('--basis <basis>', 'which agency field counts at the agency: awarding, funding, or either').choices([...BASES]).default('either'))
    .option('--json', 'print as JSON'))
    .addHelpText('after', `
Example:
  whosbehind partners Amazon --of ICE      # "any Amazon partner that has a relationship with ICE"
  whosbehind partners Amazon --of ICE --fy 2023`)
    .action(async (company: string, flags: GraphFlags & { of: string; fy?: string; basis?: string }) => {
      const years = parseFiscalYears(flags.fy);
      const basis = parseBasis(flags.basis);
      const { db, ctx } = await openGraph(flags);
      try {
        const a = await partnersAnswer(db, ctx, company, flags.of, { basis, ...(years ? { years } : {}) });
        if (flags.json) printJson(a);
        else process.stdout.write(renderPartners(a));
      } finally {
        db.close();
      }
    });

  graphOptions(program.command('graph')
    .description('the relationship graph around an agency or company, as GraphML, JSON graph or DOT')
    .argument('<name>', 'agency or company')
    .option('--depth <n>', 'steps from the centre', '2')
    .option('--limit <n>', 'most nodes (strongest relationships first)', '150')
    .option('--with-members', 'include family member recipients')
    .addOption(new Option('--format <format>', 'output format').choices(['graphml', 'json', 'dot']).default('json')))
    .addHelpText('after', `
Examples:
  whosbehind graph ICE --depth 2 --format graphml > ice.graphml     # open in Gephi, yEd, Cytoscape
  whosbehind graph Palantir --format dot | dot -Tsvg > palantir.svg`)
    .action(async (name: string, flags: GraphFlags & { depth: string; limit: string; format: 'graphml' | 'json' | 'dot'; withMembers?: boolean }) => {
      const depth = Number(flags.depth);
      if (!Number.isInteger(depth) || depth < 1 || depth > 4) throw new UsageError('--depth must be 1 to 4');
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
      const { db } = await openGraph(flags);
      try {
        const g = await loadGraph(db, EDGE_KINDS, !!flags.withMembers);
        const end = await resolveEndpoint(db, await loadAgencyDirectory(db), g, name);
        const sg = neighbourhood(g, end.nodes, depth, limit, !!flags.withMembers);
        await completeEdges(db, g, sg.edges);
        process.stdout.write(flags.format === 'graphml' ? toGraphML(sg) : flags.format === 'dot' ? toDot(sg) : toJsonGraph(sg));
        if (sg.omitted) process.stderr.write(`note: ${sg.omitted} node(s) left out by --limit ${limit}\n`);
      } finally {
        db.close();
      }
    });
}
