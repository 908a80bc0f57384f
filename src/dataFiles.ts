/** Files shipped in whosbehind's own data/ folder (agency list, brand lexicon, watch list, …). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BadInputError } from './errors.js';

/** data/NAME of this installation, found upwards from this module (src/ or dist/); `what` names it in the error. */
export function bundledDataFile(name: string, what: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data', name);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new BadInputError({ file: `data/${name}` }, `${what} not found beside this installation`);
}
