// judge() and the verdict on whole recorded packages: the examples the issue names.
import { describe, expect, it } from 'vitest';
import type { Finding, Level } from '../../../../utils/contract/report';
import { verdictWord } from '../../../../utils/contract/levels';
import { judge, verdict } from '../../../../utils/trust';
import {
  MAL_0REQUESTS,
  PYPI_ATTESTATIONS_SDIST,
  disabled,
  failed,
  fileProvenanceOf,
  inputFor,
  inputForRelease,
  ok,
  osvAdvisoryOf,
  provenanceFactsOf,
  pypiAdvisoriesOf,
  releasesOf,
  repositoryOfRelease,
} from './facts';

const LUIGI_RECORDED = { now: '2025-03-05T00:00:00Z' };

describe('recorded packages', () => {
  it('luigi latest: no danger, no caution; provenance was not recorded so it is named as not checked', () => {
    const luigi = releasesOf('luigi.json');
    const input = inputForRelease(luigi, { repository: ok(repositoryOfRelease(luigi, disabled)), advisories: ok(pypiAdvisoriesOf(luigi)) });
    const { findings, verdict: v } = judge(input, LUIGI_RECORDED);
    expect(findings.filter((f) => f.level === 'danger' || f.level === 'caution')).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual(['repository-claimed']); // spotify/luigi is linked, not verified
    expect(v).toEqual({ level: 'info', headline: 'No problems found in what could be checked (not checked: provenance)' });
  });

  it('aiohttp 3.12.15: caution, "upgrade to ≥ 3.13.3"', () => {
    const aiohttp = releasesOf('aiohttp-3.12.15.json', 'aiohttp-3.12.15.json', '3.12.15');
    const input = inputForRelease(aiohttp, {
      repository: ok(repositoryOfRelease(aiohttp, disabled)),
      advisories: ok(pypiAdvisoriesOf(aiohttp)),
    });
    const { findings, verdict: v } = judge(input, { now: '2026-03-01T00:00:00Z' });
    expect(findings[0]!.rule).toBe('advisory-viewed');
    expect(v.level).toBe('caution');
    expect(v.headline).toBe('Caution: 8 advisories affect 3.12.15 — upgrade to ≥ 3.13.3 (not checked: provenance)');
  });

  it("aiohttp 3.12.15 with OSV down: PyPI's feed still gives the caution, and the verdict names OSV as not checked", () => {
    const aiohttp = releasesOf('aiohttp-3.12.15.json', 'aiohttp-3.12.15.json', '3.12.15');
    const fromFeed = {
      ...pypiAdvisoriesOf(aiohttp),
      osv: { state: 'error' as const, kind: 'upstream' as const, message: 'api.osv.dev answered 503' },
    };
    const input = inputForRelease(aiohttp, { repository: ok(repositoryOfRelease(aiohttp, disabled)), advisories: ok(fromFeed) });
    const { verdict: v } = judge(input, { now: '2026-03-01T00:00:00Z' });
    expect(v.headline).toBe('Caution: 8 advisories affect 3.12.15 — upgrade to ≥ 3.13.3 (not checked: provenance, advisories in OSV)');
  });

  it("GitHub or OSV's other-release records not answering is named too, not hidden behind the sections that loaded", () => {
    const luigi = releasesOf('luigi.json');
    const githubDown = failed('upstream', 'api.github.com answered 503');
    const repository = { ...repositoryOfRelease(luigi, disabled), github: githubDown };
    const history = { ...pypiAdvisoriesOf(luigi), otherVersions: { state: 'error' as const, message: 'api.osv.dev answered 503' } };
    const input = inputForRelease(luigi, { repository: ok(repository), advisories: ok(history) });
    expect(judge(input, LUIGI_RECORDED).verdict.headline).toBe(
      'No problems found in what could be checked (not checked: provenance, GitHub, other releases in OSV)',
    );
  });

  it('luigi with OSV down and nothing in PyPI\'s feed: never "no problems found" without saying OSV was not asked', () => {
    const luigi = releasesOf('luigi.json');
    const fromFeed = {
      ...pypiAdvisoriesOf(luigi),
      osv: { state: 'error' as const, kind: 'upstream' as const, message: 'api.osv.dev answered 503' },
    };
    const input = inputForRelease(luigi, { repository: ok(repositoryOfRelease(luigi, disabled)), advisories: ok(fromFeed) });
    expect(judge(input, LUIGI_RECORDED).verdict).toEqual({
      level: 'info',
      headline: 'No problems found in what could be checked (not checked: provenance, advisories in OSV)',
    });
  });

  it('0requests (MAL-2026-15859), gone from PyPI: danger names the MAL- id even without release data', () => {
    const input = inputFor('0requests', '0.0.1', null, {
      releases: failed('not-found', '0requests was not found on PyPI'),
      advisories: ok({
        viewedVersion: '0.0.1',
        latestVersion: null,
        advisories: [osvAdvisoryOf(MAL_0REQUESTS, '0requests', '0.0.1', null)],
      }),
    });
    const { verdict: v } = judge(input, LUIGI_RECORDED);
    expect(v.level).toBe('danger');
    expect(v.headline).toBe('Danger: known malicious package (MAL-2026-15859) (not checked: releases, repository, provenance)');
  });

  it('black 21.11b0: caution, the yank leads the headline', () => {
    const black = releasesOf('black.trimmed.json', 'black-21.11b0.yanked.json', '21.11b0');
    const input = inputForRelease(black, { repository: ok(repositoryOfRelease(black, disabled)), advisories: ok(pypiAdvisoriesOf(black)) });
    const { findings, verdict: v } = judge(input, { now: '2022-08-21T00:00:00Z' });
    // poetry trimmed black.json to 19.10b0 and 21.11b0, so the recorded history also shows a two-year gap
    expect(findings.filter((f) => f.level === 'caution').map((f) => f.rule)).toEqual(['viewed-yanked', 'release-gap']);
    expect(v.headline).toBe('Caution: 21.11b0 was yanked (+1 more; not checked: provenance)');
  });

  it('pypi-attestations 0.0.19 with everything checked and only good news → Trusted', () => {
    const sdist = fileProvenanceOf(
      'pypi.org/integrity/pypi-attestations-0.0.19-sdist.provenance.json',
      'pypi-attestations',
      '0.0.19',
      PYPI_ATTESTATIONS_SDIST,
    );
    const provenance = ok(provenanceFactsOf('pypi-attestations', '0.0.19', [sdist]));
    // synthetic: no PyPI JSON of pypi-attestations is recorded, so releases and advisories are empty shells
    const input = inputFor('pypi-attestations', '0.0.19', '0.0.19', {
      releases: ok({
        ...releasesOf('luigi.json'),
        projectUrl: 'https://pypi.org/project/pypi-attestations/',
        viewed: null,
        releaseCount: 20,
        latestVersion: '0.0.19',
        viewedVersion: '0.0.19',
      }),
      advisories: ok({ viewedVersion: '0.0.19', latestVersion: '0.0.19', advisories: [] }),
      repository: ok({
        ...repositoryOfRelease(
          {
            ...releasesOf('luigi.json'),
            projectLinks: [{ label: 'Source', url: 'https://github.com/trailofbits/pypi-attestations' }],
            homePage: null,
          },
          null,
          ['trailofbits/pypi-attestations'],
        ),
      }),
      provenance,
    });
    const { findings, verdict: v } = judge(input, LUIGI_RECORDED);
    expect(findings.map((f) => [f.rule, f.level])).toEqual([['provenance', 'good']]);
    expect(v.level).toBe('good');
    expect(verdictWord(v.level)).toBe('Trusted');
  });
});

