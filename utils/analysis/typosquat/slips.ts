// Slips of the keyboard: the listed names within the allowed edits of a name, after a letter-set pre-filter.
// Each is judged either typed (a candidate) or only close (a weak candidate): real projects are often named a
// letter away from a popular one where a name is chosen — its first or last letter, a version digit, another
// short word of a family — so there a slip is reported only beside a second signal (a new project).
import type { TyposquatKind } from '../../contract/report';
import { bitCount, boundedDistance, hasDigit, isTransposition, letterSet, neighbouringKeys, slipBetween } from './edits';
import {
  END_SLIP_RANK,
  FAR_MORE_POPULAR_RANK,
  INSERTION_LETTERS,
  maxDistanceFor,
  NEIGHBOUR_RANK,
  SHORT_NAME_LETTERS,
  SUBSTITUTION_LETTERS,
  TOP_NAME_RANK,
} from './limits';
import { collapseDoubles } from './shapes';

/** `weak`: a resemblance too common among real projects to report on its own. */
export type Add = (i: number, kind: TyposquatKind, distance: number, extra?: { partner?: number; filler?: string }, weak?: boolean) => void;
export type Found = Map<number, { weak: boolean }>;
export type LengthTable = { squashed: string; index: number; letters: number }[][];

/** A word of a hyphenated name this short is a code ("s3", "sts", "cu12"): another word there is a sibling project. */
const SIBLING_WORD_LETTERS = 3;
/** Two edits of a name outside the top 100 (weak): only from this many letters, where two slips are still a small part. */
export const WEAK_TWO_EDIT_LETTERS = 12;

/** Letters that sound alike, so a changed one is a spelling, not a neighbour's name ("pycripto", "pysbark"). */
const SOUND_ALIKE = new Set(['cs', 'sc', 'ck', 'kc', 'iy', 'yi', 'bp', 'pb', 'dt', 'td', 'gk', 'kg', 'fv', 'vf', 'sz', 'zs']);
const typedLetters = (pair: string) => neighbouringKeys(pair[0]!, pair[1]!) || SOUND_ALIKE.has(pair);

/** A slip judged: typed (a candidate), weak (kept for a second signal) or none (how real names differ). */
type Judgement = 'typed' | 'weak' | 'none';

/**
 * Hyphenated names that differ only in one word of a family: a version digit ("cupy-cuda11x") is another
 * project (none); another short word ("types-boto3-sts" by "…-s3") is weak. A letter dropped from a short word
 * ("p-cord" for "py-cord") is still a slip.
 */
function siblingWords(name: string, target: string): Judgement {
  const a = name.split('-');
  const b = target.split('-');
  if (a.length < 2 || a.length !== b.length) return 'typed';
  const differing = a.map((word, k) => k).filter((k) => a[k] !== b[k]);
  if (differing.length !== 1) return 'typed';
  const [mine, theirs] = [a[differing[0]!]!, b[differing[0]!]!];
  if (mine.replace(/[0-9]+/g, '') === theirs.replace(/[0-9]+/g, '')) return 'none';
  if (Math.min(mine.length, theirs.length) > SIBLING_WORD_LETTERS) return 'typed';
  return slipBetween(mine, theirs)?.type === 'delete' ? 'typed' : 'weak';
}

/**
 * Is one slip from the popular name what a typing mistake looks like? Real projects beside a popular name
 * differ where a name is chosen, not mistyped: an added first letter ("edlib" by "dlib"), a version digit
 * ("netifaces2"), a last letter ("paddlex"). A slip typing explains less well (a far key, a niche name) is weak.
 */
