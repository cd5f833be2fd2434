import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequiresDist } from '../../../../utils/lib/requires-dist';
import { readRecorded } from '../../../support/fixtures';

describe('parseRequiresDist', () => {
  it("reads every Requires-Dist line of apeye's recorded PyPI JSON, the old parenthesised form included", () => {
    const lines = (readRecorded('pypi.org/json/apeye.json') as { info: { requires_dist: string[] } }).info.requires_dist;
    const parsed = lines.map(parseRequiresDist);
    expect(parsed.every((p) => p !== null)).toBe(true);
    expect(parsed[4]).toMatchObject({
      name: 'cachecontrol',
      extras: ['filecache'],
      specifier: '>=0.12.6',
      marker: "extra == 'all'",
      onlyWithExtra: 'all',
    });
  });

  it('keeps a URL requirement by its name and refuses what is no requirement', () => {
    expect(parseRequiresDist('foo @ https://example.org/foo-1.0.whl ; python_version < "3.9"')).toMatchObject({
      normalizedName: 'foo',
      specifier: null,
      marker: 'python_version < "3.9"',
    });
    expect(parseRequiresDist('-e .')).toBeNull();
    expect(parseRequiresDist('')).toBeNull();
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => void parseRequiresDist(text)));
  });
});
