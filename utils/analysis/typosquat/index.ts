// Typosquat detection: does a package name resemble one of the most-downloaded names without being
// it? Pure and synchronous. The index is built once per list (in the background) so that one lookup
// only touches the names of nearly the same length: well under a millisecond for 15,000 names.
import { distance } from 'fastest-levenshtein';
import type { TopPackages, TyposquatCandidate, TyposquatFacts, TyposquatKind } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';

/** Edits allowed for a name of this many letters (separators not counted); the typosquat rule declares why. */
export const EDIT_DISTANCE_BY_LENGTH = [
  { minLength: 0, maxDistance: 0 },
  { minLength: 5, maxDistance: 1 },
  { minLength: 12, maxDistance: 2 },
] as const;
/** How many resembling names a finding lists (most downloaded first). */
export const MAX_CANDIDATES = 3;
/** A core shorter than this after removing "python-"/"py-" is too generic to point at one project. */
const MIN_AFFIX_CORE = 3;

const PREFIXES = ['python-', 'py-'];
const SUFFIXES = ['-python'];
/** Digits and letter pairs that read as another letter at a glance. */
const LOOK_ALIKES: [RegExp, string][] = [
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/3/g, 'e'],
  [/5/g, 's'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
];

export type TyposquatIndex = {
  names: string[];
  downloads: number[];
  /** Downloads of the last listed name: every unlisted package has at most this many. */
  floor: number;
  rankOf: Map<string, number>;
  bySquashed: Map<string, number[]>;
  byCore: Map<string, number[]>;
  bySkeleton: Map<string, number[]>;
  /** Squashed names grouped by length: index i holds the entries of length i. */
  byLength: { squashed: string; index: number; letters: number }[][];
};

/** Separators removed: "python-dateutil" and "python_date.util" both become "pythondateutil". */
const squash = (normalized: string) => normalized.replace(/-/g, '');

/** The name without one "python-"/"py-" prefix or "-python" suffix, squashed. */
function coreOf(normalized: string): string {
  for (const prefix of PREFIXES) if (normalized.startsWith(prefix)) return squash(normalized.slice(prefix.length));
  for (const suffix of SUFFIXES) if (normalized.endsWith(suffix)) return squash(normalized.slice(0, -suffix.length));
  return squash(normalized);
}

function skeletonOf(squashed: string): string {
  return LOOK_ALIKES.reduce((text, [pattern, letter]) => text.replace(pattern, letter), squashed);
}

/**
 * Which characters occur, one bit each (a–z; digits folded into six bits) — a cheap pre-filter:
 * one edit sets or clears at most two bits, so names whose sets differ in more bits are too far apart.
 */
export function letterSet(text: string): number {
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) bits |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) bits |= 1 << (26 + ((code - 48) % 6));
  }
  return bits;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function push(map: Map<string, number[]>, key: string, index: number) {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

type LookupTables = Pick<TyposquatIndex, 'bySquashed' | 'byCore' | 'bySkeleton' | 'byLength'>;

/**
 * The rank of every listed name at once; the look-alike tables only when first read. They are most of
 * the build (≈100 ms for 15,000 names, in a worker that has just started) and only an unlisted name
 * needs them: a listed one — most pages people visit — is answered from `rankOf` alone.
 */
export function buildTyposquatIndex(top: TopPackages): TyposquatIndex {
  const rankOf = new Map<string, number>();
  top.names.forEach((name, i) => rankOf.set(name, i));
  let tables: LookupTables | null = null;
  const lookup = () => (tables ??= buildLookupTables(top.names));
  return {
    names: top.names,
    downloads: top.downloads,
    floor: top.downloads.at(-1) ?? 0,
    rankOf,
    get bySquashed() {
      return lookup().bySquashed;
    },
    get byCore() {
      return lookup().byCore;
    },
    get bySkeleton() {
      return lookup().bySkeleton;
    },
    get byLength() {
      return lookup().byLength;
    },
  };
}

function buildLookupTables(names: string[]): LookupTables {
  const tables: LookupTables = { bySquashed: new Map(), byCore: new Map(), bySkeleton: new Map(), byLength: [] };
  names.forEach((name, i) => {
    const squashed = squash(name);
    push(tables.bySquashed, squashed, i);
    push(tables.byCore, coreOf(name), i);
    push(tables.bySkeleton, skeletonOf(squashed), i);
    (tables.byLength[squashed.length] ??= []).push({ squashed, index: i, letters: letterSet(squashed) });
  });
  return tables;
}

export function maxDistanceFor(length: number): number {
  let allowed = 0;
  for (const step of EDIT_DISTANCE_BY_LENGTH) if (length >= step.minLength) allowed = step.maxDistance;
  return allowed;
}

/** Two neighbouring letters swapped ("reqeusts"): one slip, though Levenshtein counts two. */
export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (first !== -1) return i === first + 1 && a[first] === b[i] && a[i] === b[first] && a.slice(i + 1) === b.slice(i + 1);
    first = i;
  }
  return false;
}

/** Checks one name against the list. A listed name is never a typosquat: it is itself popular. */
export function checkTyposquat(name: string, index: TyposquatIndex): TyposquatFacts {
  const normalized = normalizePackageName(name);
  const rank = index.rankOf.get(normalized);
  if (rank !== undefined) return { listed: true, rank: rank + 1, candidates: [] };

  const squashed = squash(normalized);
  const found = new Map<number, { kind: TyposquatKind; distance: number }>();
  // Strongest kind first: a later, weaker kind never replaces an earlier one.
  const add = (i: number, kind: TyposquatKind, editDistance: number) => {
    if (!found.has(i)) found.set(i, { kind, distance: editDistance });
  };
  for (const i of index.bySquashed.get(squashed) ?? []) add(i, 'separators', 0);
  const core = coreOf(normalized);
  if (core.length >= MIN_AFFIX_CORE) for (const i of index.byCore.get(core) ?? []) add(i, 'affix', 0);
  const skeleton = skeletonOf(squashed);
  for (const i of index.bySkeleton.get(skeleton) ?? []) add(i, 'look-alike', 0);

  const allowed = maxDistanceFor(squashed.length);
  const letters = letterSet(squashed);
  for (let length = squashed.length - allowed; allowed > 0 && length <= squashed.length + allowed; length++) {
    for (const entry of index.byLength[length] ?? []) {
      if (found.has(entry.index)) continue;
      // Skip hopeless pairs before the library computes a full distance (keeps a lookup sub-millisecond).
      if (bitCount(letters ^ entry.letters) > 2 * allowed) continue;
      if (length === squashed.length && isTransposition(squashed, entry.squashed)) {
        add(entry.index, 'transposition', 1);
        continue;
      }
      const edits = distance(squashed, entry.squashed);
      if (edits <= allowed) add(entry.index, 'edit', edits);
    }
  }

  const candidates = [...found.entries()]
    .sort(([a], [b]) => index.downloads[b]! - index.downloads[a]! || a - b)
    .slice(0, MAX_CANDIDATES)
    .map(
      ([i, match]): TyposquatCandidate => ({
        name: index.names[i]!,
        downloads: index.downloads[i]!,
        rank: i + 1,
        kind: match.kind,
        distance: match.distance,
        timesMoreAtLeast: index.floor > 0 ? Math.floor(index.downloads[i]! / index.floor) : 0,
        url: `https://pypi.org/project/${encodeURIComponent(index.names[i]!)}/`,
      }),
    );
  return { listed: false, rank: null, candidates };
}
