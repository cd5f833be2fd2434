// uv.lock: uv's TOML lockfile — `version` (the lock format's), then one `[[package]]` per resolved
// package with `name`, `version`, a `source` table (registry, git, url, path, directory, editable,
// virtual), and `sdist` / `wheels` carrying each file's `hash`. uv documents the file as its own
// format, not a standard: https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile
import { type PackageOrigin, type ParsedLockfile, arrayOf, hashesOf, indexOrigin, isRecord, stringOf } from './common';
import { parseTomlLockfile, tomlEntries } from './toml';

/** A uv.lock: a `version` integer at the top and `[[package]]` tables (other TOML lockfiles lack one or the other). */
export function isUvLock(doc: Record<string, unknown>): boolean {
  return typeof doc.version === 'number' && Array.isArray(doc.package) && !isRecord(doc.metadata);
}

export function parseUvLock(text: string): ParsedLockfile {
  return parseTomlLockfile(text, 'uv.lock', uvLockPackages);
}

export function uvLockPackages(doc: Record<string, unknown>, text: string): ParsedLockfile {
  return tomlEntries(doc, text, 'uv.lock', 'package', (table) => {
    const sdist = isRecord(table.sdist) ? table.sdist : {};
    const hashes = [...hashesOf(sdist.hash), ...arrayOf(table.wheels).flatMap((w) => (isRecord(w) ? hashesOf(w.hash) : []))];
    return { name: table.name, version: table.version, origin: uvOrigin(table.source), hashes };
  });
}

function uvOrigin(source: unknown): PackageOrigin {
  // uv writes a source for every package; one without is read as PyPI, uv's default index.
  if (source === undefined) return { kind: 'pypi', index: null };
  if (!isRecord(source)) return { kind: 'unknown', what: 'source is not a table' };
  const registry = stringOf(source.registry);
  if (registry !== null) return indexOrigin(registry);
  const git = stringOf(source.git);
  if (git !== null) return { kind: 'git', url: git };
  const url = stringOf(source.url);
  if (url !== null) return { kind: 'url', url };
  const editable = stringOf(source.editable) ?? stringOf(source.virtual);
  if (editable !== null) return { kind: 'project', path: editable };
  const path = stringOf(source.path) ?? stringOf(source.directory);
  if (path !== null) return { kind: 'path', path };
  return { kind: 'unknown', what: `source keys: ${Object.keys(source).slice(0, 5).join(', ') || 'none'}` };
}
