// Typosquat detection: does a package name resemble one of the most-downloaded names without being it?
// Pure and synchronous. The index is built once per list (in the background) so that one lookup only
// touches map keys and the names of nearly the same length: well under a millisecond for 15,000 names.
// The shapes (shapes.ts), the edit distance and its pre-filter (edits.ts) and the combosquats (combos.ts)
// live beside this file; this one holds the index and the order in which the kinds are tried.
import type { TopPackages, TyposquatCandidate, TyposquatFacts, TyposquatKind } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import { addVersionlessNames, type ComboTables, findCombos, namespacesOf } from './combos';
import { bitCount, boundedDistance, hasDigit, isTransposition, letterSet, neighbouringKeys, slipBetween } from './edits';
import { anagramKey, collapseDoubles, coresOf, MIN_ANAGRAM_LETTERS, pluralForms, skeletonOf, squash, wordOrderKey } from './shapes';

export { isTransposition, letterSet } from './edits';
export { FILLER_WORDS } from './shapes';
export { BARE_WORD_RANK, COMBO_PAIR_RANK, COMBO_TARGET_RANK, NAMESPACE_MIN_NAMES } from './combos';

/** Edits allowed for a name of this many letters (separators not counted); the typosquat rule declares why. */
export const EDIT_DISTANCE_BY_LENGTH = [
  { minLength: 0, maxDistance: 0 },
  { minLength: 5, maxDistance: 1 },
  { minLength: 9, maxDistance: 2 },
] as const;
/** How many resembling names a finding lists (most downloaded first). */
export const MAX_CANDIDATES = 3;
/**
 * A name of at most this many letters (or this many after a "py" prefix both names share) is only a look-alike,
 * a swap, or a letter dropped from a longer name ("kers" → keras) — and only of a far more popular name (top 3,000).
 */
export const SHORT_NAME_LETTERS = 4;
/** A letter added before a name, or a name without the "py"/"python" of a listed one, only against the top 1,000. */
export const FAR_MORE_POPULAR_RANK = 1_000;
/** A slip at a name's last letter ("paddlex" by "paddle") only against the top 2,000: real names vary there. */
export const END_SLIP_RANK = 2_000;
/** "pyfoo"/"foopy" for "foo" only against the top 5,000: many real names start with "py" by chance. */
export const BARE_AFFIX_RANK = 5_000;
/**
 * The names everyone installs (the top 100): only against them do a changed digit ("netifaces2" is a version
 * sibling, "requests1" is not), a changed first letter or two slips point at a typo rather than a neighbour.
 */
export const TOP_NAME_RANK = 100;
/** A changed letter in a name of up to 8 letters, or an added one in a name of up to 6, only against the top 3,000. */
export const NEIGHBOUR_RANK = 3_000;
const SUBSTITUTION_LETTERS = 8;
const INSERTION_LETTERS = 6;
/** A word of a hyphenated name this short is a code ("s3", "sts", "cu12"): another word there is a sibling project. */
const SIBLING_WORD_LETTERS = 3;

export type TyposquatIndex = {
  names: string[];
  downloads: number[];
  /** Downloads of the last listed name: every unlisted package has at most this many. */
  floor: number;
  rankOf: Map<string, number>;
  bySquashed: Map<string, number[]>;
  byCore: Map<string, { index: number; family: 'py' | 'python'; bare: boolean }[]>;
  bySkeleton: Map<string, number[]>;
  byCollapsed: Map<string, number[]>;
  byWordOrder: Map<string, number[]>;
  byAnagram: Map<string, number[]>;
  combos: ComboTables;
  /** Squashed names grouped by length: index i holds the entries of length i. */
  byLength: { squashed: string; index: number; letters: number }[][];
};

function push<V>(map: Map<string, V[]>, key: string, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

type LookupTables = Omit<TyposquatIndex, 'names' | 'downloads' | 'floor' | 'rankOf'>;
const TABLE_KEYS = ['bySquashed', 'byCore', 'bySkeleton', 'byCollapsed', 'byWordOrder', 'byAnagram', 'combos', 'byLength'] as const;

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
  const index = { names: top.names, downloads: top.downloads, floor: top.downloads.at(-1) ?? 0, rankOf } as TyposquatIndex;
  for (const key of TABLE_KEYS) Object.defineProperty(index, key, { get: () => lookup()[key], enumerable: true });
  return index;
}

