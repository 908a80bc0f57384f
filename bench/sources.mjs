// npm run bench:sources [-- --case NAME] [--mb N]: one benchmark per source kind, each printing its own
// speed and a baseline measured in the same run, and the ratio. The cases live in bench/sources/ (one
// file each, exporting { name, target, run(options) }); add a case by adding its file to CASES below.
import { readLoad } from './common.mjs';
import { budgetCase } from './sources/budget.mjs';
import { ocdsCase } from './sources/ocds.mjs';

/** Every case, in the order they run. */
const CASES = [ocdsCase, budgetCase];

function parseArgs(argv) {
  const options = { mb: undefined, rows: undefined, case: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--case') options.case = argv[++i];
    else if (a === '--mb') options.mb = Number(argv[++i]);
    else if (a === '--rows') options.rows = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}; use --case NAME (${CASES.map((c) => c.name).join(', ')}) and --mb N`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const chosen = options.case ? CASES.filter((c) => c.name === options.case) : CASES;
if (chosen.length === 0) throw new Error(`no case ${options.case}; cases: ${CASES.map((c) => c.name).join(', ')}`);
console.log(`bench:sources — ${readLoad()}`);
let failed = 0;
for (const c of chosen) {
  console.log(`\n## ${c.name}: ${c.target}`);
  const result = await c.run(options);
  for (const line of result.lines) console.log(line);
  console.log(`target: ${result.met ? 'met' : 'NOT met'}`);
  if (!result.met) failed++;
}
console.log(`\n${readLoad()} (after)`);
process.exitCode = failed ? 1 : 0;