describe('verdict', () => {
  const luigi = releasesOf('luigi.json');
  const allChecked = inputForRelease(luigi, {
    repository: ok(repositoryOfRelease(luigi, null)),
    advisories: ok(pypiAdvisoriesOf(luigi)),
    provenance: ok(provenanceFactsOf('luigi', '3.6.0', [])),
  });
  const f = (level: Level, title: string): Finding => ({
    rule: 'test',
    level,
    title,
    detail: '',
    evidence: [{ label: 'x', url: 'https://pypi.org/project/luigi/' }],
  });

  it.each([
    ['no findings', [], 'good', 'No problems found in releases, advisories, repository and provenance'],
    ['one good', [f('good', 'A')], 'good', 'No problems found in releases, advisories, repository and provenance'],
    ['two info, one good', [f('info', 'A'), f('good', 'B'), f('info', 'C')], 'info', 'No problems found (2 notes)'],
    [
      'two caution',
      [f('caution', 'Repository is archived'), f('caution', 'Other')],
      'caution',
      'Caution: repository is archived (+1 more)',
    ],
    [
      'danger and caution',
      [f('danger', 'PyPI has quarantined this project'), f('caution', 'x')],
      'danger',
      'Danger: PyPI has quarantined this project',
    ],
  ] as const)('all sections checked, %s → %s', (_case, findings, level, headline) => {
    expect(verdict(allChecked, [...findings])).toEqual({ level, headline });
  });
  it.each([
    [
      'advisories timed out',
      { advisories: failed('timeout', 'OSV timed out') },
      [],
      'info',
      'No problems found in what could be checked (not checked: advisories)',
    ],
    [
      'repository and provenance off',
      { provenance: disabled, repository: disabled },
      [f('good', 'A')],
      'info',
      'No problems found in what could be checked (not checked: repository, provenance)',
    ],
    [
      'releases offline, one note',
      { releases: failed('offline', 'no network') },
      [f('info', 'A')],
      'unknown',
      'Unknown: could not load the release data from PyPI (offline: no network) (not checked: releases)',
    ],
    [
      'releases offline, one caution',
      { releases: failed('offline', 'no network') },
      [f('caution', 'Repository is archived')],
      'caution',
      'Caution: repository is archived (not checked: releases)',
    ],
  ])('%s: never "good", says what was not checked', (_case, patch, findings, level, headline) => {
    expect(verdict({ ...allChecked, ...patch }, findings)).toEqual({ level, headline });
  });

  it.each([
    ['good', 'Trusted'],
    ['info', 'Checked'],
    ['caution', 'Caution'],
    ['danger', 'Danger'],
    ['unknown', 'Unknown'],
  ] as const)('verdictWord(%s) = %s', (level, word) => {
    expect(verdictWord(level)).toBe(word);
  });

  it('judge sorts findings danger → caution → info → good', () => {
    const microsoft = releasesOf('microsoft-0.0.1.json', undefined, '0.1.1');
    const input = inputForRelease(microsoft, { repository: ok(repositoryOfRelease(microsoft)) });
    const { findings } = judge(input, { now: '2021-08-05T00:00:00Z' });
    expect(findings.map((x) => [x.rule, x.level])).toEqual([
      ['repository-missing', 'caution'],
      ['viewed-outdated', 'info'],
    ]);
  });
});