function buildLookupTables(names: string[]): LookupTables {
  const tables: LookupTables = {
    bySquashed: new Map(),
    byCore: new Map(),
    bySkeleton: new Map(),
    byCollapsed: new Map(),
    byWordOrder: new Map(),
    byAnagram: new Map(),
    combos: { firstBySquashed: new Map(), namespaces: new Set() },
    byLength: [],
  };
  // A name whose skeleton or collapsed form is itself is found through bySquashed: the other tables hold only
  // the names that differ, which keeps the build (once per worker, at the first unlisted name) short.
  names.forEach((name, i) => {
    const squashed = squash(name);
    push(tables.bySquashed, squashed, i);
    if (!tables.combos.firstBySquashed.has(squashed)) tables.combos.firstBySquashed.set(squashed, i);
    if (name.includes('py'))
      for (const { core, family, bare } of coresOf(name)) if (family) push(tables.byCore, core, { index: i, family, bare });
    const skeleton = skeletonOf(squashed);
    if (skeleton !== squashed) push(tables.bySkeleton, skeleton, i);
    const collapsed = collapseDoubles(squashed);
    if (collapsed !== squashed) push(tables.byCollapsed, collapsed, i);
    if (name.includes('-')) push(tables.byWordOrder, wordOrderKey(name)!, i);
    if (i < FAR_MORE_POPULAR_RANK && squashed.length >= MIN_ANAGRAM_LETTERS) push(tables.byAnagram, anagramKey(squashed), i);
    (tables.byLength[squashed.length] ??= []).push({ squashed, index: i, letters: letterSet(squashed) });
  });
  tables.combos.namespaces = namespacesOf(names, tables.combos.firstBySquashed);
  addVersionlessNames(names, tables.combos.firstBySquashed);
  return tables;
}

export function maxDistanceFor(length: number): number {
  let allowed = 0;
  for (const step of EDIT_DISTANCE_BY_LENGTH) if (length >= step.minLength) allowed = step.maxDistance;
  return allowed;
}

/** Hyphenated names that differ only in one short word are siblings of one family ("…-sts" and "…-s3"). */
function siblingWords(name: string, target: string): boolean {
  const a = name.split('-');
  const b = target.split('-');
  if (a.length < 2 || a.length !== b.length) return false;
  const differing = a.map((word, k) => k).filter((k) => a[k] !== b[k]);
  if (differing.length !== 1) return false;
  const [mine, theirs] = [a[differing[0]!]!, b[differing[0]!]!];
  if (hasDigit(mine) || hasDigit(theirs)) return true;
  if (Math.min(mine.length, theirs.length) > SIBLING_WORD_LETTERS) return false;
  // A letter dropped from a short word ("p-cord" for "py-cord") is still a slip; any other change makes another word.
  return slipBetween(mine, theirs)?.type !== 'delete';
}

/**
 * Is one slip from the popular name what a typing mistake looks like? Real projects beside a popular name
 * differ where a name is chosen, not mistyped: an added first letter ("edlib" by "dlib"), a version digit
 * ("netifaces2"), a last letter ("paddlex"), another short word of a family ("types-boto3-sts").
 */
function slipLooksTyped(squashed: string, target: string, rank: number): boolean {
  const slip = slipBetween(squashed, target);
  if (!slip) return true; // not a single slip (two edits): judged by the two-edit rule
  if (hasDigit(slip.letters)) return rank < TOP_NAME_RANK;
  if (slip.at === 0) {
    if (slip.type === 'insert') return slip.letters === target[0] && rank < FAR_MORE_POPULAR_RANK;
    if (slip.type === 'substitute') return neighbouringKeys(slip.letters[0]!, slip.letters[1]!) && rank < TOP_NAME_RANK;
    return true;
  }
  // Short names have real neighbours one changed or added letter away; only popular targets make that a slip.
  if (slip.type === 'substitute' && squashed.length <= SUBSTITUTION_LETTERS && rank >= NEIGHBOUR_RANK) return false;
  if (slip.type === 'insert' && squashed.length <= INSERTION_LETTERS && rank >= NEIGHBOUR_RANK) return false;
  // The letter that changed was the target's last, or one was added after it.
  const atEnd = slip.type === 'insert' ? slip.at >= target.length : slip.type !== 'transpose' && slip.at >= target.length - 1;
  return !atEnd || rank < END_SLIP_RANK;
}

