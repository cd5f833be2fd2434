// What every lockfile parser returns: the same lines as the requirements parser (so the popup's table,
// upgrade targets and summary read a lockfile as they read requirements.txt), built from one locked
// package each. Where a package comes from decides whether it is checked: only PyPI's releases are.
import { groupDigits } from '../numbers';
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from '../package-name';
import { type CheckableRequirement, nameProblem, type RequirementLine } from '../requirements';
import { MAX_LOCKFILE_PACKAGES } from './limits';

// The package cap lives alone in limits.ts (the message contract, in every content script, imports it).
export { MAX_LOCKFILE_PACKAGES };

export type LockfileFormat = 'uv.lock' | 'poetry.lock' | 'pylock.toml' | 'Pipfile.lock' | 'requirements.txt';

/** Lockfiles list every wheel's hash: a 1,000-package uv.lock of wheel-heavy projects runs to a few MB. */
export const MAX_LOCKFILE_CHARS = 8_000_000;
/** Entries of any kind (checked or not) one lockfile may list: past this the table would be the problem. */
export const MAX_LOCKFILE_ENTRIES = 2 * MAX_LOCKFILE_PACKAGES;
/** Hashes kept per package for display; the rest are counted. numpy lists ~60 wheels a release. */
export const MAX_SHOWN_HASHES = 100;
/** No lockfile nests deeper than a few tables; a deeper document is hostile, not a lockfile. */
export const MAX_TOML_DEPTH = 32;

/** Where a lockfile says a package comes from. */
export type PackageOrigin =
  /** PyPI, named (its index URL) or implied (the format's default index). */
  | { kind: 'pypi'; index: string | null }
  | { kind: 'index'; index: string }
  | { kind: 'git'; url: string }
  | { kind: 'url'; url: string }
  | { kind: 'path'; path: string }
  /** The project the lockfile belongs to (uv's editable or virtual root). */
  | { kind: 'project'; path: string }
  /** A source the format does not define (a wrong shape, or a newer tool's kind). */
  | { kind: 'unknown'; what: string };

/** One package as a lockfile lists it, before it is judged checkable. */
export type LockedPackage = {
  /** The line where its entry starts; the entry's position (1-based) when the line is unknown. */
  line: number;
  name: unknown;
  version: unknown;
  origin: PackageOrigin;
  hashes: string[];
  /** The entry's environment marker, as written; the package is checked whatever it says. */
  marker?: string | null;
};

export type ParsedLockfile =
  | {
      ok: true;
      format: LockfileFormat;
      lines: RequirementLine[];
      requirements: CheckableRequirement[];
      /** Lines (or entries) that name nothing: blank, comments, duplicates folded into an earlier row. */
      ignoredLines: number;
    }
  | { ok: false; format: LockfileFormat | null; message: string };

const PYPI_HOSTS = new Set(['pypi.org', 'pypi.python.org', 'files.pythonhosted.org']);

