// The repository-* rules and scorecard on recorded GitHub bodies and recorded PyPI project links.
import { describe, expect, it } from 'vitest';
import type { DepsDevProject, GithubRepo, RepositoryFacts } from '../../../../../utils/contract/report';
import { repositoryArchived } from '../../../../../utils/trust/rules/repository-archived';
import { repositoryClaimed } from '../../../../../utils/trust/rules/repository-claimed';
import { repositoryDisabled } from '../../../../../utils/trust/rules/repository-disabled';
import { repositoryFork } from '../../../../../utils/trust/rules/repository-fork';
import { repositoryMissing } from '../../../../../utils/trust/rules/repository-missing';
import { repositoryPopularity } from '../../../../../utils/trust/rules/repository-popularity';
import { repositoryStale } from '../../../../../utils/trust/rules/repository-stale';
import { scorecard } from '../../../../../utils/trust/rules/scorecard';
import type { Rule } from '../../../../../utils/trust/types';
import {
  AFNETWORKING_ARCHIVED,
  ENRICOMI_FORK,
  PYGITHUB,
  failed,
  githubRepoOf,
  inputFor,
  inputForRelease,
  ok,
  releasesOf,
  repositoryOfGithub,
  repositoryOfRelease,
} from '../facts';

const PYGITHUB_RECORDED = '2026-04-24T09:35:49Z'; // Date header of the recorded PyGithub response

function run(rule: Rule, repository: RepositoryFacts, now = PYGITHUB_RECORDED) {
  return rule.evaluate(inputFor('PyGithub', '2.8.1', '2.8.1', { repository: ok(repository) }), { now });
}
const levelsAndTitles = (findings: ReturnType<Rule['evaluate']>) => findings.map((f) => [f.level, f.title]);
const repo = (file: string, patch: Partial<GithubRepo> = {}) => repositoryOfGithub({ ...githubRepoOf(file), ...patch });

describe('repository-missing and repository-claimed on recorded project links', () => {
  it.each([
    // file, missing, claimed
    ['microsoft-0.0.1.json', [['caution', 'No source repository linked']], []],
    ['luigi.json', [], [['info', 'Repository link is claimed, not verified: https://github.com/spotify/luigi']]],
    ['octocheese.json', [], [['info', 'Repository link is claimed, not verified: https://github.com/domdfcoding/octocheese']]],
  ])('%s', (file, missing, claimed) => {
    const releases = releasesOf(file);
    const input = inputForRelease(releases, { repository: ok(repositoryOfRelease(releases)) });
    const ctx = { now: PYGITHUB_RECORDED };
    expect(levelsAndTitles(repositoryMissing.evaluate(input, ctx))).toEqual(missing);
    expect(levelsAndTitles(repositoryClaimed.evaluate(input, ctx))).toEqual(claimed);
  });

  it('explains what "verified" means, and a verified link is not reported', () => {
    const [finding] = run(repositoryClaimed, repo(PYGITHUB));
    expect(finding!.detail).toContain('Trusted Publishing');
    expect(finding!.detail).toContain('PYPI_PUBLISH_ATTESTATION');
    // synthetic: an attestation published from PyGithub/PyGithub verifies the link
    expect(run(repositoryClaimed, repositoryOfGithub(githubRepoOf(PYGITHUB), ['PyGithub/PyGithub']))).toEqual([]);
  });
});

describe('GitHub state rules', () => {
  it.each([
    // rule, recorded repo (+ synthetic patch), now, expected
    [
      'archived: AFNetworking',
      repositoryArchived,
      AFNETWORKING_ARCHIVED,
      {},
      [['caution', 'Repository AFNetworking/AFNetworking is archived']],
    ],
    ['archived: PyGithub is not', repositoryArchived, PYGITHUB, {}, []],
    [
      'disabled: synthetic PyGithub marked disabled',
      repositoryDisabled,
      PYGITHUB,
      { disabled: true },
      [['caution', 'Repository PyGithub/PyGithub is disabled on GitHub']],
    ],
    ['disabled: PyGithub is not', repositoryDisabled, PYGITHUB, {}, []],
    [
      'fork: EnricoMi/PyGithub',
      repositoryFork,
      ENRICOMI_FORK,
      {},
      [['info', 'Repository EnricoMi/PyGithub is a fork of PyGithub/PyGithub']],
    ],
    ['fork: PyGithub is not', repositoryFork, PYGITHUB, {}, []],
  ] as const)('%s', (_case, rule, file, patch, expected) => {
    expect(levelsAndTitles(run(rule, repo(file, patch)))).toEqual(expected);
  });

  it('the fork finding links both the fork and its parent', () => {
    const [finding] = run(repositoryFork, repo(ENRICOMI_FORK));
    expect(finding!.evidence.map((e) => e.url)).toEqual(['https://github.com/EnricoMi/PyGithub', 'https://github.com/PyGithub/PyGithub']);
  });

  it.each([
    // PyGithub's recorded last push: 2026-04-14T07:25:38Z
    ['PyGithub when recorded', PYGITHUB, {}, PYGITHUB_RECORDED, []],
    [
      'PyGithub 2 years and a day after its last push',
      PYGITHUB,
      {},
      '2028-04-14T08:00:00Z',
      [['caution', 'No push to PyGithub/PyGithub for 2 years']],
    ],
    // AFNetworking's last push was 2023-01-17, but archived already says it gets no changes
    ['AFNetworking (archived)', AFNETWORKING_ARCHIVED, {}, '2026-01-01T00:00:00Z', []],
    [
      'synthetic: AFNetworking unarchived',
      AFNETWORKING_ARCHIVED,
      { archived: false },
      '2026-01-01T00:00:00Z',
      [['caution', 'No push to AFNetworking/AFNetworking for 2 years']],
    ],
  ])('stale: %s', (_case, file, patch, now, expected) => {
    const findings = run(repositoryStale, repo(file, patch), now);
    expect(levelsAndTitles(findings)).toEqual(expected);
    if (expected.length > 0) expect(findings[0]!.detail).toMatch(/last push .* was on \d{4}-\d{2}-\d{2}/);
  });

  it('says nothing when GitHub could not be asked', () => {
    const facts = { ...repo(AFNETWORKING_ARCHIVED), github: failed('rate-limited', 'GitHub rate limit reached') };
    for (const rule of [repositoryArchived, repositoryDisabled, repositoryFork, repositoryStale]) expect(run(rule, facts)).toEqual([]);
  });
});

