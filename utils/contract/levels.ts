// The verdict's words and the order of levels: a rule's headline, the badge, the panel and the rules
// page all show them, so they are written once, here.
import type { VerdictLevel } from './report';

/** Best first. 'unknown' sits between info and caution: a real concern outranks missing data. */
export const VERDICT_LEVELS: readonly VerdictLevel[] = ['good', 'info', 'unknown', 'caution', 'danger'];

const RANK: Partial<Record<string, number>> = Object.fromEntries(VERDICT_LEVELS.map((level, i) => [level, i]));

/** Higher is worse. */
export function levelRank(level: VerdictLevel): number {
  return RANK[level]!;
}

/** A sort() comparator, worst first; a level this version does not know sorts last. */
export function worstFirst(a: VerdictLevel, b: VerdictLevel): number {
  return (RANK[b] ?? -1) - (RANK[a] ?? -1);
}

/** The verdict's word: headlines, the badge, the panel header and the rules page say the same thing. */
export const VERDICT_WORDS: Record<VerdictLevel, string> = {
  good: 'Trusted',
  info: 'Checked',
  caution: 'Caution',
  danger: 'Danger',
  unknown: 'Unknown',
};

export function verdictWord(level: VerdictLevel): string {
  return VERDICT_WORDS[level];
}
