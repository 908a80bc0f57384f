import { Command, CommanderError } from 'commander';
import { WhosbehindError } from '../errors.js';
import { VERSION } from '../version.js';
import { registerIngest } from './ingestCommand.js';
import { registerStatus } from './statusCommand.js';
import { registerSql } from './sqlCommand.js';
import { registerDemo } from './demoCommand.js';
import { registerAgency } from './agencyCommand.js';
import { registerCompany } from './companyCommand.js';
import { registerBreakdown } from './breakdownCommand.js';
import { registerBudget } from './budgetCommand.js';
import { registerEntities } from './entitiesCommand.js';
import { registerAward } from './awardCommand.js';
import { registerGraphCommands } from './graphCommands.js';
import { registerServe } from './serveCommand.js';
import { registerFetch } from './fetchCommand.js';
import { registerDiff } from './diffCommand.js';
import { registerWatch } from './watchCommand.js';
import { registerReport } from './reportCommand.js';
import { registerRejects } from './rejectsCommand.js';

/** Builds the `whosbehind` command line program. */
export function buildProgram(): Command {
  const program = new Command('whosbehind')
    .description('Follow public money to the companies behind government agencies, and back.')
    .version(VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerDemo(program);
  registerIngest(program);
  registerStatus(program);
  registerRejects(program);
  registerSql(program);
  registerAgency(program);
  registerCompany(program);
  registerBreakdown(program);
  registerBudget(program);
  registerEntities(program);
  registerAward(program);
  registerGraphCommands(program);
  registerServe(program);
  registerFetch(program);
  registerDiff(program);
  registerWatch(program);
  registerReport(program);
  return program;
}

/** Runs the CLI and returns the exit code; the one place errors become messages and exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
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
