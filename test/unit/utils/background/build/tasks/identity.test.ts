// The identity checks inside a whole report (buildReport with the background's identity deps) and the
// typosquat / starjacking rules on their facts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOwnershipMemory } from '../../../../../../utils/background/ownership-memory';
import { createTopListLoader } from '../../../../../../utils/background/top-list';
import { buildTyposquatIndex, checkTyposquat } from '../../../../../../utils/analysis/typosquat';
import { judgeStarjacking } from '../../../../../../utils/analysis/starjacking';
import { buildReport } from '../../../../../../utils/background/build';
import type { IdentityFacts, RepositoryFacts, Section } from '../../../../../../utils/contract/report';
import { DEFAULT_SETTINGS } from '../../../../../../utils/contract/settings';
import { normaliseTopPackages, TOP_PACKAGES_URL } from '../../../../../../utils/sources/top-packages';
import { starjacking } from '../../../../../../utils/trust/rules/starjacking';
import { typosquat } from '../../../../../../utils/trust/rules/typosquat';
import type { TrustInput } from '../../../../../../utils/trust/types';
import { projectFixturePath, readRecorded, readRecordedText } from '../../../../../support/fixtures';
import { jsonResponse, recordedResponse, recordingHttp } from '../../../sources/recorded-responses';

const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!;
const index = buildTyposquatIndex(top);

function memoryArea() {
  const data: Record<string, unknown> = {};
  return {
    get: async (key: string | string[] | null) => (typeof key === 'string' && key in data ? { [key]: data[key] } : {}),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
    remove: async () => undefined,
  };
}

describe('buildReport with identity checks', () => {
  it('octocheese: not a look-alike, owners remembered, repository build files "could not confirm"', async () => {
    const { http, calls, clock } = recordingHttp((call) => {
      if (call.url === TOP_PACKAGES_URL) return new Response(readRecordedText('data/top-pypi-packages.json'));
      if (call.url === 'https://pypi.org/pypi/octocheese/json') return recordedResponse('pypi.org/json/octocheese.json');
      if (call.url.startsWith('https://api.osv.dev/')) return jsonResponse({});
      if (call.url.startsWith('https://raw.githubusercontent.com/')) return new Response('404: Not Found', { status: 404 });
      return jsonResponse({ message: 'Not Found' }, 404);
    });
    const now = () => clock.now;
    const identity = { topList: createTopListLoader(http, now), ownership: createOwnershipMemory(memoryArea()) };
    const report = await buildReport({ http, settings: DEFAULT_SETTINGS, now, identity }, { name: 'octocheese' });

    const facts = (report.identity as Extract<Section<IdentityFacts>, { state: 'ok' }>).data;
    expect(facts.topList).toMatchObject({ state: 'stale', count: 15_000, lastUpdate: '2026-04-01T06:34:06.000Z' });
    expect(facts.typosquat).toEqual({ listed: false, rank: null, candidates: [] });
    expect(facts.ownership).toMatchObject({
      previous: null,
      lastSeenAt: null,
      current: { organization: null, roles: [{ role: 'Owner', user: 'DomDF' }] },
    });

    const repository = (report.repository as Extract<Section<RepositoryFacts>, { state: 'ok' }>).data;
    expect(repository.starjacking).toMatchObject({ state: 'unconfirmed', declaredName: null });
    expect(calls.filter((c) => c.url.startsWith('https://raw.githubusercontent.com/')).map((c) => c.url)).toEqual([
      'https://raw.githubusercontent.com/domdfcoding/octocheese/HEAD/pyproject.toml',
      'https://raw.githubusercontent.com/domdfcoding/octocheese/HEAD/setup.cfg',
      'https://raw.githubusercontent.com/domdfcoding/octocheese/HEAD/setup.py',
    ]);
    expect(calls.some((c) => c.url === 'https://api.deps.dev/v3/projects/github.com%2Fdomdfcoding%2Foctocheese:packageversions')).toBe(
      true,
    );
    expect(report.findings.map((f) => f.rule)).not.toContain('typosquat');
    expect(report.findings.map((f) => f.rule)).not.toContain('starjacking');

    // The list is loaded once: a second report asks hugovk.github.io nothing more.
    await buildReport({ http, settings: DEFAULT_SETTINGS, now, identity }, { name: 'octocheese' });
    expect(calls.filter((c) => c.url === TOP_PACKAGES_URL)).toHaveLength(1);
  });

  it('0requests: PyPI has no such project (404), the name alone still gets the typosquat finding', async () => {
    const { http, clock } = recordingHttp((call) => {
      if (call.url === TOP_PACKAGES_URL) return new Response(readRecordedText('data/top-pypi-packages.json'));
      if (call.url.startsWith('https://pypi.org/pypi/0requests/')) {
        return recordedResponse('pypi.org/json/errors/404-FizzBuzz-json.html', 'pypi.org/json/errors/404-FizzBuzz-json.meta.json');
      }
      return jsonResponse({}, 404);
    });
    const now = () => clock.now;
    const identity = { topList: createTopListLoader(http, now), ownership: createOwnershipMemory(memoryArea()) };
    const report = await buildReport({ http, settings: DEFAULT_SETTINGS, now, identity }, { name: '0requests' });
    expect(report.releases.state).toBe('error');
    const finding = report.findings.find((f) => f.rule === 'typosquat');
    expect(finding).toMatchObject({
      level: 'caution',
      title: `Did you mean \`requests\`? (at least ${Math.floor(1_291_814_272 / top.downloads.at(-1)!).toLocaleString('en-US')}× more downloads)`,
    });
    expect(finding!.evidence[0]).toEqual({ label: 'requests on PyPI', url: 'https://pypi.org/project/requests/' });
    expect(report.verdict.level).toBe('caution');
  });

  it('says the list is missing when hugovk.github.io cannot be reached', async () => {
    const { http, clock } = recordingHttp(() => Promise.reject(new TypeError('Failed to fetch')));
    const loader = createTopListLoader(http, () => clock.now);
    const load = await loader();
    expect(load.index).toBeNull();
    expect(load.status).toMatchObject({ state: 'missing', error: { kind: 'offline' } });
  });
});

