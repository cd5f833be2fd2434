// poetry.lock: Poetry's TOML lockfile — `[[package]]` tables with `name`, `version`, `files` (each
// `{ file, hash }`) and, for a package not from PyPI, a `[package.source]` table (`type` = legacy,
// git, url, file or directory; `url`; `reference`), then `[metadata]` with `lock-version` and
// `content-hash`. Poetry documents the file, not its grammar: https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control
import { type PackageOrigin, type ParsedLockfile, arrayOf, clipText, hashesOf, indexOrigin, isRecord, stringOf } from './common';
import { parseTomlLockfile, tomlEntries } from './toml';

/** A poetry.lock: `[[package]]` tables and a `[metadata]` table with Poetry's `content-hash` or `lock-version`. */
export function isPoetryLock(doc: Record<string, unknown>): boolean {
  const metadata = doc.metadata;
  return Array.isArray(doc.package) && isRecord(metadata) && ('content-hash' in metadata || 'lock-version' in metadata);
}

export function parsePoetryLock(text: string): ParsedLockfile {
  return parseTomlLockfile(text, 'poetry.lock', poetryLockPackages);
}

export function poetryLockPackages(doc: Record<string, unknown>, text: string): ParsedLockfile {
  return tomlEntries(doc, text, 'poetry.lock', 'package', (table) => ({
    name: table.name,
    version: table.version,
    origin: poetryOrigin(table.source),
    hashes: arrayOf(table.files).flatMap((f) => (isRecord(f) ? hashesOf(f.hash) : [])),
    marker: stringOf(table.markers),
  }));
}

function poetryOrigin(source: unknown): PackageOrigin {
  // No [package.source]: the package came from PyPI, Poetry's default.
  if (source === undefined) return { kind: 'pypi', index: null };
  if (!isRecord(source)) return { kind: 'unknown', what: '[package.source] is not a table' };
  const type = stringOf(source.type);
  const url = stringOf(source.url) ?? '';
  const reference = stringOf(source.reference);
  switch (type) {
    case 'git':
      return { kind: 'git', url: reference ? `${url}@${reference}` : url };
    case 'url':
      return { kind: 'url', url };
    case 'file':
    case 'directory':
      return { kind: 'path', path: url };
    case 'legacy':
    case null:
      return url ? indexOrigin(url) : { kind: 'unknown', what: `an index without a URL${reference ? ` (${reference})` : ''}` };
    default:
      return { kind: 'unknown', what: `source type “${clipText(type, 40)}”${url ? ` at ${url}` : ''}` };
  }
}
