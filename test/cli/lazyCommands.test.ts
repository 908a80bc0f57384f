/**
 * The CLI registers only the command it runs (cli/main.ts COMMAND_MODULES): the table must name every
 * command of the full program, register exactly that command, and `agency`, `company` and `path` must
 * not load the report, graph-layout, browser or web-server code (checked in a fresh Node process by a
 * module-resolution hook, on the built dist/).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_MODULES, programFor } from '../../src/cli/main.js';
import { buildProgram } from '../../src/cli/program.js';
import { ensureBuiltCli } from '../support/builtCli.js';
import { tempDir } from '../support/tempStore.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('lazy command registration', () => {
  it('names every command of the full program, and registers that command alone', async () => {
    const full = buildProgram().commands.map((c) => c.name()).sort();
    expect(Object.keys(COMMAND_MODULES).sort()).toEqual(full);
    for (const name of full) {
      const program = await programFor(['node', 'whosbehind', name, '--help']);
      const names = program.commands.map((c) => c.name());
      expect(names).toContain(name);
      // graphCommands registers path, partners and graph together; every other module one command
      expect(names.length, `${name}: ${names.join(', ')}`).toBeLessThanOrEqual(3);
      const lazy = program.commands.find((c) => c.name() === name)!;
      const eager = buildProgram().commands.find((c) => c.name() === name)!;
      expect(lazy.options.map((o) => o.long)).toEqual(eager.options.map((o) => o.long));
    }
  });

  it('gives the whole program to no command, --help, help and a mistyped command', async () => {
    const all = buildProgram().commands.length;
    for (const argv of [[], ['--help'], ['help', 'agency'], ['agnecy', 'ICE'], ['-V']]) {
      expect((await programFor(['node', 'whosbehind', ...argv])).commands.length, argv.join(' ')).toBe(all);
    }
  });
});

describe('what an answer loads', () => {
  beforeAll(() => ensureBuiltCli(REPO), 180_000);

  it('agency, company and path load neither vega, cytoscape, playwright nor the web server', () => {
    const t = tempDir('whosbehind-lazy-');
    const hooks = t.write('hooks.mjs', `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n`);
    const register = t.write('register.mjs', `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const main = pathToFileURL(join(REPO, 'dist', 'cli', 'main.js')).href;
    for (const command of ['agency', 'company', 'path']) {
      // --help: the command's module is loaded and registered, nothing is asked of a store
      const r = spawnSync(process.execPath, ['--import', register, '--input-type=module', '-e',
        `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(['node', 'whosbehind', ${JSON.stringify(command)}, '--help']);`],
      { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Usage: whosbehind ${command}`);
      const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
      expect(loaded.some((u) => u.includes(`/dist/cli/`)), 'the hook saw the CLI load').toBe(true);
      for (const heavy of ['/node_modules/vega', '/node_modules/cytoscape', '/node_modules/playwright-core', '/dist/web/', '/dist/reports/']) {
        expect(loaded.filter((u) => u.includes(heavy)), `${command} loads ${heavy}`).toEqual([]);
      }
    }
  }, 120_000);
});
