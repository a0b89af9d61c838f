/**
 * Markdown as readable plain text, for everywhere markdown is not shown: WeChat, QQ and WeCom
 * customer groups (the operator pastes the text by hand) and Feishu's `post` (links, but no
 * headings or bold). Headings, quote, bold, italic, strike and code markers are dropped,
 * `[label](url)` becomes `label url`, list markers stay. One function, so a preview and what is
 * sent can never disagree.
 *
 * Links, bare URLs and backslash escapes are set aside before the markers are removed, so an
 * address such as `https://x.cn/__init__` or `a*b*c` inside a URL keeps every character.
 */

export interface PlainOptions {
  /** Keep http(s) links as `[label](url)`: Feishu makes them link elements. Other links become text. */
  keepLinks?: boolean;
}

// [label](url) with one level of parentheses in the url; a bare http(s) address; a markdown escape.
const PROTECTED = /(!?)\[([^\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)|https?:\/\/[^\s<>()[\]]+|\\([\\`*_{}[\]()#+\-.!>~|])/gi;
// Private-use characters hold the place of what was set aside; text that already holds one is left alone.
const HOLD_START = '\uE000';
const HOLD_END = '\uE001';
const HELD = /\uE000(\d+)\uE001/g;

const INLINE: [RegExp, string][] = [
  // An empty pair, e.g. **{{group.讲师}}** where the group has no value; a line of stars alone is a rule and stays.
  [/(?<=\S[^\n]*)(?:\*\*\*\*|~~~~)(?!\*)/g, ''],
  [/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1'],
  [/__(?=\S)(.+?)(?<=\S)__/g, '$1'],
  [/~~(?=\S)(.+?)(?<=\S)~~/g, '$1'],
  // Single-star italic; "* item" (a list marker) has a space after the star and is not touched.
  [/(^|[^*\w])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?!\*)/g, '$1$2'],
  [/`([^`\n]+)`/g, '$1'],
  // WeCom markdown's coloured text: <font color="info">…</font>.
  [/<\/?font\b[^>]*>/gi, ''],
];

const inline = (s: string) => INLINE.reduce((acc, [re, to]) => acc.replace(re, to), s);

function plainLine(line: string, o: PlainOptions): string {
  if (line.includes(HOLD_START) || line.includes(HOLD_END)) return line;
  const held: string[] = [];
  const hold = (s: string) => `${HOLD_START}${held.push(s) - 1}${HOLD_END}`;
  let s = line.replace(PROTECTED, (whole, image: string | undefined, label: string | undefined, url: string | undefined, escaped: string | undefined) => {
    if (escaped !== undefined) return hold(escaped);
    if (url === undefined) return hold(whole); // a bare address
    if (o.keepLinks && !image && /^https?:\/\/[^()]*$/i.test(url) && label?.trim()) return hold(`[${inline(label)}](${url})`);
    const text = label?.trim() ?? '';
    return text && text !== url ? `${text} ${hold(url)}` : hold(url);
  });
  s = s.replace(/^\s{0,3}#{1,6}(?:\s+|$)/, '').replace(/^\s{0,3}(?:>\s?)+/, '');
  return inline(s).replace(HELD, (_, i: string) => held[Number(i)] ?? '');
}

export function markdownToPlain(md: string, o: PlainOptions = {}): string {
  return md
    .split('\n')
    .map((line) => plainLine(line, o))
    .join('\n');
}
