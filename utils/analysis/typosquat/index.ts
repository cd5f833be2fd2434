// Typosquat detection: does a package name resemble one of the most-downloaded names without being it?
// Pure and synchronous. The index is built once per list (in the background) so that one lookup only
// touches map keys and the names of nearly the same length: well under a millisecond for 15,000 names.
// The shapes (shapes.ts), the edit distance and its pre-filter (edits.ts), the slips (slips.ts), the
// combosquats (combos.ts) and the ranks each is counted against (limits.ts) live beside this file; this one
// holds the index and the order in which the kinds are tried.
import type { TopPackages, TyposquatCandidate, TyposquatFacts, TyposquatKind } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import { addVersionlessNames, type ComboTables, familiesOf, findCombos, namespacesOf } from './combos';
import { letterSet } from './edits';
import { BARE_AFFIX_RANK, FAR_MORE_POPULAR_RANK, MAX_CANDIDATES, NEIGHBOUR_RANK, SHORT_NAME_LETTERS } from './limits';
import { type Add, editMatches } from './slips';
import { anagramKey, collapseDoubles, coresOf, MIN_ANAGRAM_LETTERS, pluralForms, skeletonOf, squash, wordOrderKey } from './shapes';

export { isTransposition, letterSet } from './edits';
export { FILLER_WORDS } from './shapes';
export { BARE_WORD_RANK, COMBO_PAIR_RANK, COMBO_TARGET_RANK, NAMESPACE_MIN_NAMES, WEAK_COMBO_RANK } from './combos';
export * from './limits';
export { WEAK_TWO_EDIT_LETTERS } from './slips';

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
    combos: { firstBySquashed: new Map(), namespaces: new Set(), families: new Map() },
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
  tables.combos.families = familiesOf(names);
  addVersionlessNames(names, tables.combos.firstBySquashed);
  return tables;
}

type Match = { kind: TyposquatKind; distance: number; partner?: number; filler?: string; weak: boolean };

/** Checks one name against the list. A listed name is never a typosquat: it is itself popular. */
export function checkTyposquat(name: string, index: TyposquatIndex): TyposquatFacts {
  const normalized = normalizePackageName(name);
  const rank = index.rankOf.get(normalized);
  if (rank !== undefined) return { listed: true, rank: rank + 1, candidates: [] };

  const squashed = squash(normalized);
  const short = squashed.length <= SHORT_NAME_LETTERS;
  const found = new Map<number, Match>();
  // Strongest kind first: a later, weaker kind never replaces an earlier one, but any candidate replaces a weak
  // one. Short names only meet far more popular ones.
  const add: Add = (i, kind, distance, extra = {}, weak = false) => {
    if (short && i >= NEIGHBOUR_RANK) return;
    const had = found.get(i);
    if (!had || (had.weak && !weak)) found.set(i, { kind, distance, ...extra, weak });
  };
  for (const i of index.bySquashed.get(squashed) ?? []) add(i, 'separators', 0);
  const skeleton = skeletonOf(squashed);
  for (const i of [...(index.bySkeleton.get(skeleton) ?? []), ...(skeleton === squashed ? [] : (index.bySquashed.get(skeleton) ?? []))])
    add(i, 'look-alike', 0);
  if (!short) shapeMatches(normalized, squashed, index, add);
  editMatches(normalized, squashed, index.names, index.byLength, found, add);
  // Syllables moved ("matlibplot"): the same letters in another order, once no single slip explains it.
  if (squashed.length >= MIN_ANAGRAM_LETTERS) {
    for (const i of index.byAnagram.get(anagramKey(squashed)) ?? []) if (i < FAR_MORE_POPULAR_RANK) add(i, 'word-order', 0);
  }

  const ranked = [...found.entries()].sort(([a], [b]) => index.downloads[b]! - index.downloads[a]! || a - b);
  const listOf = (weak: boolean) =>
    ranked
      .filter(([, match]) => match.weak === weak)
      .slice(0, MAX_CANDIDATES)
      .map(([i, match]) => candidateOf(index, i, match));
  const weak = listOf(true);
  return { listed: false, rank: null, candidates: listOf(false), ...(weak.length > 0 ? { weak } : {}) };
}

function candidateOf(index: TyposquatIndex, i: number, match: Match): TyposquatCandidate {
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
}

/** Whole-name shapes: affixes, py ↔ python, plural, doubled letters, word order, combosquats. */
function shapeMatches(normalized: string, squashed: string, index: TyposquatIndex, add: Add) {
  const cores = coresOf(normalized);
  for (const { core, family, bare } of cores) {
    // "pyfoo" for a "foo" outside the top 5,000 is weak: many real names start with "py" by chance.
    if (family) for (const i of index.bySquashed.get(core) ?? []) add(i, 'affix', 0, {}, bare && i >= BARE_AFFIX_RANK);
    for (const listed of index.byCore.get(core) ?? []) {
      if (index.names[listed.index] === normalized) continue;
      const rare = (bare || listed.bare) && listed.index >= BARE_AFFIX_RANK;
      // Without the "py" a listed name has ("serial" by "pyserial") is often the plain word it was named after.
      const plainWord = !family && listed.index >= FAR_MORE_POPULAR_RANK;
      add(listed.index, family && family !== listed.family ? 'py-swap' : 'affix', 0, {}, rare || plainWord);
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
    if (combo.partner !== null) add(combo.target, 'combo-names', 0, { partner: combo.partner }, combo.weak);
    else add(combo.target, combo.word ? 'combo-word' : 'combo-filler', 0, { filler: combo.filler! }, combo.weak);
  }
}

const urlOf = (index: TyposquatIndex, i: number) => `https://pypi.org/project/${encodeURIComponent(index.names[i]!)}/`;
const describe = (index: TyposquatIndex, i: number) => ({
  name: index.names[i]!,
  downloads: index.downloads[i]!,
  rank: i + 1,
  url: urlOf(index, i),
});
