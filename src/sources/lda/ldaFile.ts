import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { BadInputError } from '../../errors.js';
import { DEFAULT_JSON_LIMITS, parseJsonDocument } from '../fedramp/jsonDocument.js';
import { jsonPathLines, lineOfPath } from '../fedramp/jsonLines.js';
import { pointerToPath } from './jsonPointer.js';
import { isLdaDocument, readLdaDocument } from './readLdaDocument.js';
import type { LdaDocument } from './types.js';

/** One LDA file read for ingest: what it holds, its digest, and the line of each reject. */
export interface LdaFile {
  document: LdaDocument;
  sha256: string;
  bytes: number;
  /** Line on which the value at a pointer (a filing, a reject's field, or its nearest existing ancestor) starts; 0 when unknown. */
  lineOf(pointer: string): number;
}

/** Reads the UTF-8 text of a JSON file, refusing files over the JSON limit and invalid UTF-8. */
export function readJsonText(path: string, name: string): { text: string; buffer: Buffer } {
  const bytes = statSync(path).size;
  if (bytes > DEFAULT_JSON_LIMITS.maxChars) {
    throw new BadInputError({ file: name }, `file is ${bytes} bytes; the JSON readers refuse more than ${DEFAULT_JSON_LIMITS.maxChars}`);
  }
  const buffer = readFileSync(path);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), buffer };
  } catch {
    throw new BadInputError({ file: name }, 'not valid UTF-8: a JSON file must be saved as UTF-8');
  }
}

/** Parsed JSON `document` is an LDA answer: read it (text for reject lines, buffer for the digest). */
export function ldaFileFrom(document: unknown, text: string, buffer: Buffer, name: string): LdaFile {
  const read = readLdaDocument(document, name);
  const pointers = [...read.rejects.map((r) => r.pointer), ...(read.kind === 'constants' ? [] : read.filings.map((f) => f.pointer))];
  const paths = pointers.map(pointerToPath);
  const lines = paths.length ? jsonPathLines(text, paths) : new Map<string, number>();
  return {
    document: read,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    bytes: buffer.length,
    lineOf: (pointer) => (pointer === '' ? 1 : lineOfPath(lines, pointerToPath(pointer))),
  };
}

/**
 * Reads a JSON file that must be an LDA API answer (a page of filings, a filing, a constants list).
 * Invalid UTF-8, invalid or truncated JSON, other JSON and a broken `results` array fail with a
 * BadInputError naming the file and the line or JSON pointer at fault.
 */
export function readLdaFile(path: string, name: string): LdaFile {
  const { text, buffer } = readJsonText(path, name);
  const document = parseJsonDocument(text, name);
  if (!isLdaDocument(document)) {
    throw new BadInputError({ file: name, field: '/' }, 'not an LDA API answer: expected a page of /api/v1/filings/, one filing or a constants list');
  }
  return ldaFileFrom(document, text, buffer, name);
}
