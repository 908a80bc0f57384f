/**
 * The compact search graph (paths.ts loadSearchGraph) as one binary file beside the store, so a new
 * process (each CLI `path`) maps it in a few milliseconds instead of reading the graph from DuckDB and
 * parsing it (about 300 ms on a 1M-transaction store). A file holds one selection (edge kinds, agency
 * ends) of one graph build: its name is a digest of the build's stamp (graph_state digest and built_at)
 * and the selection, and its header repeats the stamp, so a rebuilt graph never reads an old file.
 *
 * Layout: 'WBSG', uint32 header length, the JSON header, then sections aligned to 4 bytes, each named in
 * the header with its byte offset and length: node id / label / edge text offsets (int32), the node id,
 * label and edge texts (UTF-8), node types (uint8 index into header.types), middle flags (uint8), edge
 * ends, adjacency offsets and incident edges (int32, native byte order, named in the header).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { endianness } from 'node:os';

/** The arrays and texts of a compact search graph, however they were read. */
export interface SearchGraphParts {
  nodeCount: number;
  edgeCount: number;
  nodeId(i: number): string;
  nodeType(i: number): string;
  nodeLabel(i: number): string;
  /** The node number of an id, or undefined. */
  indexOf(id: string): number | undefined;
  /** 1 where the node may sit in the middle of a path (family, offering). */
  middle: Uint8Array;
  /** Edge e goes from ends[2e] to ends[2e + 1]. */
  ends: Int32Array;
  /** Node n's incident edges are incident[offsets[n] .. offsets[n + 1]), in edge id order. */
  offsets: Int32Array;
  incident: Int32Array;
  /** Edge e's text after its two ends: id, kind, amount, records, first and last date, agencies, confidence (tab-separated). */
  edgeText(e: number): string;
}

const MAGIC = 'WBSG';
const FORMAT = 1;

interface Header {
  format: number;
  stamp: string;
  endianness: string;
  nodeCount: number;
  edgeCount: number;
  /** Node ids in byte order: found by binary search (else a map is built when read). */
  sortedIds: boolean;
  types: string[];
  sections: Record<string, [number, number]>;
}

/** Where a store's search graph files live: a folder beside the store file (none for an in-memory store). */
export function searchGraphFolder(storePath: string): string | null {
  if (!storePath || storePath === ':memory:') return null;
  return `${storePath}.search-graphs`;
}

/** The file of one selection of one graph build. */
export function searchGraphFile(folder: string, stamp: string, selection: string): string {
  const h = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);
  return join(folder, `${h(stamp)}-${h(selection)}.wbsg`);
}

