// How close is close enough: the edit allowances and the ranks each kind of resemblance is counted against.
// A resemblance inside these is a candidate on its own; one that only a discount below rules out is still
// kept as a weak candidate (slips.ts), which the typosquat rule reports only beside a second signal.

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
export const SUBSTITUTION_LETTERS = 8;
export const INSERTION_LETTERS = 6;

export function maxDistanceFor(length: number): number {
  let allowed = 0;
  for (const step of EDIT_DISTANCE_BY_LENGTH) if (length >= step.minLength) allowed = step.maxDistance;
  return allowed;
}
