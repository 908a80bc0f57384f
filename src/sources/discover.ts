import { mkdtempSync, openSync, readSync, closeSync, readdirSync, statSync, lstatSync, realpathSync, rmSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { BadInputError } from '../errors.js';
import { extractZip } from './zipArchive.js';

/** A file to ingest: a CSV (or a JSON feed) on disk, possibly extracted from an archive. */
export interface InputFile {
  /** Shown in messages and stored as provenance: "dir/file.csv" or "archive.zip!member.csv". */
  name: string;
  /** Where the file's bytes are on disk. */
  path: string;
  /** The archive it came from, when it did. */
  archive?: { path: string; name: string };
  /** Named by the user (not found inside a folder or archive). */
  explicit?: boolean;
}

/** What discovery found: files to read, and those passed over with a reason. */
export interface Discovery {
  files: InputFile[];
  skipped: Array<{ name: string; reason: string }>;
  /** Removes extracted temporary files. */
  cleanup(): void;
}

const ZIP_MAGIC = 0x04034b50;

/** Extensions read inside folders and archives: CSV files and JSON (the FedRAMP Marketplace feed). */
const DATA_EXTENSIONS = new Set(['.csv', '.json', '.xml']);

function isZip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32LE(0) === ZIP_MAGIC;
  } finally {
    closeSync(fd);
  }
}

/**
 * Expands the paths a user named into data files: folders recursively (in name order, only *.csv,
 * *.json, *.xml and *.zip inside them), zip archives into their *.csv, *.json and *.xml members. A path named
 * explicitly is always read. What a file is, is decided from its content later, never its name.
 * With `onArchiveError`, a corrupt archive is reported there and skipped instead of thrown.
 */
export async function discover(
  paths: readonly string[],
  onArchiveError?: (name: string, error: BadInputError) => void,
): Promise<Discovery> {
  const files: InputFile[] = [];
  const skipped: Discovery['skipped'] = [];
  const temps: string[] = [];
  const cleanup = (): void => { for (const t of temps) rmSync(t, { recursive: true, force: true }); };

  // Each real file and folder is read once, by device and inode: a symlink to a file already named, or a
  // folder link back up the tree, is passed over with a warning instead of loading twice or looping.
  const seen = new Map<string, string>();
  const identity = (st: Stats): string => `${st.dev}:${st.ino}`;

  const visit = async (path: string, explicit: boolean): Promise<void> => {
    let st;
    try {
      st = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      let link = false;
      try {
        link = lstatSync(path).isSymbolicLink();
      } catch {
        // not there at all
      }
      if (link && !explicit) {
        skipped.push({ name: path, reason: code === 'ELOOP' ? 'warning: a symbolic link that loops; skipped' : 'warning: a symbolic link to nothing (dangling); skipped' });
        return;
      }
      throw new BadInputError({ file: path }, link ? `a symbolic link that ${code === 'ELOOP' ? 'loops' : 'points to nothing'}` : 'no such file or folder');
    }
    const id = identity(st);
    const first = seen.get(id);
    if (first !== undefined) {
      const how = lstatSync(path).isSymbolicLink() ? `a symbolic link to ${realpathSync(path)}` : lstatSync(first).isSymbolicLink() ? 'which links to it' : 'a hard link';
      skipped.push({ name: path, reason: `warning: the same ${st.isDirectory() ? 'folder' : 'file'} as ${first} (${how}); read once` });
      return;
    }
    seen.set(id, path);
    if (st.isDirectory()) {
      for (const entry of readdirSync(path).sort()) {
        if (entry.startsWith('.')) continue;
        await visit(join(path, entry), false);
      }
      return;
    }
    if (!st.isFile()) { skipped.push({ name: path, reason: 'not a regular file' }); return; }
    const ext = extname(path).toLowerCase();
    if (!explicit && !DATA_EXTENSIONS.has(ext) && ext !== '.zip') {
      skipped.push({ name: path, reason: 'not a .csv, .json, .xml or .zip file' });
      return;
    }
    if (st.size > 0 && isZip(path)) {
      const dir = mkdtempSync(join(tmpdir(), 'whosbehind-zip-'));
      temps.push(dir);
      let members;
      try {
        members = await extractZip(path, path, dir);
      } catch (error) {
        if (!onArchiveError || !(error instanceof BadInputError)) throw error;
        onArchiveError(path, error);
        return;
      }
      for (const m of members) {
        const name = `${path}!${m.member}`;
        if (!DATA_EXTENSIONS.has(extname(m.member).toLowerCase())) {
          skipped.push({ name, reason: 'archive member is not a .csv, .json or .xml file' });
          continue;
        }
        files.push({ name, path: m.path, archive: { path, name: basename(path) } });
      }
      return;
    }
    files.push({ name: path, path: resolve(path), explicit });
  };

  try {
    for (const p of paths) await visit(p, true);
  } catch (error) {
    cleanup();
    throw error;
  }
  return { files, skipped, cleanup };
}