/** Encodes the parts as the file's bytes. */
export function encodeSearchGraph(parts: SearchGraphParts, stamp: string): Buffer {
  const { nodeCount, edgeCount } = parts;
  const types: string[] = [];
  const typeCode = new Uint8Array(nodeCount);
  const idChunks: Buffer[] = [];
  const labelChunks: Buffer[] = [];
  const edgeChunks: Buffer[] = [];
  const idOff = new Int32Array(nodeCount + 1);
  const labelOff = new Int32Array(nodeCount + 1);
  const edgeOff = new Int32Array(edgeCount + 1);
  let sorted = true;
  let previous: Buffer | null = null;
  for (let i = 0; i < nodeCount; i++) {
    const id = Buffer.from(parts.nodeId(i), 'utf8');
    if (previous && Buffer.compare(previous, id) >= 0) sorted = false;
    previous = id;
    idChunks.push(id);
    idOff[i + 1] = idOff[i]! + id.length;
    const label = Buffer.from(parts.nodeLabel(i), 'utf8');
    labelChunks.push(label);
    labelOff[i + 1] = labelOff[i]! + label.length;
    const t = parts.nodeType(i);
    let code = types.indexOf(t);
    if (code < 0) code = types.push(t) - 1;
    typeCode[i] = code;
  }
  for (let e = 0; e < edgeCount; e++) {
    const text = Buffer.from(parts.edgeText(e), 'utf8');
    edgeChunks.push(text);
    edgeOff[e + 1] = edgeOff[e]! + text.length;
  }
  const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const sections: Array<[string, Buffer]> = [
    ['idOff', bytes(idOff)], ['labelOff', bytes(labelOff)], ['edgeOff', bytes(edgeOff)],
    ['ends', bytes(parts.ends)], ['offsets', bytes(parts.offsets)], ['incident', bytes(parts.incident)],
    ['types', bytes(typeCode)], ['middle', bytes(parts.middle)],
    ['ids', Buffer.concat(idChunks)], ['labels', Buffer.concat(labelChunks)], ['edges', Buffer.concat(edgeChunks)],
  ];
  const header: Header = { format: FORMAT, stamp, endianness: endianness(), nodeCount, edgeCount, sortedIds: sorted, types, sections: {} };
  // offsets are relative to the end of the header block, so the header can be written after they are known
  let at = 0;
  for (const [name, b] of sections) {
    header.sections[name] = [at, b.length];
    at += b.length + ((4 - (b.length % 4)) % 4);
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headLength = 8 + json.length + ((4 - ((8 + json.length) % 4)) % 4);
  const out = Buffer.alloc(headLength + at);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  for (const [name, b] of sections) b.copy(out, headLength + header.sections[name]![0]);
  return out;
}

/** Decodes a file's bytes; null when they are not a search graph of this format, byte order and stamp. */
export function decodeSearchGraph(buf: Buffer, stamp: string): SearchGraphParts | null {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) return null;
  const jsonLength = buf.readUInt32LE(4);
  if (8 + jsonLength > buf.length) return null;
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 8, 8 + jsonLength)) as Header;
  } catch {
    return null;
  }
  if (header.format !== FORMAT || header.stamp !== stamp || header.endianness !== endianness()) return null;
  const headLength = 8 + jsonLength + ((4 - ((8 + jsonLength) % 4)) % 4);
  const section = (name: string): [number, number] => {
    const s = header.sections[name];
    if (!s || headLength + s[0] + s[1] > buf.length) throw new Error(`search graph file: section ${name} out of bounds`);
    return [buf.byteOffset + headLength + s[0], s[1]];
  };
  // a Buffer read from a file may start anywhere in its ArrayBuffer: copy when the int32 views would be unaligned
  const base = (buf.byteOffset % 4) === 0 ? buf : Buffer.from(buf);
  const i32 = (name: string): Int32Array => {
    const [off, len] = section(name);
    return new Int32Array(base.buffer, off - buf.byteOffset + base.byteOffset, len / 4);
  };
  const u8 = (name: string): Uint8Array => {
    const [off, len] = section(name);
    return new Uint8Array(base.buffer, off - buf.byteOffset + base.byteOffset, len);
  };
  let parts: SearchGraphParts;
  try {
    const idOff = i32('idOff');
    const labelOff = i32('labelOff');
    const edgeOff = i32('edgeOff');
    const ids = u8('ids');
    const labels = u8('labels');
    const edges = u8('edges');
    const typeCode = u8('types');
    const text = (b: Uint8Array, from: number, to: number): string => Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('utf8');
    const { nodeCount, edgeCount } = header;
    const nodeId = (i: number): string => text(ids, idOff[i]!, idOff[i + 1]!);
    let map: Map<string, number> | null = null;
    const idBytes = Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
    const indexOf = header.sortedIds
      ? (id: string): number | undefined => {
        const key = Buffer.from(id, 'utf8');
        let lo = 0;
        let hi = nodeCount - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const c = idBytes.compare(key, 0, key.length, idOff[mid]!, idOff[mid + 1]!);
          // c compares the id at mid (target range) with the key: 0 equal, < 0 mid sorts first
          if (c === 0) return mid;
          if (c < 0) lo = mid + 1;
          else hi = mid - 1;
        }
        return undefined;
      }
      : (id: string): number | undefined => {
        if (!map) {
          map = new Map();
          for (let i = 0; i < nodeCount; i++) map.set(nodeId(i), i);
        }
        return map.get(id);
      };
    parts = {
      nodeCount, edgeCount, nodeId, indexOf,
      nodeType: (i) => header.types[typeCode[i]!]!,
      nodeLabel: (i) => text(labels, labelOff[i]!, labelOff[i + 1]!),
      middle: u8('middle'), ends: i32('ends'), offsets: i32('offsets'), incident: i32('incident'),
      edgeText: (e) => text(edges, edgeOff[e]!, edgeOff[e + 1]!),
    };
    if (idOff.length !== nodeCount + 1 || edgeOff.length !== edgeCount + 1 || parts.ends.length !== 2 * edgeCount
      || parts.offsets.length !== nodeCount + 1 || parts.incident.length !== 2 * edgeCount) return null;
  } catch {
    return null;
  }
  return parts;
}

/** Reads a search graph file; null when it is missing, damaged or of another build. */
export function readSearchGraphFile(file: string, stamp: string): SearchGraphParts | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  return decodeSearchGraph(buf, stamp);
}

/**
 * Writes a search graph file (a temporary file renamed over it, so a reader never sees half of one) and
 * removes the folder's files of other builds. A folder that cannot be written is not an error: the next
 * process reads the graph from the store again.
 */
export function writeSearchGraphFile(folder: string, file: string, parts: SearchGraphParts, stamp: string): boolean {
  try {
    mkdirSync(folder, { recursive: true });
    const prefix = file.slice(folder.length + 1, file.indexOf('-', folder.length + 1) + 1);
    for (const name of readdirSync(folder)) if (name.endsWith('.wbsg') && !name.startsWith(prefix)) rmSync(join(folder, name), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, encodeSearchGraph(parts, stamp));
    renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}
