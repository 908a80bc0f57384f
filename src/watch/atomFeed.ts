/** One feed entry: id and updated are what feed readers key on, so both come from the data, never the clock. */
export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  link?: string;
  /** Plain text (escaped here). */
  content: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  updated: string;
  entries: readonly AtomEntry[];
}

// XML 1.0 allows tab, LF, CR and these ranges only; anything else in record text is dropped.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text escaped for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** An Atom 1.0 document (RFC 4287). */
export function atomXml(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(feed.id)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <updated>${escapeXml(feed.updated)}</updated>`,
    '  <author><name>whosbehind</name></author>',
    '  <generator>whosbehind</generator>',
  ];
  for (const e of feed.entries) {
    lines.push('  <entry>');
    lines.push(`    <id>${escapeXml(e.id)}</id>`);
    lines.push(`    <title>${escapeXml(e.title)}</title>`);
    lines.push(`    <updated>${escapeXml(e.updated)}</updated>`);
    if (e.link) lines.push(`    <link rel="alternate" href="${escapeXml(e.link)}"/>`);
    lines.push(`    <content type="text">${escapeXml(e.content)}</content>`);
    lines.push('  </entry>');
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}

/** "2026-11-29 11:40:44.123" (a stored UTC timestamp) → "2026-11-29T11:40:44.123Z". */
export function atomTime(stored: string | null): string {
  if (!stored) return '1970-01-01T00:00:00Z';
  const t = stored.trim().replace(' ', 'T');
  return /[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`;
}
