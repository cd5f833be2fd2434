// viewed-outdated, viewed-yanked, young-project, release-cooldown and release-gap on recorded PyPI JSON.
import { describe, expect, it } from 'vitest';
import type { ReleaseFacts } from '../../../../../utils/contract/report';
import { releaseCooldown } from '../../../../../utils/trust/rules/release-cooldown';
import { releaseGap } from '../../../../../utils/trust/rules/release-gap';
import { viewedOutdated } from '../../../../../utils/trust/rules/viewed-outdated';
import { viewedYanked } from '../../../../../utils/trust/rules/viewed-yanked';
import { youngProject } from '../../../../../utils/trust/rules/young-project';
import type { Rule } from '../../../../../utils/trust/types';
import { failed, inputFor, inputForRelease, releasesOf } from '../facts';

const LUIGI_RECORDED = '2025-03-05T00:00:00Z'; // the dependabot commit that recorded luigi.json

function run(rule: Rule, releases: ReleaseFacts, now = LUIGI_RECORDED) {
  return rule.evaluate(inputForRelease(releases), { now });
}
const levelsAndTitles = (findings: ReturnType<Rule['evaluate']>) => findings.map((f) => [f.level, f.title]);

describe('viewed-outdated', () => {
  it.each([
    ['luigi latest (3.6.0)', () => releasesOf('luigi.json'), []],
    [
      'luigi 3.5.2',
      () => releasesOf('luigi.json', undefined, '3.5.2'),
      [['info', '3.5.2 is not the latest release: 3.6.0 is (1 newer release)']],
    ],
    [
      'luigi 3.0.0b2 (pre-release, finals after it)',
      () => releasesOf('luigi.json', undefined, '3.0.0b2'),
      [['info', expect.stringContaining('3.0.0b2 is not the latest release: 3.6.0')]],
    ],
    // PEP 440: 0.1.2 > 0.1.1 > 0.0.1, and the two file-less releases are skipped as "latest"
    [
      'microsoft 0.1.1',
      () => releasesOf('microsoft-0.0.1.json', undefined, '0.1.1'),
      [['info', '0.1.1 is not the latest release: 0.1.2 is (1 newer release)']],
    ],
  ])('%s', (_case, facts, expected) => {
    expect(levelsAndTitles(run(viewedOutdated, facts()))).toEqual(expected);
  });

  it('a pre-release above the latest final is info (synthetic: luigi 3.7.0rc1 viewed, latest still 3.6.0)', () => {
    const luigi = releasesOf('luigi.json');
    const synthetic = { ...luigi, viewedVersion: '3.7.0rc1' };
    expect(levelsAndTitles(run(viewedOutdated, synthetic))).toEqual([
      ['info', '3.7.0rc1 is a pre-release; the latest final release is 3.6.0'],
    ]);
  });

  it('says nothing when releases could not be checked', () => {
    expect(
      viewedOutdated.evaluate(inputFor('luigi', '3.5.2', null, { releases: failed('offline', 'no network') }), { now: LUIGI_RECORDED }),
    ).toEqual([]);
  });
});

describe('viewed-yanked', () => {
  it('black 21.11b0 is yanked: caution with the recorded reason', () => {
    const black = releasesOf('black.trimmed.json', 'black-21.11b0.yanked.json', '21.11b0');
    const [finding, ...rest] = run(viewedYanked, black);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'caution', title: '21.11b0 was yanked' });
    expect(finding!.detail).toContain('Broken regex dependency. Use 21.11b1 instead.');
    expect(finding!.evidence).toEqual([{ label: '21.11b0 on PyPI', url: 'https://pypi.org/project/black/21.11b0/' }]);
  });

  it.each([
    ['black 19.10b0 (not yanked)', () => releasesOf('black.trimmed.json', undefined, '19.10b0')],
    ['luigi 3.6.0', () => releasesOf('luigi.json')],
  ])('%s → nothing', (_case, facts) => {
    expect(run(viewedYanked, facts())).toEqual([]);
  });
});

describe('young-project', () => {
  const octocheese = () => releasesOf('octocheese.json');
  it.each([
    // octocheese's recorded first upload is 2020-06-26T21:21Z; "now" is the day we pretend to look
    ['octocheese seen 10 days after its first upload', '2020-07-06T22:00:00Z', [['caution', 'New project: first release 10 days ago']]],
    ['octocheese seen 31 days after its first upload', '2020-07-27T22:00:00Z', []],
    ['octocheese at recording time (9 releases since 2020)', '2026-02-18T23:38:15Z', []],
  ])('%s', (_case, now, expected) => {
    expect(levelsAndTitles(run(youngProject, octocheese(), now))).toEqual(expected);
  });

  it('a project with one release ever is info (synthetic: luigi cut down to its first release)', () => {
    const luigi = releasesOf('luigi.json');
    const synthetic = { ...luigi, releases: luigi.releases.slice(0, 1), releaseCount: 1 };
    expect(levelsAndTitles(run(youngProject, synthetic))).toEqual([['info', 'Only one release ever']]);
  });
});

describe('release-cooldown', () => {
  // aiohttp 3.12.15's first file was uploaded 2025-07-29T05:49:43Z (recorded)
  const aiohttp = () => releasesOf('aiohttp-3.12.15.json', 'aiohttp-3.12.15.json', '3.12.15');
  it.each([
    ['5 hours after upload', '2025-07-29T10:50:00Z', [['caution', '3.12.15 was published 5 hours ago']]],
    ['47 hours after upload', '2025-07-31T05:00:00Z', [['caution', '3.12.15 was published 47 hours ago']]],
    ['2½ days after upload', '2025-07-31T18:00:00Z', [['caution', '3.12.15 was published 2 days ago']]],
    ['72 hours after upload', '2025-08-01T05:49:44Z', []],
    ['months later', '2026-03-01T00:00:00Z', []],
  ])('aiohttp 3.12.15 seen %s', (_case, now, expected) => {
    expect(levelsAndTitles(run(releaseCooldown, aiohttp(), now))).toEqual(expected);
  });

  it('says why to wait', () => {
    const [finding] = run(releaseCooldown, aiohttp(), '2025-07-29T10:50:00Z');
    expect(finding!.detail).toContain('most malicious releases are caught within days; consider waiting');
  });
});

describe('release-gap', () => {
  it('microsoft 0.1.2 came 874 days after 0.1.1: caution with both dates', () => {
    const [finding, ...rest] = run(releaseGap, releasesOf('microsoft-0.0.1.json', undefined, '0.1.2'));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ level: 'caution', title: '0.1.2 came after 2 years without a release' });
    expect(finding!.detail).toContain('2019-03-05'); // 0.1.1's upload
    expect(finding!.detail).toContain('2021-07-27'); // 0.1.2's upload
  });

  it.each([
    ['luigi 3.1.0 (431 days after 3.0.3: under two years)', () => releasesOf('luigi.json', undefined, '3.1.0')],
    ['luigi 3.6.0', () => releasesOf('luigi.json')],
    ['microsoft 0.1.1 (its first release with files)', () => releasesOf('microsoft-0.0.1.json', undefined, '0.1.1')],
  ])('%s → nothing', (_case, facts) => {
    expect(run(releaseGap, facts())).toEqual([]);
  });
});
