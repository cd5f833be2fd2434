// PEP 440 ordering in one place (never string compare). Pure; shared by sources and trust rules.
// The sort key is ours, written from PEP 440's rules (https://peps.python.org/pep-0440/, "Summary of
// permitted suffixes and relative ordering"); @renovatebot/pep440 is used only through its public API.
import { explain } from '@renovatebot/pep440';

/** Whether the text is a PEP 440 version: the same spellings as `valid()` of @renovatebot/pep440. */
export function isValidVersion(version: string): boolean {
  return VERSION.test(version);
}

/** PEP 440 comparison; versions that are not PEP 440 sort before all valid ones, then by text. */
export function compareVersions(a: string, b: string): number {
  return compareKeyed(a, versionKey(a), b, versionKey(b));
}

/** Pre-releases and dev releases (PEP 440); a version we cannot parse is not called a pre-release. */
export function isPrerelease(version: string): boolean {
  const parts = explain(version);
  return parts !== null && (parts.is_prerelease || parts.is_devrelease);
}

/**
 * Same order as `[...versions].sort(compareVersions)`, but each version is parsed once: parsing both
 * sides on every comparison made sorting a project with thousands of releases cost hundreds of
 * milliseconds (npm run bench, "big project").
 */
export function sortVersions(versions: readonly string[]): string[] {
  const keyed = versions.map((version) => ({ version, key: versionKey(version) }));
  keyed.sort((a, b) => compareKeyed(a.version, a.key, b.version, b.key));
  return keyed.map((k) => k.version);
}

function compareKeyed(a: string, aKey: Key | null, b: string, bKey: Key | null): number {
  if (aKey && bKey) return compareKeys(aKey, bKey);
  if (aKey || bKey) return aKey ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The normalising pattern of PEP 440 (Appendix B), case-insensitive, with no surrounding space: it
 * accepts exactly the spellings `valid()` accepts ("1.0.alpha-1", "v1.0", "1.0-1", "1.0.RC1", ...).
 */
const VERSION = new RegExp(
  '^v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)' +
    '(?:[-_.]?(?<preL>a|b|c|rc|alpha|beta|pre|preview)[-_.]?(?<preN>[0-9]+)?)?' +
    '(?:-(?<postN1>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?)?' +
    '(?:[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?' +
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
  'i',
);

/**
 * One atom of a key. Integers are exact at any size (PEP 440 puts no bound on them): a Number up to
 * 15 digits, a BigInt beyond. `<` and `>` compare a Number with a BigInt exactly; `===` does not, so
 * keys are only ever compared with `<` and `>`.
 */
type Atom = number | bigint | string;
type Key = Atom[];

/** Pre-release phases in PEP 440 order; `DEV_ONLY` and `FINAL` bracket them (see `versionKey`). */
const DEV_ONLY = -1;
const PHASE: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };
const FINAL = 3;
/** Below every integer: ends the release segment, and stands for "no post-release". */
const NONE = -1;

/**
 * A flat key whose order, atom by atom (a shorter key first when one is a prefix of the other), is
 * the PEP 440 order; null when the text is not PEP 440. Layout:
 *
 *   epoch, release numbers without trailing zeros, NONE (1.0 == 1.0.0; 1.0 < 1.0.1),
 *   phase, pre number: a < b < rc, and a release with no pre-release after all of them (FINAL);
 *     a dev release of the release itself (1.0.dev0, no pre, no post) before all of them (DEV_ONLY),
 *   post number, or NONE: 1.0a0 < 1.0a0.post0, 1.0 < 1.0.post0,
 *   dev number, or Infinity: 1.0a0.dev0 < 1.0a0, 1.0.post0.dev0 < 1.0.post0,
 *   local segments, two atoms each: 0 and the lower-cased text for an alphanumeric segment, 1 and
 *     the number for a numeric one, so alphanumeric < numeric; no local version is the shortest key.
 *
 * The release segment ends with NONE, so the atoms after it line up whenever it matched; each local
 * segment is a (kind, value) pair, so atoms compared side by side are always of the same kind.
 */
function versionKey(version: string): Key | null {
  const g = VERSION.exec(version)?.groups;
  if (!g) return null;
  const release = g.release!.split('.');
  let end = release.length;
  while (end > 0 && isZero(release[end - 1]!)) end -= 1;
  const key: Key = [int(g.epoch ?? '0')];
  for (let i = 0; i < end; i += 1) key.push(int(release[i]!));
  key.push(NONE);
  const hasPost = g.postN1 !== undefined || g.postL !== undefined;
  if (g.preL !== undefined) key.push(PHASE[g.preL.toLowerCase()]!, int(g.preN ?? '0'));
  else key.push(!hasPost && g.devL !== undefined ? DEV_ONLY : FINAL, 0);
  key.push(hasPost ? int(g.postN1 ?? g.postN2 ?? '0') : NONE);
  key.push(g.devL !== undefined ? int(g.devN ?? '0') : Infinity);
  if (g.local !== undefined) {
    for (const part of g.local.split(/[-_.]/)) {
      if (/^[0-9]+$/.test(part)) key.push(1, int(part));
      else key.push(0, part.toLowerCase());
    }
  }
  return key;
}

function isZero(digits: string): boolean {
  return /^0+$/.test(digits);
}

function int(digits: string): number | bigint {
  return digits.length <= 15 ? Number(digits) : BigInt(digits);
}

function compareKeys(a: Key, b: Key): number {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i += 1) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return Math.sign(a.length - b.length);
}
