// PEP 440 ordering in one place (never string compare). Pure; shared by sources and trust rules.
import { compare, explain, parse, valid } from '@renovatebot/pep440';

export function isValidVersion(version: string): boolean {
  return valid(version) !== null;
}

/** PEP 440 comparison; versions that are not PEP 440 sort before all valid ones, then by text. */
export function compareVersions(a: string, b: string): number {
  const aValid = valid(a) !== null;
  const bValid = valid(b) !== null;
  if (aValid && bValid) return compare(a, b);
  if (aValid !== bValid) return aValid ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pre-releases and dev releases (PEP 440); a version we cannot parse is not called a pre-release. */
export function isPrerelease(version: string): boolean {
  const parts = explain(version);
  return parts !== null && (parts.is_prerelease || parts.is_devrelease);
}

/**
 * Same order as `[...versions].sort(compareVersions)`, but each version is parsed once: `compare()`
 * parses both sides on every call, which made sorting a project with thousands of releases cost
 * hundreds of milliseconds (npm run bench, "big project").
 */
export function sortVersions(versions: readonly string[]): string[] {
  const keyed = versions.map((version) => ({ version, key: versionKey(version) }));
  keyed.sort((a, b) => {
    if (a.key && b.key) return pyCompare(a.key, b.key);
    if (a.key || b.key) return a.key ? 1 : -1;
    return a.version < b.version ? -1 : a.version > b.version ? 1 : 0;
  });
  return keyed.map((k) => k.version);
}

type KeyPart = number | string | KeyPart[];
type ParsedVersion = {
  epoch: number;
  release: number[];
  pre: [string, number] | null;
  post: [string, number] | null;
  dev: [string, number] | null;
  local: (string | number)[] | null;
};

/**
 * The PEP 440 sort key (packaging's `_cmpkey`) exactly as @renovatebot/pep440 builds it inside
 * `compare()` (lib/operator.js `calculateKey`), from its own `parse()`: null when not PEP 440.
 */
function versionKey(version: string): KeyPart[] | null {
  const parsed = parse(version) as unknown as ParsedVersion | null;
  if (!parsed) return null;
  const release = [...parsed.release];
  while (release.length && release[release.length - 1] === 0) release.pop();
  const pre = !parsed.pre && !parsed.post && parsed.dev ? -Infinity : (parsed.pre ?? Infinity);
  const post = parsed.post ?? -Infinity;
  const dev = parsed.dev ?? Infinity;
  const local = parsed.local
    ? parsed.local.map((i): KeyPart => (Number.isNaN(Number(i)) ? [-Infinity, i] : [Number(i), '']))
    : -Infinity;
  return [parsed.epoch, release, pre, post, dev, local];
}

/** Python's tuple ordering, as @renovatebot/pep440 ports it (lib/operator.js `pyCompare`). */
function pyCompare(elemIn: KeyPart, otherIn: KeyPart): number {
  let elem = elemIn;
  let other = otherIn;
  if (elem === other) return 0;
  if (Array.isArray(elem) !== Array.isArray(other)) {
    elem = Array.isArray(elem) ? elem : [elem];
    other = Array.isArray(other) ? other : [other];
  }
  if (Array.isArray(elem) && Array.isArray(other)) {
    const len = Math.min(elem.length, other.length);
    for (let i = 0; i < len; i += 1) {
      const res = pyCompare(elem[i]!, other[i]!);
      if (res !== 0) return res;
    }
    return elem.length - other.length;
  }
  if (elem === -Infinity || other === Infinity) return -1;
  if (elem === Infinity || other === -Infinity) return 1;
  return elem < other ? -1 : 1;
}
