import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { BadInputError } from '../errors.js';

/** One member of an archive, extracted to a temporary file. */
export interface ExtractedMember {
  member: string;
  path: string;
  bytes: number;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip));
  });
}

/**
 * Extracts every file member of a zip archive into `dir`, checking each member's CRC-32 and size.
 * Member names never become paths (members are written as numbered files), so a hostile name cannot
 * escape `dir`. Any corrupt member fails the whole archive.
 */
export async function extractZip(archivePath: string, displayName: string, dir: string): Promise<ExtractedMember[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(archivePath);
  } catch (error) {
    throw new BadInputError({ file: displayName }, `not a readable zip archive (${(error as Error).message})`);
  }
  const members: ExtractedMember[] = [];
  await new Promise<void>((resolve, reject) => {
    const fail = (member: string, error: unknown): void => {
      zip.close();
      reject(new BadInputError({ file: `${displayName}!${member}` }, `corrupt archive member (${(error as Error).message})`));
    };
    zip.on('error', (error) => reject(new BadInputError({ file: displayName }, `corrupt zip archive (${error.message})`)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) { zip.readEntry(); return; }
      const out = join(dir, `member-${members.length}`);
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) { fail(entry.fileName, err); return; }
        let crc = 0;
        let bytes = 0;
        const check = new Transform({
          transform(chunk: Buffer, _enc, done) { crc = crc32(chunk, crc); bytes += chunk.length; done(null, chunk); },
          flush(done) {
            done(crc >>> 0 === entry.crc32 >>> 0 ? null : new Error(`CRC-32 mismatch: expected ${entry.crc32.toString(16)}, got ${(crc >>> 0).toString(16)}`));
          },
        });
        pipeline(stream, check, createWriteStream(out)).then(() => {
          members.push({ member: entry.fileName, path: out, bytes });
          zip.readEntry();
        }, (error) => fail(entry.fileName, error));
      });
    });
    zip.readEntry();
  });
  return members;
}
