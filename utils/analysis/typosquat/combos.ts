// Combosquats: a popular name joined with another popular name ("requests-pandas", "matplotlibflask")
// or with a filler word ("pygame-install", "print-django", "easyrequests"). Real projects are often
// named "<framework>-<library>" (django-redis, pytest-asyncio): a framework with many listed plugins is
// a namespace, and a name in it is an ordinary plugin, not a combosquat.
import { isFiller, pluralForms, squash } from './shapes';

/** The shape of one combosquat: the popular name it copies, and what it adds. */
/** `weak`: a shape thousands of real plugins share ("requests-wiki"), reported only beside a second signal. */
export type ComboMatch = { target: number; partner: number | null; filler: string | null; word?: boolean; weak: boolean };

export type ComboTables = {
  /** Squashed listed name → its rank index (the most downloaded of the names that squash alike). */
  firstBySquashed: Map<string, number>;
  /** First words of listed names that prefix at least NAMESPACE_MIN_NAMES other listed names ("django", "types"). */
  namespaces: Set<string>;
  /** "requests-" → how many listed names start so, "-requests" → end so (squashed words): a name's plugin family. */
  families: Map<string, number>;
};

/** Only names this popular are worth a combosquat: attackers borrow the names everyone installs. */
export const COMBO_TARGET_RANK = 3_000;
/**
 * Two names joined: both this popular. Real projects join a niche name to a popular one ("taskiq-fastapi",
 * "pint-xarray"); squats join two names everyone knows ("requests-pandas", "matplotlib-flask").
 */
export const COMBO_PAIR_RANK = 1_000;
/**
 * A top-100 name glued to any other word ("multiplerequests", "seleniumwebdriver"): real projects separate
 * such words ("requests-mock"), squats of the most installed names often do not.
 */
export const BARE_WORD_RANK = 100;
/**
 * A popular name plus any other word ("requests-wiki", "stripe-client", "seleniumwebdriver"): also how
 * thousands of real plugins are named, so a weak candidate, only against names this popular.
 */
export const WEAK_COMBO_RANK = 3_000;
/** The other word of a weak combo needs this many characters and a letter ("v3" in "discordpy-v3" counts). */
const MIN_WEAK_WORD = 2;
/** Glued to a word without a separator, a weak combo's name needs this many letters ("selenium", "qrcode"). */
const MIN_WEAK_GLUED_NAME = 6;
/** "pdf2image", "domain2idna": the "A to B" converter naming, a real project's shape, not a squat's. */
const CONVERTER = /[a-z]2[a-z]/;
/** The glued word needs this many letters: "aio", "geo" and "py" make real names (aioboto3, geopandas). */
const MIN_BARE_WORD = 4;
/** A listed word must have this many letters to count as a part (short names are parts of everything). */
export const MIN_COMBO_PART = 4;
/** A name without its version digit must keep this many letters ("json5" is not "json"). */
const MIN_VERSIONLESS = 6;
/** Fillers joined without a separator need this many letters ("os" inside a word means nothing). */
const MIN_BARE_FILLER = 3;
/** Words that a dozen listed names join to another listed name are a plugin namespace (django-redis, types-requests, opentelemetry-instrumentation-flask). */
export const NAMESPACE_MIN_NAMES = 12;

export function namespacesOf(names: string[], firstBySquashed: Map<string, number>): Set<string> {
  const counts = new Map<string, number>();
  for (const name of names) {
    if (!name.includes('-')) continue;
    const words = name.split('-');
    for (let k = 1; k < words.length; k++) {
      if (!firstBySquashed.has(words.slice(k).join(''))) continue;
      const prefix = words.slice(0, k).join('-');
      counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
  }
  return new Set([...counts].filter(([, n]) => n >= NAMESPACE_MIN_NAMES).map(([prefix]) => prefix));
}

/** How many listed names start with "<words>-" or end with "-<words>", for every such run of words. */
export function familiesOf(names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const name of names) {
    if (!name.includes('-')) continue;
    const words = name.split('-');
    for (let k = 1; k < words.length; k++) {
      count(`${words.slice(0, k).join('')}-`);
      count(`-${words.slice(k).join('')}`);
    }
  }
  return counts;
}

/** "beautifulsoup4", "pyqt5": a name is also known without its version digit, as the most popular name that has it. */
export function addVersionlessNames(names: string[], firstBySquashed: Map<string, number>) {
  for (let i = 0; i < names.length; i++) {
    const last = names[i]!.charCodeAt(names[i]!.length - 1);
    if (last < 48 || last > 57) continue; // no version digit at the end
    const bare = squash(names[i]!).replace(/[0-9]+$/, '');
    const known = firstBySquashed.get(bare);
    if (bare.length >= MIN_VERSIONLESS && bare !== squash(names[i]!) && (known === undefined || known > i)) firstBySquashed.set(bare, i);
  }
}

