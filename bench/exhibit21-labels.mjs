#!/usr/bin/env node
// Exhibit 21 parser precision and recall against Catalyst Cooperative's hand-labelled set
// (sec-exhibit21/catalyst_mozilla-sec-eia_validation_ex21_labels.csv: 2,425 subsidiary rows of 60
// real 10-K filings). The labelled set holds the labels only, not the filed documents, so each
// filing's labelled rows are written out in one of four layouts seen in real exhibits (a Workiva table
// with spacer columns and entities; HTML paragraphs "Name (Place)"; a plain-text column list with dot
// leaders; a headerless table nested in a layout table, with a script) and parsed back. This measures
// the parser on 2,425 real names and places, not on the 60 filings' own markup: see bench/README.md.
//
// Usage: npm run build && node bench/exhibit21-labels.mjs [--data DIR] [--verbose]
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseExhibit21 } from '../dist/sources/exhibit21/parseExhibit21.js';
import { csvRecords } from '../dist/sources/csvRecords.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dataDir = argv.includes('--data') ? argv[argv.indexOf('--data') + 1] : join(root, '..', 'shared', 'data', 'real');
const verbose = argv.includes('--verbose');
const file = join(dataDir, 'sec-exhibit21', 'catalyst_mozilla-sec-eia_validation_ex21_labels.csv');

const records = [...csvRecords(readFileSync(file, 'utf8'), file)];
const [header, ...rows] = records;
const col = (n) => header.fields.indexOf(n);
const [F, S, L, P] = ['Filename', 'Subsidiary', 'Location of Incorporation', 'Ownership Percentage'].map(col);
const filings = new Map();
for (const r of rows) {
  const k = r.fields[F];
  if (!filings.has(k)) filings.set(k, []);
  filings.get(k).push({ name: r.fields[S], place: r.fields[L], pct: r.fields[P] });
}

