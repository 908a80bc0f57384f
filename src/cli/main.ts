import { CommanderError, type Command } from 'commander';
import { WhosbehindError } from '../errors.js';
import { emptyProgram } from './emptyProgram.js';
import { mark, reportTiming } from './timing.js';

type Registration = (program: Command) => void;

/**
 * The module that registers each top-level command. Running a command loads only its module and what
 * that imports: `agency`, `company` and `path` never load the report renderer (Vega), the graph layout
 * (Cytoscape), headless Chromium or the web server. test/cli/lazyCommands.test.ts checks this table
 * against the full program (cli/program.ts).
 */
export const COMMAND_MODULES: Readonly<Record<string, () => Promise<Registration>>> = {
  demo: async () => (await import('./demoCommand.js')).registerDemo,
  ingest: async () => (await import('./ingestCommand.js')).registerIngest,
  status: async () => (await import('./statusCommand.js')).registerStatus,
  rejects: async () => (await import('./rejectsCommand.js')).registerRejects,
  sql: async () => (await import('./sqlCommand.js')).registerSql,
  agency: async () => (await import('./agencyCommand.js')).registerAgency,
  company: async () => (await import('./companyCommand.js')).registerCompany,
  breakdown: async () => (await import('./breakdownCommand.js')).registerBreakdown,
  budget: async () => (await import('./budgetCommand.js')).registerBudget,
  entities: async () => (await import('./entitiesCommand.js')).registerEntities,
  award: async () => (await import('./awardCommand.js')).registerAward,
  path: async () => (await import('./graphCommands.js')).registerGraphCommands,
  partners: async () => (await import('./graphCommands.js')).registerGraphCommands,
  graph: async () => (await import('./graphCommands.js')).registerGraphCommands,
  serve: async () => (await import('./serveCommand.js')).registerServe,
  fetch: async () => (await import('./fetchCommand.js')).registerFetch,
  diff: async () => (await import('./diffCommand.js')).registerDiff,
  watch: async () => (await import('./watchCommand.js')).registerWatch,
  report: async () => (await import('./reportCommand.js')).registerReport,
};

/**
 * The program for one command line: only the named command's module is registered; anything else (no
 * command, `--help`, `help`, a mistyped command) gets the whole program, so help lists every command and
 * a typo gets its suggestion.
 */
export async function programFor(argv: readonly string[]): Promise<Command> {
  const name = argv[2];
  const load = name !== undefined && Object.hasOwn(COMMAND_MODULES, name) ? COMMAND_MODULES[name] : undefined;
  if (!load) return (await import('./program.js')).buildProgram();
  const program = emptyProgram();
  (await load())(program);
  return program;
}

/** Runs the CLI and returns the exit code; the one place errors become messages and exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  mark('main');
  try {
    const program = await programFor(argv);
    mark('modules');
    await program.parseAsync([...argv]);
    mark('done');
    reportTiming();
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof WhosbehindError) {
      process.stderr.write(`whosbehind: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`whosbehind: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env['WHOSBEHIND_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 70;
  }
}