/** Short names may only drop one letter of a longer, far more popular name ("kers" → keras; "sixx" is not six). */
function shortSlip(squashed: string, target: string): boolean {
  return target.length > SHORT_NAME_LETTERS && slipBetween(squashed, target)?.type === 'delete';
}

/** The letters after a "py"/"python" prefix both names share: the part that tells them apart. */
function distinctiveLength(squashed: string, target: string): number {
  for (const prefix of ['python', 'py'])
    if (squashed.startsWith(prefix) && target.startsWith(prefix)) return squashed.length - prefix.length;
  return squashed.length;
}

/** Checks one name against the list. A listed name is never a typosquat: it is itself popular. */
export function checkTyposquat(name: string, index: TyposquatIndex): TyposquatFacts {
  const normalized = normalizePackageName(name);
  const rank = index.rankOf.get(normalized);
  if (rank !== undefined) return { listed: true, rank: rank + 1, candidates: [] };

  const squashed = squash(normalized);
  const short = squashed.length <= SHORT_NAME_LETTERS;
  const found = new Map<number, { kind: TyposquatKind; distance: number; partner?: number; filler?: string }>();
  // Strongest kind first: a later, weaker kind never replaces an earlier one. Short names only meet far more popular ones.
  const add = (i: number, kind: TyposquatKind, editDistance: number, extra: { partner?: number; filler?: string } = {}) => {
    if (short && i >= NEIGHBOUR_RANK) return;
    if (!found.has(i)) found.set(i, { kind, distance: editDistance, ...extra });
  };
  for (const i of index.bySquashed.get(squashed) ?? []) add(i, 'separators', 0);
  const skeleton = skeletonOf(squashed);
  for (const i of [...(index.bySkeleton.get(skeleton) ?? []), ...(skeleton === squashed ? [] : (index.bySquashed.get(skeleton) ?? []))])
    add(i, 'look-alike', 0);
  if (!short) shapeMatches(normalized, squashed, index, add);
  editMatches(normalized, squashed, index, found, add);
  // Syllables moved ("matlibplot"): the same letters in another order, once no single slip explains it.
  if (squashed.length >= MIN_ANAGRAM_LETTERS) {
    for (const i of index.byAnagram.get(anagramKey(squashed)) ?? []) if (i < FAR_MORE_POPULAR_RANK) add(i, 'word-order', 0);
  }

  const candidates = [...found.entries()]
    .sort(([a], [b]) => index.downloads[b]! - index.downloads[a]! || a - b)
    .slice(0, MAX_CANDIDATES)
    .map(([i, match]): TyposquatCandidate => {
      const candidate: TyposquatCandidate = {
        ...describe(index, i),
        kind: match.kind,
        distance: match.distance,
        timesMoreAtLeast: index.floor > 0 ? Math.floor(index.downloads[i]! / index.floor) : 0,
      };
      if (match.partner !== undefined)
        candidate.partner = { name: index.names[match.partner]!, rank: match.partner + 1, url: urlOf(index, match.partner) };
      if (match.filler !== undefined) candidate.filler = match.filler;
      return candidate;
    });
  return { listed: false, rank: null, candidates };
}

type Add = (i: number, kind: TyposquatKind, distance: number, extra?: { partner?: number; filler?: string }) => void;

