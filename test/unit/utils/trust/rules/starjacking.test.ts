// The starjacking rule on a link into a sub-folder that holds no build file: GitHub's facts from recorded answers
// (PyGithub/PyGithub, 7,701 stars; octokit-fixture-org/hello-world, 0 stars); the raw host's 404s are synthetic.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeStarjacking } from '../../../../../utils/analysis/starjacking';
import type { GithubRepo, RepositoryFacts, StarjackingFacts } from '../../../../../utils/contract/report';
import { normaliseGithubRepo } from '../../../../../utils/sources/github';
import { fetchBuildFiles } from '../../../../../utils/sources/github-raw';
import { starjacking } from '../../../../../utils/trust/rules/starjacking';
import { projectFixturePath, readRecorded } from '../../../../support/fixtures';
import { recordingHttp } from '../../sources/recorded-responses';
import { githubRepoOf, inputFor, ok, PYGITHUB, repositoryOfGithub } from '../facts';

const NOW = '2026-04-24T09:35:49Z'; // the recorded PyGithub answer's Date
const NOT_FOUND = () => new Response('404: Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
const octokitHelloWorld = (): GithubRepo => {
  const [exchange] = readRecorded('api.github.com/repos/octokit-fixture-org-hello-world.octokit-raw-fixture.json') as {
    response: unknown;
  }[];
  const normalised = normaliseGithubRepo(exchange!.response);
  if (!normalised.ok) throw new Error('octokit fixture did not normalise');
  return normalised.data;
};

/** The build files of `<repo>/tree/main/<subPath>` as fetched, judged for `packageName`. */
async function check(packageName: string, subPath: string, rootPyproject: string | null): Promise<StarjackingFacts> {
  const { http } = recordingHttp((call) =>
    rootPyproject !== null && /\/HEAD\/pyproject\.toml$/.test(call.url) ? new Response(rootPyproject) : NOT_FOUND(),
  );
  return judgeStarjacking({ packageName, files: await fetchBuildFiles(http, 'o', 'r', subPath), subPath });
}

function evaluate(repo: GithubRepo, subPath: string, facts: StarjackingFacts, attested: string[] = []) {
  const base = repositoryOfGithub(repo, attested);
  const repository: RepositoryFacts = { ...base, link: { ...base.link!, subPath }, starjacking: facts };
  return starjacking.evaluate(inputFor('fastgithub-tools', '0.1.0', '0.1.0', { repository: ok(repository) }), { now: NOW });
}

describe('starjacking: a link into a folder with no build file', () => {
  it('on a popular repository whose root does not confirm it either: a caution that names the folder', async () => {
    const facts = await check('fastgithub-tools', 'nonexistent', null);
    const [finding, ...more] = evaluate(githubRepoOf(PYGITHUB), 'nonexistent', facts);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      rule: 'starjacking',
      level: 'caution',
      title: 'Linked folder of pygithub/pygithub has no build file to confirm this package',
    });
    expect(finding!.detail).toContain('links nonexistent/ in pygithub/pygithub (7,701 stars), but nonexistent/ holds no build file');
    expect(finding!.evidence[0]).toEqual({ label: 'pygithub/pygithub on GitHub', url: 'https://github.com/pygithub/pygithub' });
  });

  it('nothing on a repository with few stars, or when provenance verifies the link', async () => {
    const facts = await check('fastgithub-tools', 'nonexistent', null);
    expect(octokitHelloWorld().stars).toBe(0);
    expect(evaluate(octokitHelloWorld(), 'nonexistent', facts)).toEqual([]);
    expect(evaluate(githubRepoOf(PYGITHUB), 'nonexistent', facts, ['PyGithub/PyGithub'])).toEqual([]);
  });

  it("the root's build file that names another package is the mismatch finding (it was 'could not confirm')", async () => {
    const facts = await check(
      'fastgithub-tools',
      'nonexistent',
      readFileSync(projectFixturePath('synthetic-repo-pyproject-poetry.toml'), 'utf8'),
    );
    const [finding] = evaluate(githubRepoOf(PYGITHUB), 'nonexistent', facts);
    expect(finding).toMatchObject({ level: 'caution', title: 'Linked repository builds example-poetry-package, not fastgithub-tools' });
    expect(finding!.evidence[0]!.url).toBe('https://github.com/o/r/blob/HEAD/pyproject.toml');
  });

  it('a sub-folder that exists but names no package is not this caution (a monorepo folder)', () => {
    const facts = judgeStarjacking({
      packageName: 'fastgithub-tools',
      subPath: 'libs/core',
      files: [
        {
          source: 'setup.py',
          path: 'libs/core/setup.py',
          text: readFileSync(projectFixturePath('synthetic-repo-setup-variable.py'), 'utf8'),
          error: null,
          htmlUrl: 'https://github.com/o/r/blob/HEAD/libs/core/setup.py',
        },
      ],
    });
    expect(facts.state).toBe('unconfirmed');
    expect(evaluate(githubRepoOf(PYGITHUB), 'libs/core', facts)).toEqual([]);
  });
});
