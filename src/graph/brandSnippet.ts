import type { BrandMatch } from './brandTypes.js';

/**
 * About `width` characters of `text` around a match, the match in [brackets], whitespace runs
 * collapsed and cut ends marked with `…`, so a reader can judge the match in its context.
 * @example brandSnippet('BRIDGE TASK ORDER FOR AMAZON WEB SERVICES (AWS) FOR CBP.', m)
 *   // 'BRIDGE TASK ORDER FOR [AMAZON WEB SERVICES] (AWS) FOR CBP.'
 */
export function brandSnippet(text: string, match: Pick<BrandMatch, 'start' | 'end'>, width = 80): string {
  const room = Math.max(0, width - (match.end - match.start));
  let from = Math.max(0, match.start - Math.ceil(room / 2));
  let to = Math.min(text.length, match.end + Math.floor(room / 2));
  // Give unused room on one side to the other, so a match near an edge still gets ~width chars.
  if (from === 0) to = Math.min(text.length, match.end + room - match.start);
  if (to === text.length) from = Math.max(0, match.start - (room - (text.length - match.end)));
  const squash = (s: string) => s.replace(/\s+/g, ' ');
  const before = squash(text.slice(from, match.start));
  const inside = squash(text.slice(match.start, match.end));
  const after = squash(text.slice(match.end, to));
  return `${from > 0 ? '…' : ''}${before.trimStart()}[${inside}]${after.trimEnd()}${to < text.length ? '…' : ''}`;
}
