// A built bundle's source map, read without a library: which source each generated position came from, and how
// many bytes of the bundle each source (grouped by package or by our folder) holds. For `--profile` (a CPU
// profile attributed to modules) and `--modules` (the bundle's size by module); it prints, never asserts.
import { existsSync, readFileSync } from 'node:fs';

type RawMap = { sources: string[]; mappings: string };
/** Per generated line: [column, source index] pairs, sorted by column. */
type Lines = Int32Array[];

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

function decodeLines(mappings: string): Lines {
  const lines: Lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const pairs: number[] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = B64.get(ch)!;
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length >= 4) {
        source += fields[1]!;
        pairs.push(column, source);
      } else pairs.push(column, -1);
    }
    lines.push(Int32Array.from(pairs));
  }
  return lines;
}

/** Package name for node_modules paths, else our folder (utils/sources/…) or the file. */
export function moduleGroup(source: string): string {
  const clean = source.replace(/^(\.\.\/)+/, '').replace(/\?.*$/, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = clean.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return clean;
}

export class SourceMap {
  readonly sources: string[];
  private readonly lines: Lines;

  constructor(raw: RawMap) {
    this.sources = raw.sources;
    this.lines = decodeLines(raw.mappings);
  }

  static ofBundle(bundlePath: string): SourceMap | null {
    const mapPath = `${bundlePath}.map`;
    return existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8')) as RawMap) : null;
  }

  /** The source of a generated position (0-based line and column, as DevTools' call frames give them). */
  sourceAt(line: number, column: number): string | null {
    const pairs = this.lines[line];
    if (!pairs || pairs.length === 0) return null;
    let lo = 0;
    let hi = pairs.length / 2 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid * 2]! <= column) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const index = found >= 0 ? pairs[found * 2 + 1]! : -1;
    return index >= 0 ? (this.sources[index] ?? null) : null;
  }

  /** The source of a generated line's first mapped segment (0-based line): for line-level profile ticks. */
  sourceOfLine(line: number): string | null {
    const pairs = this.lines[line];
    if (!pairs) return null;
    for (let i = 1; i < pairs.length; i += 2) if (pairs[i]! >= 0) return this.sources[pairs[i]!] ?? null;
    return null;
  }

  /** Bytes of the generated code per source: each segment's bytes (to the next segment) go to its source. */
  bytesBySource(code: string): Map<string, number> {
    const out = new Map<string, number>();
    const codeLines = code.split('\n');
    codeLines.forEach((text, lineNo) => {
      const pairs = this.lines[lineNo];
      if (!pairs || pairs.length === 0) {
        out.set('(unmapped)', (out.get('(unmapped)') ?? 0) + text.length + 1);
        return;
      }
      const first = pairs[0]!;
      if (first > 0) out.set('(unmapped)', (out.get('(unmapped)') ?? 0) + first);
      for (let i = 0; i < pairs.length; i += 2) {
        const end = i + 2 < pairs.length ? pairs[i + 2]! : text.length + 1;
        const src = pairs[i + 1]! >= 0 ? this.sources[pairs[i + 1]!]! : '(unmapped)';
        out.set(src, (out.get(src) ?? 0) + Math.max(0, end - pairs[i]!));
      }
    });
    return out;
  }
}

/** Sizes grouped by package / file, largest first. */
export function groupedSizes(bundlePath: string): { group: string; bytes: number }[] | null {
  const map = SourceMap.ofBundle(bundlePath);
  if (!map) return null;
  const bySource = map.bytesBySource(readFileSync(bundlePath, 'utf8'));
  const grouped = new Map<string, number>();
  for (const [source, bytes] of bySource) {
    const group = moduleGroup(source);
    grouped.set(group, (grouped.get(group) ?? 0) + bytes);
  }
  return [...grouped.entries()].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}