function typosquatInput(firstUploadAt: string | null): TrustInput {
  return {
    package: { name: '0requests', normalizedName: '0requests', viewedVersion: '0.0.1', latestVersion: '0.0.1' },
    releases: firstUploadAt
      ? {
          state: 'ok',
          fetchedAt: '2026-09-04T00:00:00.000Z',
          fromCache: false,
          data: {
            projectUrl: 'https://pypi.org/project/0requests/',
            displayName: '0requests',
            summary: null,
            releaseCount: 1,
            firstUploadAt,
            latestUploadAt: firstUploadAt,
            releases: [],
            latestVersion: '0.0.1',
            viewedVersion: '0.0.1',
            viewed: null,
            releasesBehind: 0,
            yankedCount: 0,
            files: [],
            vulnerabilities: [],
            projectLinks: [],
            homePage: null,
            ownership: null,
            requiresPython: null,
          },
        }
      : { state: 'error', error: { kind: 'not-found', message: '0requests was not found on PyPI' } },
    repository: { state: 'disabled' },
    advisories: { state: 'disabled' },
    provenance: { state: 'disabled' },
    identity: {
      state: 'ok',
      fetchedAt: '2026-09-04T00:00:00.000Z',
      fromCache: false,
      data: {
        topList: { state: 'fresh', lastUpdate: top.lastUpdate, count: 15_000, floorDownloads: index.floor, url: TOP_PACKAGES_URL },
        typosquat: checkTyposquat('0requests', index),
        ownership: null,
      },
    },
  };
}

describe('typosquat rule', () => {
  it('is a caution for an unlisted look-alike of unknown age', () => {
    const [finding] = typosquat.evaluate(typosquatInput(null), { now: '2026-09-04T00:00:00.000Z' });
    expect(finding?.level).toBe('caution');
    expect(finding?.detail).toContain('the #7 most downloaded package');
  });
  it('is danger when the look-alike is also young', () => {
    // 0requests 0.0.1 was on PyPI no later than 2026-09-03, when OSV published MAL-2026-15859 about it.
    const [finding] = typosquat.evaluate(typosquatInput('2026-09-03T17:00:47Z'), { now: '2026-09-04T00:00:00.000Z' });
    expect(finding?.level).toBe('danger');
  });
});

describe('starjacking rule', () => {
  const mismatch = judgeStarjacking({
    packageName: 'other-name',
    subPath: null,
    files: [
      {
        source: 'pyproject.toml',
        path: 'pyproject.toml',
        text: readFileSync(projectFixturePath('synthetic-repo-pyproject-poetry.toml'), 'utf8'),
        error: null,
        htmlUrl: 'https://github.com/o/r/blob/HEAD/pyproject.toml',
      },
    ],
  });
  // The recorded GitHub answer for PyGithub/PyGithub: its real star count stands for "a popular repository".
  const pygithub = readRecorded('api.github.com/repos/PyGithub-PyGithub.json') as { stargazers_count: number };
  function starInput(verified: boolean, firstUploadAt: string): TrustInput {
    const base = typosquatInput(firstUploadAt);
    return {
      ...base,
      package: { ...base.package, name: 'other-name', normalizedName: 'other-name' },
      repository: {
        state: 'ok',
        fetchedAt: '2026-09-04T00:00:00.000Z',
        fromCache: false,
        data: {
          link: { host: 'github', url: 'https://github.com/o/r', owner: 'o', name: 'r', subPath: null, label: 'Source' },
          candidates: [],
          verification: { status: verified ? 'verified' : 'claimed', evidence: [] },
          github: null,
          depsDevProject: {
            state: 'ok',
            fetchedAt: '',
            fromCache: false,
            data: {
              projectKey: 'github.com/o/r',
              stars: pygithub.stargazers_count,
              forks: null,
              openIssues: null,
              scorecard: null,
              url: 'https://deps.dev/project/github/o%2Fr',
            },
          },
          depsDevVersion: null,
          starjacking: mismatch,
        },
      },
    };
  }
  it('flags a mismatch as danger when a young package borrows a popular repository', () => {
    expect(pygithub.stargazers_count).toBeGreaterThan(1000);
    const [finding] = starjacking.evaluate(starInput(false, '2026-08-01T00:00:00Z'), { now: '2026-09-04T00:00:00.000Z' });
    expect(finding).toMatchObject({ level: 'danger', title: 'Linked repository builds example-poetry-package, not other-name' });
    expect(finding!.evidence[0]).toEqual({ label: 'pyproject.toml in o/r', url: 'https://github.com/o/r/blob/HEAD/pyproject.toml' });
  });
  it('is a caution for an old package, and nothing when provenance verifies the link', () => {
    expect(starjacking.evaluate(starInput(false, '2015-01-01T00:00:00Z'), { now: '2026-09-04T00:00:00.000Z' })[0]?.level).toBe('caution');
    expect(starjacking.evaluate(starInput(true, '2026-08-01T00:00:00Z'), { now: '2026-09-04T00:00:00.000Z' })).toEqual([]);
  });
});
