import { describe, expect, it } from 'vitest';
import { levelRank, VERDICT_LEVELS, verdictWord, worstFirst } from '../../../../utils/contract/levels';
import type { VerdictLevel } from '../../../../utils/contract/report';

describe('level order', () => {
  it('ranks missing data between a note and a real concern', () => {
    expect([...VERDICT_LEVELS].sort((a, b) => levelRank(a) - levelRank(b))).toEqual(['good', 'info', 'unknown', 'caution', 'danger']);
  });
  it('sorts worst first, and a level it does not know last', () => {
    const levels: VerdictLevel[] = ['good', 'danger', 'later' as VerdictLevel, 'info', 'unknown', 'caution'];
    expect([...levels].sort(worstFirst)).toEqual(['danger', 'caution', 'unknown', 'info', 'good', 'later']);
  });
});

describe('verdict words', () => {
  it.each([
    ['good', 'Trusted'],
    ['info', 'Checked'],
    ['unknown', 'Unknown'],
    ['caution', 'Caution'],
    ['danger', 'Danger'],
  ] as const)('%s reads %s', (level, word) => {
    expect(verdictWord(level)).toBe(word);
  });
});
