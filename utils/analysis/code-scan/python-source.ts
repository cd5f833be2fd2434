// A small, forgiving reading of Python source: enough to match patterns on code without being fooled
// by strings and comments (a long_description that mentions "requests" or "socket" is not network
// access), and to join bracketed statements that span lines. Not a parser: hostile input only makes
// it less precise, never throw.

export type LogicalLine = {
  /** 1-based number of the first physical line. */
  line: number;
  lastLine: number;
  /** Leading spaces of the first physical line (a tab counts as 8, as CPython does). */
  indent: number;
  /** The statement with string contents and comments blanked out (quotes kept), lines joined by a space. */
  code: string;
  /** The statement as written, lines joined by a space. */
  raw: string;
};

export type StringLiteral = { line: number; text: string };

export type PythonSource = {
  lines: string[];
  /** Per physical line, what each character is: c code, q quote, s string content, # comment. */
  masks: string[];
  logical: LogicalLine[];
  /** Per logical line, the index of the nearest compound-statement header above it that encloses it, or -1. */
  header: Int32Array;
  strings: StringLiteral[];
};

/**
 * Blanks string contents and comments, keeping every newline so line numbers stay true. The mask says
 * what each character was: c code, q a quote, s string content, # comment.
 */
function blank(text: string): { code: string; mask: string; strings: StringLiteral[] } {
  const out: string[] = [];
  const mask: string[] = [];
  const strings: StringLiteral[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') line += 1;
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out.push(' '.repeat(stop - i));
      mask.push('#'.repeat(stop - i));
      i = stop;
      continue;
    }
    if (ch !== '"' && ch !== "'") {
      out.push(ch);
      mask.push(ch === '\n' ? '\n' : 'c');
      i += 1;
      continue;
    }
    const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
    const startLine = line;
    let j = i + quote.length;
    while (j < text.length) {
      const c = text[j]!;
      // A backslash never ends a string, raw or not (r"\"" is one string), so skip what follows it.
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (text.startsWith(quote, j)) break;
      if (c === '\n' && quote.length === 1) break; // unterminated single-quoted string: stop at the line end
      j += 1;
    }
    const body = text.slice(i + quote.length, Math.min(j, text.length));
    const closed = text.startsWith(quote, j);
    strings.push({ line: startLine, text: body });
    out.push(quote, body.replace(/[^\n]/g, ' '), closed ? quote : '');
    mask.push('q'.repeat(quote.length), body.replace(/[^\n]/g, 's'), closed ? 'q'.repeat(quote.length) : '');
    for (const c of body) if (c === '\n') line += 1;
    i = closed ? j + quote.length : j;
  }
  return { code: out.join(''), mask: mask.join(''), strings };
}

function indentOf(line: string): number {
  let n = 0;
  for (const c of line) {
    if (c === ' ') n += 1;
    else if (c === '\t') n = (Math.floor(n / 8) + 1) * 8;
    else break;
  }
  return n;
}

export function readPython(text: string): PythonSource {
  const lines = text.split(/\r\n|\r|\n/);
  const { code, mask, strings } = blank(text.replace(/\r\n?/g, '\n'));
  const codeLines = code.split('\n');
  const logical: LogicalLine[] = [];
  let depth = 0;
  let start = -1;
  let codeParts: string[] = [];
  let rawParts: string[] = [];
  for (let n = 0; n < codeLines.length; n++) {
    const codeLine = codeLines[n] ?? '';
    if (start < 0) {
      if (codeLine.trim() === '' && depth === 0) continue;
      start = n;
    }
    codeParts.push(codeLine);
    rawParts.push(lines[n] ?? '');
    for (const c of codeLine) {
      if (c === '(' || c === '[' || c === '{') depth += 1;
      else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth -= 1;
    }
    const continued = depth > 0 || /\\\s*$/.test(codeLine);
    if (continued && n < codeLines.length - 1) continue;
    logical.push({
      line: start + 1,
      lastLine: n + 1,
      indent: indentOf(lines[start] ?? ''),
      code: codeParts.join(' '),
      raw: rawParts.join(' '),
    });
    start = -1;
    depth = 0;
    codeParts = [];
    rawParts = [];
  }
  return { lines, masks: mask.split('\n'), logical, header: enclosingHeaderIndex(logical), strings };
}

/** One pass with a stack of open headers (walking back from every line was quadratic on deep files). */
function enclosingHeaderIndex(logical: LogicalLine[]): Int32Array {
  const header = new Int32Array(logical.length).fill(-1);
  const open: number[] = [];
  for (const [i, ll] of logical.entries()) {
    while (open.length > 0 && logical[open[open.length - 1]!]!.indent >= ll.indent) open.pop();
    header[i] = open[open.length - 1] ?? -1;
    if (/:\s*$/.test(ll.code)) open.push(i);
  }
  return header;
}

/** Python nests at most 100 blocks; a deeper chain is not Python, and walking it would only cost time. */
const MAX_NESTING = 100;

/** The compound-statement headers (lines ending in ':') that enclose logical line `index`, innermost first. */
export function enclosingHeaders(source: PythonSource, index: number): LogicalLine[] {
  const headers: LogicalLine[] = [];
  for (let at = source.header[index] ?? -1; at >= 0 && headers.length < MAX_NESTING; at = source.header[at] ?? -1) {
    headers.push(source.logical[at]!);
  }
  return headers;
}

/** Shannon entropy in bits per character: base64 of random bytes is near 6, English prose near 4.2. */
export function entropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export const EXCERPT_CHARS = 200;

/** The matched text of a line, about EXCERPT_CHARS long, centred on the match when the line is long. */
export function excerpt(raw: string, matchAt = 0): string {
  const text = raw.trim() === '' ? raw : raw.replace(/^\s+/, '');
  const shift = raw.length - text.length;
  const at = Math.max(0, matchAt - shift);
  if (text.length <= EXCERPT_CHARS) return text;
  const from = Math.max(0, Math.min(at - 40, text.length - EXCERPT_CHARS));
  // Blanks before the match (code pushed off-screen) would fill the excerpt: start at the code.
  const cut = from > 0 ? text.slice(from, from + EXCERPT_CHARS).trimStart() : text.slice(0, EXCERPT_CHARS);
  return `${from > 0 ? '…' : ''}${cut}${from + EXCERPT_CHARS < text.length ? '…' : ''}`;
}
