import type { Command } from 'commander';
import { emptyProgram } from './emptyProgram.js';
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

/** Every command's registration, in the order `--help` lists them. */
export const REGISTRATIONS: ReadonlyArray<(program: Command) => void> = [
  registerDemo, registerIngest, registerStatus, registerRejects, registerSql, registerAgency, registerCompany, registerBreakdown,
  registerBudget, registerEntities, registerAward, registerGraphCommands, registerServe, registerFetch, registerDiff, registerWatch,
  registerReport,
];

/**
 * Builds the whole `whosbehind` program, every command registered (for `--help`, unknown commands and
 * tests). Loading it loads every command's code, report rendering and the web server included: the CLI
 * itself registers only the command it runs (cli/main.ts).
 */
export function buildProgram(): Command {
  const program = emptyProgram();
  for (const register of REGISTRATIONS) register(program);
  return program;
}