/** A listed name (or its plural/singular) for a part of the name, within `maxRank`. */
function listedPart(part: string, tables: ComboTables, maxRank: number): number | null {
  if (part.length < MIN_COMBO_PART) return null;
  for (const form of [part, ...pluralForms(part)]) {
    const i = tables.firstBySquashed.get(form);
    if (i !== undefined && i < maxRank) return i;
  }
  return null;
}

/** The two halves of a name: at each hyphen, and (for a name without one) at each letter. */
function splits(normalized: string): { left: string; right: string; bare: boolean }[] {
  const words = normalized.split('-');
  if (words.length > 1) {
    return words.slice(1).map((_, k) => ({ left: words.slice(0, k + 1).join('-'), right: words.slice(k + 1).join('-'), bare: false }));
  }
  const out = [];
  for (let i = MIN_BARE_FILLER; i <= normalized.length - MIN_BARE_FILLER; i++)
    out.push({ left: normalized.slice(0, i), right: normalized.slice(i), bare: true });
  return out;
}

export function findCombos(normalized: string, tables: ComboTables): ComboMatch[] {
  const found: ComboMatch[] = [];
  const word = (text: string) => text.length >= MIN_WEAK_WORD && /[a-z]/.test(text);
  for (const { left, right, bare } of splits(normalized)) {
    const fillerOk = (w: string) => isFiller(w) && (!bare || w.length >= MIN_BARE_FILLER);
    const l = listedPart(squash(left), tables, COMBO_TARGET_RANK);
    const r = listedPart(squash(right), tables, COMBO_TARGET_RANK);
    const plugin = tables.namespaces.has(left);
    if (l !== null && r !== null && !plugin) {
      const [target, partner] = l <= r ? [l, r] : [r, l];
      const strong = l < COMBO_PAIR_RANK && r < COMBO_PAIR_RANK;
      // One of the two outside the top 1,000 ("web3-requests"): weak, and only as a two-word name.
      if (strong || (!bare && !left.includes('-') && !right.includes('-'))) found.push({ target, partner, filler: null, weak: !strong });
    }
    if (l !== null && fillerOk(right)) found.push({ target: l, partner: null, filler: right, weak: false });
    if (r !== null && fillerOk(left)) found.push({ target: r, partner: null, filler: left, weak: false });
    if (!bare && !plugin) {
      // A popular name and one other word ("requests-wiki", "wiki-requests"): weak, as real plugins are named so,
      // and not for a name with a dozen listed "<name>-…" (or "…-<name>") plugins: there it names a plugin.
      const family = (key: string) => (tables.families.get(key) ?? 0) >= NAMESPACE_MIN_NAMES;
      if (l !== null && l < WEAK_COMBO_RANK && r === null && word(right) && !right.includes('-') && !family(`${squash(left)}-`))
        found.push({ target: l, partner: null, filler: right, word: true, weak: true });
      if (r !== null && r < WEAK_COMBO_RANK && l === null && word(left) && !left.includes('-') && !family(`-${squash(right)}`))
        found.push({ target: r, partner: null, filler: left, word: true, weak: true });
    }
    // Glued to any word, without a separator, a name spelled exactly ("httpxhelp"): only a top-100 one on its own.
    if (bare && !CONVERTER.test(normalized)) {
      const exactLeft = left.length >= MIN_COMBO_PART ? tables.firstBySquashed.get(left) : undefined;
      const exactRight = right.length >= MIN_COMBO_PART ? tables.firstBySquashed.get(right) : undefined;
      // Outside the top 100, a weak candidate, for a longer name of the top 1,000 ("seleniumwebdriver").
      const glued = (i: number | undefined, part: string): i is number =>
        i !== undefined && (i < BARE_WORD_RANK || (i < COMBO_PAIR_RANK && part.length >= MIN_WEAK_GLUED_NAME));
      if (glued(exactLeft, left) && right.length >= MIN_BARE_WORD)
        found.push({ target: exactLeft, partner: null, filler: right, word: true, weak: exactLeft >= BARE_WORD_RANK });
      if (glued(exactRight, right) && left.length >= MIN_BARE_WORD)
        found.push({ target: exactRight, partner: null, filler: left, word: true, weak: exactRight >= BARE_WORD_RANK });
    }
  }
  return found;
}