/** Whole-name shapes: affixes, py ↔ python, plural, doubled letters, word order, combosquats. */
function shapeMatches(normalized: string, squashed: string, index: TyposquatIndex, add: Add) {
  const cores = coresOf(normalized);
  for (const { core, family, bare } of cores) {
    if (family) for (const i of index.bySquashed.get(core) ?? []) if (!bare || i < BARE_AFFIX_RANK) add(i, 'affix', 0);
    for (const listed of index.byCore.get(core) ?? []) {
      if (index.names[listed.index] === normalized || ((bare || listed.bare) && listed.index >= BARE_AFFIX_RANK)) continue;
      // Without the "py" a listed name has ("serial" by "pyserial") is often the plain word it was named after.
      if (!family && listed.index >= FAR_MORE_POPULAR_RANK) continue;
      add(listed.index, family && family !== listed.family ? 'py-swap' : 'affix', 0);
    }
  }
  const collapsed = collapseDoubles(squashed);
  for (const i of [...(index.byCollapsed.get(collapsed) ?? []), ...(index.bySquashed.get(collapsed) ?? [])])
    if (squash(index.names[i]!) !== squashed) add(i, 'doubled-letter', 1);
  for (const form of pluralForms(squashed)) for (const i of index.bySquashed.get(form) ?? []) add(i, 'plural', 0);
  const order = wordOrderKey(normalized);
  for (const i of order ? (index.byWordOrder.get(order) ?? []) : []) add(i, 'word-order', 0);
  // A popular name and a word behind a Python affix ("pyhttpxhelp", "pythoncryptographypackage"); two names
  // behind one ("mockredispy") are how real projects wrap two libraries.
  const affixed = normalized.includes('-') ? [] : cores.filter((c) => c.family).map((c) => c.core);
  const behindAffix = affixed.flatMap((core) => findCombos(core, index.combos)).filter((combo) => combo.partner === null);
  for (const combo of [...findCombos(normalized, index.combos), ...behindAffix]) {
    if (combo.partner !== null) add(combo.target, 'combo-names', 0, { partner: combo.partner });
    else add(combo.target, combo.word ? 'combo-word' : 'combo-filler', 0, { filler: combo.filler! });
  }
}

/** Names within the allowed edits (a swap of neighbours counts one), after a letter-set pre-filter. */
function editMatches(normalized: string, squashed: string, index: TyposquatIndex, found: Map<number, unknown>, add: Add) {
  const short = squashed.length <= SHORT_NAME_LETTERS;
  const allowed = short ? 1 : maxDistanceFor(squashed.length);
  const letters = letterSet(squashed);
  const collapsed = collapseDoubles(squashed);
  for (let length = squashed.length - allowed; length <= squashed.length + allowed; length++) {
    for (const entry of index.byLength[length] ?? []) {
      if (found.has(entry.index)) continue;
      // Skip hopeless pairs before computing a distance (keeps a lookup well under a millisecond).
      if (bitCount(letters ^ entry.letters) > 2 * allowed) continue;
      if (length === squashed.length && isTransposition(squashed, entry.squashed)) {
        if (slipLooksTyped(squashed, entry.squashed, entry.index) && (!short || entry.index < NEIGHBOUR_RANK))
          add(entry.index, 'transposition', 1);
        continue;
      }
      if (short || distinctiveLength(squashed, entry.squashed) <= SHORT_NAME_LETTERS - 1) {
        // Short names, and "py" + a short word ("pymem", "pyvcd"): real neighbours sit one edit away everywhere.
        if (entry.index < NEIGHBOUR_RANK && shortSlip(squashed, entry.squashed)) add(entry.index, 'edit', 1);
        continue;
      }
      if (siblingWords(normalized, index.names[entry.index]!)) continue;
      const edits = boundedDistance(squashed, entry.squashed, allowed);
      if (edits === 1) {
        if (slipLooksTyped(squashed, entry.squashed, entry.index)) add(entry.index, 'edit', 1);
      } else if (allowed < 2 || entry.index >= TOP_NAME_RANK) {
        continue;
      } else if (edits === 2 && squashed[0] === entry.squashed[0]) {
        add(entry.index, 'edit', 2);
      } else if (edits > 2) {
        // A doubled letter on top of one slip ("requstsss"): one slip apart once runs are read as one letter.
        if (boundedDistance(collapsed, collapseDoubles(entry.squashed), 1) === 1) add(entry.index, 'edit', 2);
      }
    }
  }
}

const urlOf = (index: TyposquatIndex, i: number) => `https://pypi.org/project/${encodeURIComponent(index.names[i]!)}/`;
const describe = (index: TyposquatIndex, i: number) => ({
  name: index.names[i]!,
  downloads: index.downloads[i]!,
  rank: i + 1,
  url: urlOf(index, i),
});
