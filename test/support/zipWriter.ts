import { crc32, deflateRawSync } from 'node:zlib';

/** A member to put in a test archive: deflated by default, or stored as is. */
export interface ZipEntry {
  name: string;
  data: string | Buffer;
  method?: 'deflate' | 'store';
}

/** Where a member's (compressed) bytes sit in the archive, so a test can corrupt them. */
export interface ZipLayout {
  buffer: Buffer;
  members: Array<{ name: string; dataOffset: number; dataLength: number; crc32: number }>;
}

const DOS_TIME = 0; // 00:00:00
const DOS_DATE = (2024 - 1980) << 9 | 1 << 5 | 1; // 2024-01-01

/** Writes a minimal PKZIP archive (no data descriptors, no zip64) with correct CRC-32s and sizes. */
export function writeZip(entries: readonly ZipEntry[]): ZipLayout {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const members: ZipLayout['members'] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const method = e.method === 'store' ? 0 : 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw) >>> 0;
    const name = Buffer.from(e.name, 'utf8');

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal attributes: 0; external attributes: 0
    central.writeUInt32LE(offset, 42);

    members.push({ name: e.name, dataOffset: offset + 30 + name.length, dataLength: body.length, crc32: crc });
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return { buffer: Buffer.concat([...locals, cd, end]), members };
}

/** A copy of `zip` with `count` bytes of member `index`'s data inverted, starting `at` bytes into it. */
export function corruptMember(zip: ZipLayout, index: number, at = 0, count = 4): Buffer {
  const m = zip.members[index];
  if (!m) throw new Error(`no member ${index}`);
  const out = Buffer.from(zip.buffer);
  const start = m.dataOffset + Math.min(at, Math.max(0, m.dataLength - count));
  for (let i = start; i < Math.min(start + count, m.dataOffset + m.dataLength); i++) out[i] = out[i]! ^ 0xff;
  return out;
}
