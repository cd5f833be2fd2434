// A small, forgiving reading of Python source: enough to match patterns on code without being fooled
// by strings and comments (a long_description that mentions "requests" or "socket" is not network
// access), and to join bracketed statements that span lines. Not a parser: hostile input only makes
// it less precise, never throw.
import { drain, lineWeight } from './pace';

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

/** What a character of the source is (PythonSource.kinds). */
export const CODE = 0;
export const QUOTE = 1;
export const STRING = 2;
export const COMMENT = 3;

export type PythonSource = {
  lines: string[];
  /** Per character of the source (CR LF read as LF), what it is: CODE, QUOTE, STRING or COMMENT. */
  kinds: Uint8Array;
  /** Where each physical line starts in `kinds`. */
  lineStarts: Int32Array;
  logical: LogicalLine[];
  /** Per logical line, the index of the nearest compound-statement header above it that encloses it, or -1. */
  header: Int32Array;
  strings: StringLiteral[];
};

/** Where a run of code ends: the next comment or quote. */
const CODE_STOP = /[#'"]/g;
/** Where a string body may end: the next backslash, newline or closing quote character. */
const STRING_STOP: Record<string, RegExp> = { "'": /[\\\n']/g, '"': /[\\\n"]/g };
/** Characters between two yields of the reading (a "unit" of pace.ts is about one line of this). */
const CHARS_PER_STEP = 64 * 1024;

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
}

/** The text with every character but newlines made `fill` (a global /[^\n]/ replace cost ~200 ns a character). */
function blankOut(text: string, fill: string): string {
  return text.includes('\n')
    ? text
        .split('\n')
        .map((part) => fill.repeat(part.length))
        .join('\n')
    : fill.repeat(text.length);
}

/**
 * Blanks string contents and comments, keeping every newline so line numbers stay true; `kinds` says
 * what each character was. Code runs are copied as slices (a push per character cost a second on
 * 2 MB); it yields every CHARS_PER_STEP characters.
 */
function* blank(text: string): Generator<number, { code: string; kinds: Uint8Array; strings: StringLiteral[] }> {
  const out: string[] = [];
  const kinds = new Uint8Array(text.length);
  const strings: StringLiteral[] = [];
  let line = 1;
  let i = 0;
  let stepStart = 0;
  while (i < text.length) {
    // Units by the characters read since the last yield: one string can be the whole 2 MB.
    if (i - stepStart >= CHARS_PER_STEP) {
      yield Math.floor((i - stepStart) / 64);
      stepStart = i;
    }
    CODE_STOP.lastIndex = i;
    const stop = CODE_STOP.exec(text);
    const at = stop ? stop.index : text.length;
    if (at > i) {
      const run = text.slice(i, at);
      out.push(run);
      line += countNewlines(run);
      i = at;
    }
    if (!stop) break;
    const ch = text[i]!;
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      const to = end < 0 ? text.length : end;
      out.push(' '.repeat(to - i));
      kinds.fill(COMMENT, i, to);
      i = to;
      continue;
    }
    const quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
    const startLine = line;
    const until = STRING_STOP[ch]!;
    let j = i + quote.length;
    for (;;) {
      until.lastIndex = j;
      const next = until.exec(text);
      if (!next) {
        j = text.length;
        break;
      }
      j = next.index;
      const c = text[j]!;
      // A backslash never ends a string, raw or not (r"\"" is one string), so skip what follows it.
      if (c === '\\') j += 2;
      else if (c === '\n') {
        if (quote.length === 1) break; // unterminated single-quoted string: stop at the line end
        j += 1;
      } else if (text.startsWith(quote, j)) break;
      else j += 1;
    }
    j = Math.min(j, text.length);
    const body = text.slice(i + quote.length, j);
    const closed = text.startsWith(quote, j);
    strings.push({ line: startLine, text: body });
    out.push(quote, blankOut(body, ' '), closed ? quote : '');
    kinds.fill(QUOTE, i, i + quote.length);
    kinds.fill(STRING, i + quote.length, j);
    if (closed) kinds.fill(QUOTE, j, j + quote.length);
    line += countNewlines(body);
    i = closed ? j + quote.length : j;
  }
  return { code: out.join(''), kinds, strings };
}

function indentOf(line: string): number {
  let n = 0;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (c === ' ') n += 1;
    else if (c === '\t') n = (Math.floor(n / 8) + 1) * 8;
    else break;
  }
  return n;
}

export function readPython(text: string): PythonSource {
  return drain(readPythonSteps(text));
}