describe('repository-popularity', () => {
  it.each([
    ['PyGithub (7,701 stars), link claimed', repo(PYGITHUB), 'info', 'Repository has 7,701 stars and 1,874 forks'],
    [
      'synthetic: PyGithub verified by an attestation',
      repositoryOfGithub(githubRepoOf(PYGITHUB), ['PyGithub/PyGithub']),
      'good',
      'Widely watched repository (7,701 stars and 1,874 forks)',
    ],
    ['AFNetworking (33,331 stars), link claimed', repo(AFNETWORKING_ARCHIVED), 'info', 'Repository has 33,331 stars and 10,363 forks'],
    ['the EnricoMi fork (0 stars)', repo(ENRICOMI_FORK), 'info', 'Repository has 0 stars and 2 forks'],
  ])('%s', (_case, facts, level, title) => {
    expect(levelsAndTitles(run(repositoryPopularity, facts))).toEqual([[level, title]]);
  });

  it('warns that a popular but unverified repository may be borrowed (starjacking), never danger', () => {
    const [finding] = run(repositoryPopularity, repo(PYGITHUB));
    expect(finding!.detail).toContain('starjacking');
  });

  it('falls back to deps.dev stars when GitHub could not be asked (synthetic deps.dev project)', () => {
    const facts: RepositoryFacts = {
      ...repo(PYGITHUB),
      github: failed('rate-limited', 'GitHub rate limit reached'),
      depsDevProject: ok(syntheticDepsDev({ stars: 7701, forks: 1874 })),
    };
    const [finding] = run(repositoryPopularity, facts);
    expect(finding!.title).toBe('Repository has 7,701 stars and 1,874 forks');
    expect(finding!.detail).toContain('(deps.dev)');
    expect(finding!.evidence[0]!.url).toBe('https://deps.dev/project/github/pygithub%2Fpygithub');
  });
});

function syntheticDepsDev(patch: Partial<DepsDevProject> = {}): DepsDevProject {
  return {
    projectKey: 'github.com/pygithub/pygithub',
    stars: null,
    forks: null,
    openIssues: null,
    scorecard: null,
    url: 'https://deps.dev/project/github/pygithub%2Fpygithub',
    ...patch,
  };
}

describe('scorecard (no deps.dev response is recorded: synthetic Scorecards on the recorded PyGithub repo)', () => {
  const checks = [
    {
      name: 'Code-Review',
      score: 2,
      reason: 'Found 3/15 approved changesets',
      url: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#code-review',
    },
    {
      name: 'Fuzzing',
      score: 0,
      reason: 'project is not fuzzed',
      url: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#fuzzing',
    },
    { name: 'Maintained', score: 10, reason: '30 commits in the last 90 days', url: null },
    { name: 'Pinned-Dependencies', score: -1, reason: 'internal error', url: null },
    { name: 'License', score: 9, reason: 'license file detected', url: null },
  ];
  const withScore = (score: number, verifiedBy: string[] = []) => ({
    ...repositoryOfGithub(githubRepoOf(PYGITHUB), verifiedBy),
    depsDevProject: ok(syntheticDepsDev({ scorecard: { score, date: '2026-04-20T00:00:00Z', checks } })),
  });

  it.each([
    ['synthetic: 7.4, verified', withScore(7.4, ['PyGithub/PyGithub']), 'good'],
    ['synthetic: 7.4, link only claimed', withScore(7.4), 'info'],
    ['synthetic: 3.1, verified (low is never danger)', withScore(3.1, ['PyGithub/PyGithub']), 'info'],
  ])('%s', (_case, facts, level) => {
    const [finding, ...rest] = run(scorecard, facts);
    expect(rest).toEqual([]);
    expect(finding!.level).toBe(level);
  });

  it('names the weakest checks (not the inconclusive or perfect ones) and links them', () => {
    const [finding] = run(scorecard, withScore(5.2));
    expect(finding!.title).toBe('OpenSSF Scorecard 5.2 / 10');
    expect(finding!.detail).toContain('Weakest checks: Fuzzing 0/10 (project is not fuzzed); Code-Review 2/10');
    expect(finding!.detail).not.toContain('Pinned-Dependencies');
    expect(finding!.detail).not.toContain('Maintained');
    expect(finding!.evidence.map((e) => e.url)).toContain('https://github.com/ossf/scorecard/blob/main/docs/checks.md#fuzzing');
  });

  it('says nothing without a Scorecard', () => {
    expect(run(scorecard, repo(PYGITHUB))).toEqual([]);
  });
});
