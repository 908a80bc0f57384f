/**
 * One line of a text or HTML list of subsidiaries, split into name, jurisdiction and ownership share:
 * "Acme Ltd. (Bermuda)", "Acme Inc., a Delaware corporation", "Acme GmbH ...... Germany   100%",
 * "Acme LLC – Texas". What cannot be told apart from the name stays in the name.
 */
import { isJurisdiction } from './jurisdictions.js';

/** A list line read as a subsidiary. */
export interface ListEntry {
  name: string;
  jurisdiction?: string;
  ownershipPercent?: string;
}

const PERCENT = /^\(?\s*(\d{1,3}(?:\.\d+)?)\s*%\s*\)?$/;
const BULLET = /^(?:[•·▪◦\-–—*]|\(?\d{1,4}[.)]|\(?[a-z]\))\s+/i;
const LEADER = /\s*(?:\.{3,}|…+|_{3,}|-{3,})\s*/;

/** Reads a percent cell or suffix ("100%", "(51%)", "100.0"). */
export function readPercent(text: string): string | undefined {
  const m = PERCENT.exec(text.trim());
  if (m) return m[1];
  const bare = /^(\d{1,3}(?:\.\d+)?)$/.exec(text.trim());
  return bare && Number(bare[1]) <= 100 ? bare[1] : undefined;
}

/** Splits one list line; `preformatted` lines also split on runs of spaces (text columns). */
export function splitListLine(raw: string, preformatted: boolean): ListEntry {
  let text = raw.trim().replace(BULLET, '');
  let pct: string | undefined;
  let jur: string | undefined;
  // columns: runs of 2+ spaces or a dot leader in text exhibits
  const cols = (preformatted ? text.split(/\s{2,}|\s*(?:\.{3,}|…+|_{3,})\s*/) : text.split(LEADER)).map((c) => c.trim()).filter(Boolean);
  if (cols.length > 1) {
    const rest: string[] = [];
    for (const c of cols.slice(1)) {
      const p = readPercent(c);
      if (p !== undefined && pct === undefined) pct = p;
      else if (jur === undefined && isJurisdiction(c)) jur = c;
      else rest.push(c);
    }
    if (!rest.length) text = cols[0]!;
    else if (jur === undefined && pct === undefined && rest.length === cols.length - 1 && cols.length === 2 && cols[1]!.split(' ').length <= 4 && !/[,&]|\b(inc|llc|ltd|corp)\b/i.test(cols[1]!)) {
      // a second column that is not a known place but short and name-free: a jurisdiction we do not list
      text = cols[0]!;
      jur = cols[1]!;
    } else {
      text = [cols[0]!, ...rest].join(' ');
    }
  }
  // trailing percentage: "Acme (51%)", "Acme - 51%", "Acme 100%"
  const pm = /\s*[-–(,]?\s*\(?(\d{1,3}(?:\.\d+)?)\s*%\s*(?:owned|interest)?\)?\s*$/i.exec(text);
  if (pm && pm.index > 0 && pct === undefined) {
    pct = pm[1];
    text = text.slice(0, pm.index).trim();
  }
  if (jur === undefined) {
    // "Acme Ltd. (Bermuda)"
    const paren = /\s*\(((?:[^()]|\([^()]*\)){2,60})\)\s*$/.exec(text);
    if (paren && paren.index > 0 && isJurisdiction(paren[1]!)) {
      jur = paren[1]!.trim();
      text = text.slice(0, paren.index).trim();
    }
  }
  if (jur === undefined) {
    // "Acme Inc., a Delaware corporation" / "… organized under the laws of Ohio"
    const a = /,?\s+(?:an?|organized under the laws of(?: the)?|incorporated in(?: the)?)\s+(.{2,60}?)(?:\s+(?:corporation|company|limited liability company|limited partnership|general partnership|partnership|statutory trust|business trust|trust|LLC|corp\.?|entity))?\s*$/i.exec(text);
    if (a && a.index > 0 && isJurisdiction(a[1]!)) {
      jur = a[1]!.trim();
      text = text.slice(0, a.index).trim();
    }
  }
  if (jur === undefined) {
    // "Acme LLC – Texas", "Acme Ltd., Bermuda", "Acme Ltd. / Bermuda"
    const d = /\s*(?:\s[-–—:/|]\s*|,\s*|\s\/)([^,\-–—:/|]{2,60})$/.exec(text);
    if (d && d.index > 0 && isJurisdiction(d[1]!) && !/^(?:inc|ltd|llc|co|corp)\.?$/i.test(d[1]!.trim())) {
      jur = d[1]!.trim();
      text = text.slice(0, d.index).trim();
    }
  }
  text = text.replace(/[\s,;:]+$/, '').trim();
  const out: ListEntry = { name: text };
  if (jur !== undefined) out.jurisdiction = jur;
  if (pct !== undefined) out.ownershipPercent = pct;
  return out;
}
