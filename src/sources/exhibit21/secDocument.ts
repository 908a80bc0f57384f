/**
 * The SGML wrapper EDGAR puts around every document of a submission (`<DOCUMENT>`, `<TYPE>EX-21`,
 * `<SEQUENCE>`, `<FILENAME>`, `<TEXT>` … `</TEXT>`), and the submission header of a full
 * `.txt` submission (accession number, form, period, filer). An exhibit saved on its own from EDGAR's
 * browser view has neither: it is then one document of unknown type.
 */

/** What the submission header says about the filing, where it was present. */
export interface SubmissionHeader {
  accession?: string;
  form?: string;
  period?: string;
  filer?: string;
  cik?: string;
  filedAt?: string;
}

/** One document of a submission: its declared type and file name, and its body with the line it starts on. */
export interface SecDocument {
  type?: string;
  sequence?: string;
  filename?: string;
  description?: string;
  body: string;
  /** Physical line (1-based) of the body's first character in the file. */
  bodyLine: number;
}

/** A file as EDGAR packages it. */
export interface SecSubmission {
  header: SubmissionHeader;
  documents: SecDocument[];
}

const HEADER_FIELDS: ReadonlyArray<[keyof SubmissionHeader, RegExp]> = [
  ['accession', /^\s*ACCESSION NUMBER:\s*(\S.*?)\s*$/m],
  ['form', /^\s*CONFORMED SUBMISSION TYPE:\s*(\S.*?)\s*$/m],
  ['period', /^\s*CONFORMED PERIOD OF REPORT:\s*(\d{8})\s*$/m],
  ['filer', /^\s*COMPANY CONFORMED NAME:\s*(\S.*?)\s*$/m],
  ['cik', /^\s*CENTRAL INDEX KEY:\s*(\d+)\s*$/m],
  ['filedAt', /^\s*FILED AS OF DATE:\s*(\d{8})\s*$/m],
];

const lineOf = (text: string, offset: number): number => {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

const tagValue = (head: string, tag: string): string | undefined => {
  const m = new RegExp(`<${tag}>([^\\r\\n<]*)`, 'i').exec(head);
  const v = m?.[1]?.trim();
  return v ? v : undefined;
};

/** Splits a file into its submission header and documents; a bare exhibit is one document. */
export function readSecSubmission(text: string): SecSubmission {
  const header: SubmissionHeader = {};
  const headEnd = text.search(/<DOCUMENT>/i);
  const headText = headEnd < 0 ? text.slice(0, 20_000) : text.slice(0, headEnd);
  for (const [key, re] of HEADER_FIELDS) {
    const m = re.exec(headText);
    if (m?.[1]) header[key] = key === 'period' || key === 'filedAt' ? `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6, 8)}` : m[1];
  }
  const documents: SecDocument[] = [];
  const re = /<DOCUMENT>/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index;
    const close = text.toUpperCase().indexOf('</DOCUMENT>', start);
    const end = close < 0 ? text.length : close;
    const chunk = text.slice(start, end);
    const textOpen = /<TEXT>/i.exec(chunk);
    let bodyStart = textOpen ? start + textOpen.index + textOpen[0].length : start + m[0].length;
    // the body starts on the line after <TEXT>
    if (text[bodyStart] === '\r') bodyStart++;
    if (text[bodyStart] === '\n') bodyStart++;
    const textClose = chunk.toUpperCase().lastIndexOf('</TEXT>');
    const bodyEnd = textClose < 0 ? end : start + textClose;
    const head = chunk.slice(0, textOpen ? textOpen.index : Math.min(chunk.length, 2000));
    const doc: SecDocument = { body: text.slice(bodyStart, bodyEnd), bodyLine: lineOf(text, bodyStart) };
    const type = tagValue(head, 'TYPE');
    if (type) doc.type = type;
    const sequence = tagValue(head, 'SEQUENCE');
    if (sequence) doc.sequence = sequence;
    const filename = tagValue(head, 'FILENAME');
    if (filename) doc.filename = filename;
    const description = tagValue(head, 'DESCRIPTION');
    if (description) doc.description = description;
    documents.push(doc);
    re.lastIndex = end;
  }
  if (!documents.length) documents.push({ body: text, bodyLine: 1 });
  return { header, documents };
}

/** Is this document type an Exhibit 21 (EX-21, EX-21.1, EX-21.01 …)? */
export const isExhibit21Type = (type: string | undefined): boolean => !!type && /^EX-21(?:\.\d+)?$/i.test(type.trim());
