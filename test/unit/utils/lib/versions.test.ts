// sortVersions parses each version once (npm run bench, "big project"): it must give exactly the
// order of the pairwise PEP 440 comparison it replaced, on recorded version lists and on generated ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, sortVersions } from '../../../../utils/lib/versions';
import { readRecorded } from '../../../support/fixtures';

const pairwise = (versions: string[]) => [...versions].sort(compareVersions);

describe('sortVersions equals the pairwise PEP 440 sort', () => {
  it.each(['coverage.json', 'numpy-1.20.3.json', 'luigi.json', 'apeye.json', 'octocheese.json'])('recorded releases of %s', (file) => {
    const versions = Object.keys((readRecorded(`pypi.org/json/${file}`) as { releases: Record<string, unknown> }).releases);
    expect(versions.length).toBeGreaterThan(5);
    expect(sortVersions(versions)).toEqual(pairwise(versions));
  });

  it.each(['django.json', 'requests.json', 'urllib3.json'])('recorded Simple index versions of %s', (file) => {
    const versions = (readRecorded(`pypi.org/simple/${file}`) as { versions: string[] }).versions;
    expect(sortVersions([...versions].reverse())).toEqual(pairwise([...versions].reverse()));
  });

  it('the corner cases of PEP 440 ordering, and text that is not a version', () => {
    const versions = [
      '1.0', '1.0.0', '1.0.post1', '1.0.dev1', '1.0a1', '1.0a1.dev2', '1.0a1.post1', '1.0rc1', '1.0c2', '1.0b1.post1.dev1',
      '1!0.1', '1.0+local.7', '1.0+local.abc', '1.0+1', '1.0+abc.1', '2.0-1', 'v2.0', 'not a version', 'zzz', '', '0.0.0.0.1',
      '1.0.0+local', 'random junk 1', '1.0a', '1.0alpha1', '1.0.RC1',
    ];
    expect(sortVersions(versions)).toEqual(pairwise(versions));
  });

  it('property: any mix of generated versions', () => {
    const part = fc.integer({ min: 0, max: 12 });
    const version = fc
      .tuple(
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc', 'alpha', 'c', 'pre'), part), { nil: undefined }),
        fc.option(part, { nil: undefined }),
        fc.option(part, { nil: undefined }),
        fc.option(fc.constantFrom('local', '1', 'abc.2', '7.x'), { nil: undefined }),
      )
      .map(([epoch, release, pre, post, dev, local]) =>
        `${epoch ? `${epoch}!` : ''}${release.join('.')}${pre ? `${pre[0]}${pre[1]}` : ''}` +
        `${post !== undefined ? `.post${post}` : ''}${dev !== undefined ? `.dev${dev}` : ''}${local ? `+${local}` : ''}`,
      );
    fc.assert(
      fc.property(fc.array(fc.oneof(version, fc.string({ maxLength: 6 })), { maxLength: 40 }), (versions) => {
        expect(sortVersions(versions)).toEqual(pairwise(versions));
      }),
      { numRuns: 300 },
    );
  });
});
