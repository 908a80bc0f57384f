/**
 * JSON with every number kept as the text the server wrote: the USAspending agency endpoints send
 * amounts as JSON numbers (66846596521.0, 49589399932.2), and a double cannot hold every amount of
 * trillions with cents. A small scanner quotes each number literal outside strings before JSON.parse,
 * so amounts reach the store as exact decimal text; readers know which fields are numbers.
 */
import { FetchError } from '../../errors.js';

/** Parses JSON text; numbers come back as their literal text. `where` names the response in errors. */
export function parseJsonExact(text: string, where: string): unknown {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip a string, honouring escapes
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
      if (!m) throw new FetchError(`${where}: malformed number at offset ${i}`);
      out += `${text.slice(last, i)}"${m[0]}"`;
      i += m[0].length;
      last = i;
      continue;
    }
    i++;
  }
  out += text.slice(last);
  try {
    return JSON.parse(out);
  } catch (e) {
    throw new FetchError(`${where}: not JSON (${(e as Error).message})`);
  }
}
