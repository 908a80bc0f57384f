/**
 * The files under /static/: a fixed list read into memory at start (so no request path ever reaches the
 * file system), the stylesheet and scripts from web/static, and Cytoscape.js from node_modules (never a CDN).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  type: string;
  body: Buffer;
  etag: string;
}

const here = (name: string): string => fileURLToPath(new URL(`../../web/static/${name}`, import.meta.url));

/** The served files by name. */
export async function loadStaticFiles(): Promise<Map<string, StaticFile>> {
  const require = createRequire(import.meta.url);
  const files: Array<[string, string, string]> = [
    ['style.css', here('style.css'), 'text/css; charset=utf-8'],
    ['graph.js', here('graph.js'), 'text/javascript; charset=utf-8'],
    ['cytoscape.min.js', require.resolve('cytoscape/dist/cytoscape.min.js'), 'text/javascript; charset=utf-8'],
  ];
  const out = new Map<string, StaticFile>();
  for (const [name, path, type] of files) {
    const body = await readFile(path);
    out.set(name, { type, body, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` });
  }
  return out;
}
