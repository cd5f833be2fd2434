// pylock.toml (PEP 751, https://packaging.python.org/en/latest/specifications/pylock-toml/): a
// `lock-version`, then `[[packages]]` with `name`, `version` (may be left out for a source tree),
// `index` (the Simple API base URL it came from), and where it comes from — `vcs`, `directory`,
// `archive`, or `sdist` / `wheels` — each file with `hashes` as `{ algorithm = digest }`.
import { type PackageOrigin, type ParsedLockfile, arrayOf, hashesOf, indexOrigin, isPypiUrl, isRecord, stringOf } from './common';
import { parseTomlLockfile, tomlEntries } from './toml';

/** A pylock.toml: a top-level `lock-version` string and `[[packages]]` (plural, unlike uv and Poetry). */
export function isPylock(doc: Record<string, unknown>): boolean {
  return typeof doc['lock-version'] === 'string' && Array.isArray(doc.packages);
}

export function parsePylock(text: string): ParsedLockfile {
  return parseTomlLockfile(text, 'pylock.toml', pylockPackages);
}

export function pylockPackages(doc: Record<string, unknown>, text: string): ParsedLockfile {
  const lockVersion = stringOf(doc['lock-version']);
  // PEP 751: a tool MUST NOT read a lock with a major version it does not support.
  if (lockVersion !== null && !/^1(\.|$)/.test(lockVersion)) {
    return {
      ok: false,
      format: 'pylock.toml',
      message: `This pylock.toml has lock-version ${lockVersion.slice(0, 20)}; only 1.x is understood.`,
    };
  }
  return tomlEntries(doc, text, 'pylock.toml', 'packages', (table) => {
    const files = [table.sdist, table.archive, ...arrayOf(table.wheels)].filter(isRecord);
    const hashes = files.flatMap((f) => hashesOf(f.hashes));
    return { name: table.name, version: table.version, origin: pylockOrigin(table, files), hashes, marker: stringOf(table.marker) };
  });
}

function pylockOrigin(table: Record<string, unknown>, files: Record<string, unknown>[]): PackageOrigin {
  if (isRecord(table.vcs)) return { kind: 'git', url: stringOf(table.vcs.url) ?? stringOf(table.vcs.path) ?? '?' };
  if (isRecord(table.directory)) return { kind: 'path', path: stringOf(table.directory.path) ?? '?' };
  if (isRecord(table.archive)) {
    const url = stringOf(table.archive.url);
    return url !== null ? { kind: 'url', url } : { kind: 'path', path: stringOf(table.archive.path) ?? '?' };
  }
  const index = stringOf(table.index);
  if (index !== null) return indexOrigin(index);
  // No index named: the files' own URLs say where they are.
  const url = files.map((f) => stringOf(f.url)).find((u) => u !== null);
  if (url) return isPypiUrl(url) ? { kind: 'pypi', index: null } : { kind: 'index', index: originOf(url) };
  const path = files.map((f) => stringOf(f.path)).find((p) => p !== null);
  if (path) return { kind: 'path', path };
  return { kind: 'pypi', index: null };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
