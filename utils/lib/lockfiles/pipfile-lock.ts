// Pipfile.lock: pipenv's JSON lockfile — `_meta` (`sources`: named indexes with their `url`,
// `pipfile-spec`, `hash`), then `default` and `develop`, each mapping a package name to
// `{ version: "==x", hashes: ["sha256:…"], index: <source name>, markers }` or to a `git` / `path` /
// `file` entry. Format: https://github.com/pypa/pipfile (the Pipfile spec, "Pipfile.lock") and
// https://pipenv.pypa.io/en/latest/pipfile.html
import {
  type LockedPackage,
  type PackageOrigin,
  type ParsedLockfile,
  arrayOf,
  clipText,
  indexOrigin,
  isRecord,
  stringOf,
  toParsedLockfile,
} from './common';

const SECTIONS = ['default', 'develop'] as const;

/** A Pipfile.lock: a JSON object with `_meta` and a `default` or `develop` object. */
export function isPipfileLock(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && isRecord(doc._meta) && (isRecord(doc.default) || isRecord(doc.develop));
}

export function parsePipfileLock(text: string): ParsedLockfile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      format: 'Pipfile.lock',
      message: `This looks like a Pipfile.lock but is not valid JSON (${clipText(message, 160)}).`,
    };
  }
  if (!isPipfileLock(doc)) {
    return { ok: false, format: 'Pipfile.lock', message: 'This JSON is not a Pipfile.lock: it needs "_meta" and "default" or "develop".' };
  }
  return pipfileLockPackages(doc, text);
}

export function pipfileLockPackages(doc: Record<string, unknown>, text: string): ParsedLockfile {
  const meta = doc._meta as Record<string, unknown>;
  const sources = new Map<string, string>();
  for (const source of arrayOf(meta.sources)) {
    if (!isRecord(source)) continue;
    const name = stringOf(source.name);
    const url = stringOf(source.url);
    if (name !== null && url !== null && !sources.has(name)) sources.set(name, url);
  }
  // pipenv resolves an entry without `index` against the first source it lists.
  const firstSource = [...sources.values()][0] ?? null;
  const locate = lineFinder(text);
  const packages: LockedPackage[] = [];
  let position = 0;
  for (const section of SECTIONS) {
    const entries = doc[section];
    if (!isRecord(entries)) continue;
    for (const [name, entry] of Object.entries(entries)) {
      position += 1;
      const table = isRecord(entry) ? entry : {};
      const pinned = stringOf(table.version);
      const version = pinned === null ? table.version : pinned.replace(/^\s*===?\s*/, '');
      const hashes = arrayOf(table.hashes).filter((h): h is string => typeof h === 'string');
      packages.push({
        line: locate(name) ?? position,
        name,
        version,
        origin: pipfileOrigin(table, sources, firstSource),
        hashes,
        marker: stringOf(table.markers),
      });
    }
  }
  return toParsedLockfile('Pipfile.lock', packages);
}

function pipfileOrigin(table: Record<string, unknown>, sources: Map<string, string>, firstSource: string | null): PackageOrigin {
  const git = stringOf(table.git);
  if (git !== null) return { kind: 'git', url: stringOf(table.ref) ? `${git}@${stringOf(table.ref)}` : git };
  const path = stringOf(table.path);
  if (path !== null) return table.editable === true && path === '.' ? { kind: 'project', path } : { kind: 'path', path };
  const file = stringOf(table.file);
  if (file !== null) return { kind: 'url', url: file };
  const index = stringOf(table.index);
  if (index !== null) {
    const url = sources.get(index);
    return url !== undefined
      ? indexOrigin(url)
      : { kind: 'unknown', what: `index “${clipText(index, 60)}”, which _meta.sources does not list` };
  }
  return firstSource !== null ? indexOrigin(firstSource) : { kind: 'pypi', index: null };
}

/** The line of each package's key, searched forward from the previous one (keys repeat across sections). */
function lineFinder(text: string): (name: string) => number | null {
  let cursor = 0;
  let line = 1;
  return (name) => {
    const key = JSON.stringify(name);
    const at = text.indexOf(`${key}:`, cursor);
    const found = at === -1 ? text.indexOf(`${key} :`, cursor) : at;
    if (found === -1) return null;
    for (let i = text.indexOf('\n', cursor); i !== -1 && i < found; i = text.indexOf('\n', i + 1)) line += 1;
    cursor = found + key.length;
    return line;
  };
}
