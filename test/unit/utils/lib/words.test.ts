import { describe, expect, it } from 'vitest';
import { plural } from '../../../../utils/lib/words';

describe('plural', () => {
  it.each([
    [0, 'file', undefined, '0 files'],
    [1, 'file', undefined, '1 file'],
    [2, 'advisory', 'advisories', '2 advisories'],
    [1, 'advisory', 'advisories', '1 advisory'],
    [12_345, 'star', undefined, '12,345 stars'],
  ])('%s %s → %s', (count, one, many, text) => {
    expect(plural(count, one, many)).toBe(text);
  });
});