function judgeSlip(squashed: string, target: string, rank: number): Judgement {
  const slip = slipBetween(squashed, target);
  if (!slip) return 'typed'; // not a single slip (two edits): judged by the two-edit rule
  const end = slip.type === 'insert' ? slip.at >= target.length : slip.type !== 'transpose' && slip.at >= target.length - 1;
  if (hasDigit(slip.letters)) return rank < TOP_NAME_RANK ? 'typed' : end || slip.at === 0 ? 'none' : 'weak';
  if (slip.at === 0) {
    if (slip.type === 'insert') {
      if (slip.letters === target[0] && rank < FAR_MORE_POPULAR_RANK) return 'typed';
      return neighbouringKeys(slip.letters, target[0]!) ? 'weak' : 'none';
    }
    if (slip.type === 'substitute') return neighbouringKeys(slip.letters[0]!, slip.letters[1]!) && rank < TOP_NAME_RANK ? 'typed' : 'none';
    // A dropped first letter ("tfparse" by "rtfparse") makes another real name outside the top 1,000.
    if (slip.type === 'delete' && rank >= FAR_MORE_POPULAR_RANK) return 'weak';
    return 'typed';
  }
  if (end) {
    // A dropped last letter makes another word ("distribute", "para"); an added or changed one, a sibling.
    if (slip.type === 'delete' && rank >= FAR_MORE_POPULAR_RANK) return 'weak';
    return rank < END_SLIP_RANK ? 'typed' : 'none';
  }
  // Short names have real neighbours one changed or added letter away; only popular targets make that a slip.
  if (slip.type === 'substitute' && squashed.length <= SUBSTITUTION_LETTERS && rank >= NEIGHBOUR_RANK) return 'weak';
  if (slip.type === 'insert' && squashed.length <= INSERTION_LETTERS && rank >= NEIGHBOUR_RANK) return 'weak';
  // In a name of up to 8 letters outside the top 100, a changed letter is a typo when the keys touch or the
  // letters sound alike ("pycripto"); another changes the word ("cronitor", "djongo").
  if (slip.type === 'substitute' && squashed.length <= SUBSTITUTION_LETTERS && rank >= TOP_NAME_RANK && !typedLetters(slip.letters))
    return 'weak';
  // Outside the top 1,000 an added letter is a typo when it doubles or touches a neighbour on the keyboard.
  if (slip.type === 'insert' && rank >= FAR_MORE_POPULAR_RANK) {
    const [before, after] = [squashed[slip.at - 1], squashed[slip.at + 1]];
    const touches = (c: string | undefined) => !!c && (c === slip.letters || neighbouringKeys(c, slip.letters));
    if (!touches(before) && !touches(after)) return 'weak';
  }
  return 'typed';
}

/** Short names may only drop one letter of a longer, far more popular name ("kers" → keras; "sixx" is not six). */
function shortSlip(squashed: string, target: string): boolean {
  return target.length > SHORT_NAME_LETTERS && slipBetween(squashed, target)?.type === 'delete';
}

/** Weakly, a short name may also drop a letter of a four-letter one ("wb3" by web3) or hit a neighbouring key ("wdb3"). */
function shortWeakSlip(squashed: string, target: string): boolean {
  const slip = slipBetween(squashed, target);
  return slip?.type === 'delete' || (slip?.type === 'substitute' && neighbouringKeys(slip.letters[0]!, slip.letters[1]!));
}

/** The letters after a "py"/"python" prefix both names share: the part that tells them apart. */
function distinctiveLength(squashed: string, target: string): number {
  for (const prefix of ['python', 'py'])
    if (squashed.startsWith(prefix) && target.startsWith(prefix)) return squashed.length - prefix.length;
  return squashed.length;
}

/** Names within the allowed edits (a swap of neighbours counts one), after a letter-set pre-filter. */
export function editMatches(normalized: string, squashed: string, names: string[], byLength: LengthTable, found: Found, add: Add) {
  const short = squashed.length <= SHORT_NAME_LETTERS;
  const allowed = short ? 1 : maxDistanceFor(squashed.length);
  const letters = letterSet(squashed);
  const collapsed = collapseDoubles(squashed);
  for (let length = squashed.length - allowed; length <= squashed.length + allowed; length++) {
    for (const { squashed: target, index: i, letters: theirs } of byLength[length] ?? []) {
      if (found.get(i)?.weak === false) continue;
      // Skip hopeless pairs before computing a distance (keeps a lookup well under a millisecond).
      if (bitCount(letters ^ theirs) > 2 * allowed) continue;
      if (length === squashed.length && isTransposition(squashed, target)) {
        const judged = judgeSlip(squashed, target, i);
        if ((!short || i < NEIGHBOUR_RANK) && judged !== 'none') add(i, 'transposition', 1, {}, judged === 'weak');
        continue;
      }
      if (short || distinctiveLength(squashed, target) <= SHORT_NAME_LETTERS - 1) {
        // Short names, and "py" + a short word ("pymem", "pyvcd"): real neighbours sit one edit away everywhere.
        if (i >= NEIGHBOUR_RANK) continue;
        if (shortSlip(squashed, target)) add(i, 'edit', 1);
        else if (shortWeakSlip(squashed, target)) add(i, 'edit', 1, {}, true);
        continue;
      }
      const sibling = siblingWords(normalized, names[i]!);
      if (sibling === 'none') continue;
      const edits = boundedDistance(squashed, target, allowed);
      if (edits === 1) {
        const judged = sibling === 'weak' ? 'weak' : judgeSlip(squashed, target, i);
        if (judged !== 'none') add(i, 'edit', 1, {}, judged === 'weak');
      } else if (allowed < 2) {
        continue;
      } else if (edits === 2 && squashed[0] === target[0]) {
        const typed = i < TOP_NAME_RANK && sibling === 'typed';
        if (typed || squashed.length >= WEAK_TWO_EDIT_LETTERS) add(i, 'edit', 2, {}, !typed);
      } else if (edits > 2 && i < TOP_NAME_RANK) {
        // A doubled letter on top of one slip ("requstsss"): one slip apart once runs are read as one letter.
        if (boundedDistance(collapsed, collapseDoubles(target), 1) === 1) add(i, 'edit', 2);
      }
    }
  }
}