const esc = (s) => s.replace(/&/g, '&#38;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/ /g, (m, i) => (i % 7 === 3 ? '&#160;' : m));
const pct = (p) => (p ? `${Number(p)}%` : '');
const LAYOUTS = {
  workivaTable: (subs) => `<DOCUMENT>\n<TYPE>EX-21\n<TEXT>\n<html><head><title>Document</title></head><body>
<div style="text-align:center"><font style="font-weight:700">SUBSIDIARIES OF THE REGISTRANT</font></div>
<table><tr><td colspan="3" style="width:60%"></td><td colspan="3"></td><td colspan="3"></td><td colspan="3"></td></tr>
<tr><td colspan="3"><font>Name of Subsidiary</font></td><td colspan="3"><font>&#160;&#160;</font></td><td colspan="3"><font>Jurisdiction&#160;of Incorporation</font></td><td colspan="3"><font>Percent Owned</font></td></tr>
${subs.map((s) => `<tr><td colspan="3"><font>${esc(s.name)}</font></td><td colspan="3"></td><td colspan="3"><font>${esc(s.place)}</font></td><td colspan="3"><font>${pct(s.pct)}</font></td></tr>`).join('\n')}
</table><p>&#160;</p></body></html>\n</TEXT>\n</DOCUMENT>\n`,
  paragraphs: (subs) => `<html><body><p align="center"><b>Exhibit 21</b></p><p align="center"><b>List of Subsidiaries</b></p>
${subs.map((s) => `<p style="margin-left:12pt">${esc(s.name)}${s.place ? ` (${esc(s.place)})` : ''}${s.pct ? ` (${pct(s.pct)})` : ''}</p>`).join('\n')}
<p>* Omitted pursuant to Item 601(b)(21)(ii) of Regulation S-K are the names of other subsidiaries.</p></body></html>`,
  textColumns: (subs) => {
    const w = Math.min(90, Math.max(...subs.map((s) => s.name.length)) + 4);
    return ['EXHIBIT 21', '', '                     SUBSIDIARIES OF THE REGISTRANT', '',
      `${'Name'.padEnd(w)}Jurisdiction`, '',
      ...subs.map((s, i) => `${s.name}${s.place || s.pct ? ` ${(i % 2 ? '.' : ' ').repeat(Math.max(3, w - s.name.length - 2))} ${s.place}${s.pct ? `    ${pct(s.pct)}` : ''}` : ''}`), '', '   1'].join('\n');
  },
  nestedHeaderless: (subs) => `<html><head><script>var t = "<tr><td>Injected LLC</td></tr>";</script></head><body>
<table width="100%"><tr><td><p>EXHIBIT 21.1</p><p>SUBSIDIARIES OF THE COMPANY</p>
<table>${subs.map((s) => `<tr><td valign="top">&#8226;</td><td>${esc(s.name)}</td><td>${esc(s.place)}</td><td>${pct(s.pct)}</td></tr>`).join('')}</table>
</td></tr></table></body></html>`,
};
const layoutNames = Object.keys(LAYOUTS);

const norm = (s) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();
let tp = 0; let predicted = 0; let labelled = 0; let placeRight = 0; let placeLabelled = 0; let refused = 0;
const perLayout = Object.fromEntries(layoutNames.map((l) => [l, { tp: 0, pred: 0, lab: 0 }]));
const misses = [];
const t0 = performance.now();
let i = 0;
for (const [filing, subs] of filings) {
  const layout = layoutNames[i++ % layoutNames.length];
  const doc = LAYOUTS[layout](subs);
  let got = [];
  try {
    got = parseExhibit21(doc, `${filing}.${layout}`).subsidiaries;
  } catch (e) {
    refused++;
    misses.push(`${filing} ${layout}: refused: ${e.message}`);
  }
  const want = new Map();
  for (const s of subs) {
    const k = norm(s.name);
    want.set(k, [...(want.get(k) ?? []), s]);
  }
  let ftp = 0;
  for (const g of got) {
    const list = want.get(norm(g.name));
    if (list?.length) {
      const s = list.shift();
      ftp++;
      if (s.place) {
        placeLabelled++;
        if (norm(g.jurisdiction ?? '') === norm(s.place)) placeRight++;
        else if (verbose) misses.push(`${filing} ${layout}: place of ${s.name}: got ${g.jurisdiction ?? '-'}, label ${s.place}`);
      }
    } else if (verbose) misses.push(`${filing} ${layout}: extra ${JSON.stringify(g.name)}`);
  }
  if (verbose) for (const [, list] of want) for (const s of list) misses.push(`${filing} ${layout}: missed ${JSON.stringify(s.name)}`);
  tp += ftp; predicted += got.length; labelled += subs.length;
  Object.assign(perLayout[layout], { tp: perLayout[layout].tp + ftp, pred: perLayout[layout].pred + got.length, lab: perLayout[layout].lab + subs.length });
}
const ms = performance.now() - t0;
const f3 = (x) => x.toFixed(3);
console.log(`Exhibit 21 parser against ${labelled} labelled rows of ${filings.size} filings (layouts re-rendered from the labels; ${refused} refused), ${ms.toFixed(0)} ms`);
for (const [l, c] of Object.entries(perLayout)) console.log(`  ${l.padEnd(18)} precision ${f3(c.tp / c.pred)}  recall ${f3(c.tp / c.lab)}  (${c.tp} of ${c.pred} read, ${c.lab} labelled)`);
const precision = tp / predicted; const recall = tp / labelled;
console.log(`  all                precision ${f3(precision)}  recall ${f3(recall)}  (names, exact after whitespace normalisation)`);
console.log(`  jurisdiction right on ${placeRight} of ${placeLabelled} matched rows that have one (${f3(placeRight / placeLabelled)})`);
console.log(`target ≥ 0.95 both: ${precision >= 0.95 && recall >= 0.95 ? 'met' : 'NOT met'}`);
if (verbose) for (const m of misses.slice(0, 200)) console.log(m);
