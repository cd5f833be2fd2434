// Every fetcher against every way an upstream can fail us: the section carries the right error
// kind and nothing throws. Bodies are recorded, or synthetic error bodies (test/fixtures/SYNTHETIC.md).
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorKind, Section } from '../../../../utils/contract/report';
import type { Http } from '../../../../utils/sources/http';
import { fetchDepsDevProject, fetchDepsDevVersion, fetchRepositoryClaimants } from '../../../../utils/sources/deps-dev';
import { fetchTopPackages } from '../../../../utils/sources/top-packages';
import { fetchGithubRepo } from '../../../../utils/sources/github';
import { fetchAdvisories, fetchOsvVuln } from '../../../../utils/sources/osv';
import { fetchBatchSummary } from '../../../../utils/sources/osv-batch';
import { fetchProvenance } from '../../../../utils/background/build/tasks/provenance';
import { fetchSimpleIndex } from '../../../../utils/sources/pypi-simple';
import { projectFixturePath } from '../../../support/fixtures';
import { type Answer, PYPI_ATTESTATIONS_SDIST, hangingAnswer, offlineAnswer, recordedResponse, recordingHttp } from './recorded-responses';

const attestedIndex = {
  state: 'ok' as const,
  fetchedAt: '2026-11-25T11:00:00.000Z',
  fromCache: false,
  data: {
    name: 'pypi-attestations',
    projectStatus: { status: 'active' as const, reason: null },
    versions: ['0.0.19'],
    simpleUrl: 'https://pypi.org/simple/pypi-attestations/',
    files: [PYPI_ATTESTATIONS_SDIST],
  },
};

const fetchers: [string, (http: Http) => Promise<Section<unknown>>][] = [
  ['GitHub repository', (http) => fetchGithubRepo(http, 'psf', 'requests')],
  ['OSV query', (http) => fetchAdvisories(http, 'requests', '2.19.1', '2.34.2', [])],
  ['OSV querybatch', (http) => fetchBatchSummary(http, [{ name: 'requests', version: '2.19.1' }])],
  ['OSV record', (http) => fetchOsvVuln(http, 'GHSA-x84v-xcm2-53pg', 'requests')],
  ['deps.dev version', (http) => fetchDepsDevVersion(http, 'requests', '2.34.2')],
  ['deps.dev project', (http) => fetchDepsDevProject(http, 'github.com/psf/requests')],
  ['PyPI Simple index', (http) => fetchSimpleIndex(http, 'requests')],
  ['PyPI Integrity', (http) => fetchProvenance(http, 'pypi-attestations', '0.0.19', attestedIndex)],
  ['deps.dev packages of a repository', (http) => fetchRepositoryClaimants(http, 'github.com/psf/requests')],
  [
    'top-pypi-packages list',
    async (http) => {
      const result = await fetchTopPackages(http);
      return result.ok
        ? { state: 'ok', data: result.data, fetchedAt: result.fetchedAt, fromCache: result.fromCache }
        : { state: 'error', error: result.error };
    },
  ],
];

const synthetic =
  (file: string, status = 200): Answer =>
  () =>
    new Response(readFileSync(projectFixturePath(file), 'utf8'), { status, headers: { 'content-type': 'application/json' } });
const SIX_MEGABYTES = 6 * 1024 * 1024;

const faults: [string, Answer, ErrorKind][] = [
  ['malformed JSON', synthetic('synthetic-truncated.json'), 'malformed'],
  ['valid JSON of the wrong shape', synthetic('synthetic-wrong-shape.json'), 'malformed'],
  [
    'an HTML page instead of JSON (the 2025 bot challenge)',
    () => recordedResponse('pypi.org/html/search-bot-challenge.2025.html'),
    'malformed',
  ],
  [
    'a 403 with x-ratelimit-remaining: 0',
    () =>
      recordedResponse(
        'api.github.com/errors/403-rate-limit-exceeded-unauthenticated.json',
        'api.github.com/errors/403-rate-limit-exceeded-unauthenticated.meta.json',
      ),
    'rate-limited',
  ],
  ['a 429', synthetic('synthetic-429-too-many-requests.json', 429), 'rate-limited'],
  [
    'a 500',
    () =>
      recordedResponse(
        'api.github.com/errors/500-repos-PyGithub-PyGithub.json',
        'api.github.com/errors/500-repos-PyGithub-PyGithub.meta.json',
      ),
    'upstream',
  ],
  ['a network failure', offlineAnswer, 'offline'],
  ['a body over the size cap', () => new Response(`${' '.repeat(SIX_MEGABYTES)}{}`, { status: 200 }), 'upstream'],
];

afterEach(() => {
  vi.useRealTimers();
});

describe.each(fetchers)('%s', (_name, fetchSection) => {
  it.each(faults)('turns %s into a %s error', async (_fault, answer, kind) => {
    const { http } = recordingHttp(answer);
    const section = await fetchSection(http);
    expect(section.state).toBe('error');
    expect(section.state === 'error' && section.error.kind).toBe(kind);
  });

  it('turns a 404 page into not-found (for provenance the index advertised: "could not check", never "none")', async () => {
    const { http } = recordingHttp(() => recordedResponse('pypi.org/html/404-page-not-found.2021.html', undefined, 404));
    const section = await fetchSection(http);
    if (_name === 'PyPI Integrity') {
      // Every advertised file failed, so the section says why instead of claiming "no attestation".
      expect(section.state === 'error' && section.error.kind).toBe('not-found');
      expect(section.state === 'error' && section.error.message).toMatch(/lists provenance/);
    } else {
      expect(section.state === 'error' && section.error.kind).toBe('not-found');
    }
  });

  it('turns silence into a timeout after 10 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { http } = recordingHttp(hangingAnswer);
    const pending = fetchSection(http);
    await vi.advanceTimersByTimeAsync(10_001);
    const section = await pending;
    expect(section.state === 'error' && section.error.kind).toBe('timeout');
  });
});
