/**
 * HTML character references, decoded once at the boundary. Exhibit 21 files are mostly Workiva or
 * hand-written HTML: numeric references (`&#38;`, `&#160;`, `&#x2019;`) and a few dozen named ones cover
 * them; an unknown name is left as written rather than guessed.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„',
  hellip: '…', middot: '·', bull: '•', copy: '©', reg: '®', trade: '™', sect: '§', deg: '°', para: '¶',
  aacute: 'á', Aacute: 'Á', eacute: 'é', Eacute: 'É', iacute: 'í', Iacute: 'Í', oacute: 'ó', Oacute: 'Ó',
  uacute: 'ú', Uacute: 'Ú', agrave: 'à', Agrave: 'À', egrave: 'è', Egrave: 'È', ograve: 'ò', ugrave: 'ù',
  acirc: 'â', ecirc: 'ê', icirc: 'î', ocirc: 'ô', ucirc: 'û', atilde: 'ã', Atilde: 'Ã', otilde: 'õ', Otilde: 'Õ',
  ntilde: 'ñ', Ntilde: 'Ñ', ccedil: 'ç', Ccedil: 'Ç', auml: 'ä', Auml: 'Ä', euml: 'ë', iuml: 'ï', ouml: 'ö',
  Ouml: 'Ö', uuml: 'ü', Uuml: 'Ü', yuml: 'ÿ', szlig: 'ß', aring: 'å', Aring: 'Å', aelig: 'æ', AElig: 'Æ',
  oslash: 'ø', Oslash: 'Ø', shy: '', zwnj: '', zwj: '', lrm: '', rlm: '',
};

const REF = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

/** Decodes numeric and known named character references; invalid code points become U+FFFD. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REF, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(cp);
  });
}