/** True for PyPI's own index and file host, whatever path or trailing slash the lockfile wrote. */
export function isPypiUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && PYPI_HOSTS.has(parsed.hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** An index URL → PyPI or another index. */
export function indexOrigin(index: string): PackageOrigin {
  return isPypiUrl(index) ? { kind: 'pypi', index } : { kind: 'index', index };
}

/** Shown text: one line, clipped, so a hostile 1 MB string never reaches the table whole. */
export function clipText(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Why a package from elsewhere is not checked: the reader sees which index or repository it names. */
export function notCheckedReason(origin: PackageOrigin): string | null {
  switch (origin.kind) {
    case 'pypi':
      return null;
    case 'index':
      return `not checked: from ${clipText(origin.index, 200)} — another index than PyPI.`;
    case 'git':
      return `not checked: from git ${clipText(origin.url, 200)} — built from a repository, not a PyPI release.`;
    case 'url':
      return `not checked: from ${clipText(origin.url, 200)} — a direct URL, not a PyPI release.`;
    case 'path':
      return `not checked: from the local path ${clipText(origin.path, 200)} — not a PyPI release.`;
    case 'project':
      return `not checked: the project itself (${clipText(origin.path, 200)}), not a PyPI release.`;
    case 'unknown':
      return `not checked: its source is not one the check reads (${clipText(origin.what, 200)}).`;
  }
}

/**
 * Locked packages → the requirements parser's lines: a PyPI package with a name and version is
 * checked at that version; anything else is skipped or invalid with its reason. An entry repeated
 * with the same name, version and origin is folded into the first (uv and Poetry list a package once
 * per resolution fork only when its version differs).
 */
export function toParsedLockfile(format: LockfileFormat, packages: LockedPackage[]): ParsedLockfile {
  if (packages.length > MAX_LOCKFILE_ENTRIES) {
    return {
      ok: false,
      format,
      message: `The ${format} has ${groupDigits(packages.length)} entries; the check reads at most ${groupDigits(MAX_LOCKFILE_ENTRIES)}.`,
    };
  }
  const lines: RequirementLine[] = [];
  const seen = new Map<string, CheckableRequirement>();
  let ignoredLines = 0;
  for (const pkg of packages) {
    const rawName = typeof pkg.name === 'string' ? pkg.name : null;
    const shownName = rawName === null ? `entry at line ${pkg.line}` : clipText(rawName, 80);
    const rawVersion = typeof pkg.version === 'string' ? pkg.version : null;
    const text = clipText(rawVersion ? `${shownName} ${rawVersion}` : shownName);
    const invalid = (reason: string) => lines.push({ kind: 'invalid', line: pkg.line, text, reason });
    if (rawName === null) {
      invalid(pkg.name === undefined ? 'This entry has no package name.' : 'This entry’s name is not text.');
      continue;
    }
    if (!isValidPackageName(rawName)) {
      invalid(nameProblem(rawName));
      continue;
    }
    const skip = notCheckedReason(pkg.origin);
    if (skip) {
      lines.push({ kind: 'skipped', line: pkg.line, text, reason: skip });
      continue;
    }
    if (rawVersion === null) {
      invalid(pkg.version === undefined ? 'This entry has no version: nothing to check.' : 'This entry’s version is not text.');
      continue;
    }
    const version = rawVersion.trim();
    if (!isPlausibleVersion(version)) {
      invalid(`“${clipText(version, 60)}” is not a version PyPI could have.`);
      continue;
    }
    const normalizedName = normalizePackageName(rawName);
    const index = pkg.origin.kind === 'pypi' ? pkg.origin.index : null;
    const key = `${normalizedName} ${version} ${index ?? ''}`;
    const earlier = seen.get(key);
    if (earlier) {
      // Same package twice: one row, the hashes of both.
      for (const hash of pkg.hashes) if (!earlier.hashes!.includes(hash)) addHash(earlier, hash);
      ignoredLines += 1;
      continue;
    }
    const requirement: CheckableRequirement = {
      name: rawName,
      normalizedName,
      pinned: version,
      specifier: null,
      extras: [],
      marker: pkg.marker ?? null,
      hashCount: 0,
      hashes: [],
      source: index,
    };
    for (const hash of pkg.hashes) addHash(requirement, hash);
    seen.set(key, requirement);
    lines.push({ kind: 'requirement', line: pkg.line, text, requirement });
  }
  const requirements = lines.flatMap((l) => (l.kind === 'requirement' ? [l.requirement] : []));
  if (requirements.length > MAX_LOCKFILE_PACKAGES) {
    return {
      ok: false,
      format,
      message: `The ${format} lists ${groupDigits(requirements.length)} PyPI packages; one check takes at most ${groupDigits(MAX_LOCKFILE_PACKAGES)}.`,
    };
  }
  return { ok: true, format, lines, requirements, ignoredLines };
}

function addHash(requirement: CheckableRequirement, hash: string): void {
  requirement.hashCount += 1;
  if (requirement.hashes!.length < MAX_SHOWN_HASHES) requirement.hashes!.push(clipText(hash, 160));
}

/**
 * The line of each `[[package]]` (or `[[packages]]`) header, in order: TOML arrays of tables keep the
 * file's order, so the n-th header is the n-th entry. When the counts differ (an inline array), entries
 * are numbered by position instead.
 */
export function headerLines(text: string, header: RegExp, count: number): number[] {
  const found: number[] = [];
  let line = 1;
  let start = 0;
  while (start <= text.length && found.length <= count) {
    const end = text.indexOf('\n', start);
    const row = text.slice(start, end === -1 ? text.length : end);
    if (header.test(row)) found.push(line);
    if (end === -1) break;
    start = end + 1;
    line += 1;
  }
  return found.length === count ? found : Array.from({ length: count }, (_, i) => i + 1);
}

/** "sha256:…" from a `{ algorithm = digest }` table (PEP 751) or a string (uv, Poetry, Pipfile.lock). */
export function hashesOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (isRecord(value))
    return Object.entries(value).flatMap(([algorithm, digest]) => (typeof digest === 'string' ? [`${algorithm}:${digest}`] : []));
  return [];
}