/** Logical lines between two yields. */
const LINES_PER_STEP = 1024;

/** What JavaScript's \s (and trim) counts as a blank, as a char code. */
function isBlank(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The last character of `text[from, to)` that is not blank, as a char code, or -1: `text.trimEnd().at(-1)` without a copy. */
function lastNonBlank(text: string, from = 0, to = text.length): number {
  for (let k = to - 1; k >= from; k--) {
    const c = text.charCodeAt(k);
    if (!isBlank(c)) return c;
  }
  return -1;
}

const BACKSLASH = 92;

/**
 * readPython as paced work: it yields the units done (about a line each) so a caller can let others run.
 * The blanked code has the normalised text's length and newlines, so its physical lines are read in place
 * (one pass of char codes per line, no second split): on 340,000 short lines the split and three regex
 * tests a line cost more than the rest of the reading.
 */
export function* readPythonSteps(text: string): Generator<number, PythonSource> {
  const normal = text.replace(/\r\n?/g, '\n');
  const lines = normal.split('\n');
  const { code, kinds, strings } = yield* blank(normal);
  const lineStarts = new Int32Array(lines.length);
  for (let n = 1; n < lines.length; n++) lineStarts[n] = lineStarts[n - 1]! + lines[n - 1]!.length + 1;
  const lineEnd = (n: number) => lineStarts[n]! + lines[n]!.length;
  const logical: LogicalLine[] = [];
  let depth = 0;
  let start = -1;
  for (let n = 0; n < lines.length; n++) {
    if (n % LINES_PER_STEP === LINES_PER_STEP - 1) yield LINES_PER_STEP;
    const from = lineStarts[n]!;
    const to = lineEnd(n);
    const weight = lineWeight(to - from);
    if (weight > 0) yield weight;
    let blankLine = true;
    let blanked = false;
    for (let k = from; k < to; k++) {
      const c = code.charCodeAt(k);
      if (blankLine && !isBlank(c)) blankLine = false;
      if (kinds[k] === STRING || kinds[k] === COMMENT) blanked = true;
      // ( [ { open a bracket; ) ] } close one
      if (c === 40 || c === 91 || c === 123) depth += 1;
      else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth -= 1;
    }
    if (start < 0) {
      if (blankLine) continue; // a blank line holds no bracket: depth is still 0
      start = n;
    }
    const continued = depth > 0 || lastNonBlank(code, from, to) === BACKSLASH;
    if (continued && n < lines.length - 1) continue;
    logical.push({
      line: start + 1,
      lastLine: n + 1,
      indent: indentOf(lines[start] ?? ''),
      // One line with no string content or comment is its own code (one string kept, not two); physical lines
      // are joined by a space: the span with its newlines made spaces.
      code: n !== start ? code.slice(lineStarts[start], to).replaceAll('\n', ' ') : blanked ? code.slice(from, to) : lines[n]!,
      raw: n === start ? lines[n]! : normal.slice(lineStarts[start], to).replaceAll('\n', ' '),
    });
    start = -1;
    depth = 0;
  }
  return { lines, kinds, lineStarts, logical, header: enclosingHeaderIndex(logical), strings };
}

const COLON = 58;

/** One pass with a stack of open headers (walking back from every line was quadratic on deep files). */
function enclosingHeaderIndex(logical: LogicalLine[]): Int32Array {
  const header = new Int32Array(logical.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < logical.length; i++) {
    const ll = logical[i]!;
    while (open.length > 0 && logical[open[open.length - 1]!]!.indent >= ll.indent) open.pop();
    header[i] = open.length > 0 ? open[open.length - 1]! : -1; // not open[-1]: a read out of bounds is a slow path
    if (lastNonBlank(ll.code) === COLON) open.push(i);
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
const asciiCounts = new Int32Array(128);

export function entropy(text: string): number {
  if (text.length === 0) return 0;
  // ASCII counted in an array (a Map update per character cost ~100 ms on a 2 MB literal), the rest by code point.
  asciiCounts.fill(0);
  let others: Map<number, number> | null = null;
  for (let k = 0; k < text.length; k++) {
    let c = text.charCodeAt(k);
    if (c < 128) {
      asciiCounts[c]! += 1;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && k + 1 < text.length) {
      const low = text.charCodeAt(k + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        k += 1;
      }
    }
    others ??= new Map();
    others.set(c, (others.get(c) ?? 0) + 1);
  }
  let bits = 0;
  const add = (count: number) => {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  };
  for (const count of asciiCounts) if (count > 0) add(count);
  if (others) for (const count of others.values()) add(count);
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
