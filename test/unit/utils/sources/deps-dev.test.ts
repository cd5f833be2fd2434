import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  depsDevProjectKey,
  fetchDepsDevProject,
  fetchDepsDevVersion,
  normaliseDepsDevProject,
  normaliseDepsDevVersion,
} from '../../../../utils/sources/deps-dev';
import { parseRepositoryUrl, verifyRepository } from '../../../../utils/analysis/repository';
import { readProjectFixture } from '../../../support/fixtures';
import { jsonResponse, recordingHttp, urlsIn } from './recorded-responses';

// deps.dev has no recorded responses: these bodies are synthetic, written to the v3 API definition
// (see test/fixtures/SYNTHETIC.md).
const ATTESTED = 'synthetic-depsdev-version-requests-2.34.2.json';
const UNVERIFIED = 'synthetic-depsdev-version-requests-2.19.1.json';
const PROJECT = 'synthetic-depsdev-project-github.com-psf-requests.json';

describe('fetchDepsDevVersion', () => {
  it('reads an attested release as a verified link to its repository', async () => {
    const { http, calls } = recordingHttp(() => jsonResponse(readProjectFixture(ATTESTED)));
    const section = await fetchDepsDevVersion(http, 'Requests', '2.34.2');
    expect(calls.map((c) => c.url)).toEqual(['https://api.deps.dev/v3/systems/pypi/packages/requests/versions/2.34.2']);
    expect(section.state === 'ok' && section.data).toEqual({
      relatedProjects: [{ projectKey: 'github.com/psf/requests', relation: 'SOURCE_REPO', provenance: 'verified' }],
      attestationCount: 2,
      advisoryKeys: [],
      url: 'https://deps.dev/pypi/requests/2.34.2',
    });
  });

  it('reads metadata-only links as claimed, with the advisory ids', () => {
    const result = normaliseDepsDevVersion(readProjectFixture(UNVERIFIED), 'requests', '2.19.1');
    if (!result.ok) throw new Error('expected ok');
    expect(result.data.relatedProjects.map((p) => [p.relation, p.provenance])).toEqual([
      ['SOURCE_REPO', 'claimed'],
      ['ISSUE_TRACKER', 'claimed'],
    ]);
    expect(result.data.advisoryKeys).toEqual(['GHSA-j8r2-6x86-q33q', 'GHSA-x84v-xcm2-53pg', 'PYSEC-2018-28', 'PYSEC-2023-74']);
    expect(result.data.attestationCount).toBe(0);
  });

  it('verifies the repository only through the attested relation', () => {
    const link = parseRepositoryUrl('https://github.com/psf/requests', 'Source')!;
    const verify = (file: string) => {
      const result = normaliseDepsDevVersion(readProjectFixture(file), 'requests', '2.34.2');
      return verifyRepository(link, { attestationRepositories: [], depsDev: result.ok ? result.data : null, pageVerifiedUrls: [] }).status;
    };
    expect(verify(ATTESTED)).toBe('verified');
    expect(verify(UNVERIFIED)).toBe('claimed');
  });

  it('encodes path segments and refuses names that are not package names', async () => {
    const { http, calls } = recordingHttp(() => jsonResponse(readProjectFixture(ATTESTED)));
    await fetchDepsDevVersion(http, 'zope.interface', '1.0+local');
    expect(calls[0]!.url).toBe('https://api.deps.dev/v3/systems/pypi/packages/zope-interface/versions/1.0%2Blocal');
    const bad = await fetchDepsDevVersion(http, '../../v3alpha', '1.0');
    expect(bad.state === 'error' && bad.error.kind).toBe('malformed');
    expect(calls).toHaveLength(1);
  });

  it('keeps the other relations when one entry is odd, and drops unknown project keys', () => {
    const body = readProjectFixture(UNVERIFIED) as { relatedProjects: unknown[] };
    body.relatedProjects.push(
      { projectKey: 'not-an-object' },
      { projectKey: { id: 'javascript:alert(1)' }, relationProvenance: 'PYPI_PUBLISH_ATTESTATION' },
    );
    const result = normaliseDepsDevVersion(body, 'requests', '2.19.1');
    expect(result.ok && result.data.relatedProjects).toHaveLength(2);
  });
});

describe('fetchDepsDevProject', () => {
  it('asks for the project key as one encoded segment and reads the Scorecard', async () => {
    const { http, calls } = recordingHttp(() => jsonResponse(readProjectFixture(PROJECT)));
    const section = await fetchDepsDevProject(http, 'github.com/psf/requests');
    expect(calls.map((c) => c.url)).toEqual(['https://api.deps.dev/v3/projects/github.com%2Fpsf%2Frequests']);
    if (section.state !== 'ok') throw new Error('expected ok');
    expect(section.data).toMatchObject({
      projectKey: 'github.com/psf/requests',
      stars: 53120,
      forks: 9512,
      openIssues: 212,
      url: 'https://deps.dev/project/github/psf%2Frequests',
      scorecard: { score: 6.4, date: '2026-08-03T00:00:00Z' },
    });
    expect(section.data.scorecard!.checks).toEqual([
      {
        name: 'Maintained',
        score: 10,
        reason: expect.stringContaining('30 commit(s)'),
        url: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#maintained',
      },
      expect.objectContaining({ name: 'Code-Review', score: 8 }),
      // -1: the check did not run, which is no score rather than a bad one.
      expect.objectContaining({ name: 'Signed-Releases', score: null }),
    ]);
  });

  it('derives the key from a resolved repository, only for hosts deps.dev knows', () => {
    expect(depsDevProjectKey(parseRepositoryUrl('https://github.com/PSF/Requests', 'x')!)).toBe('github.com/psf/requests');
    expect(depsDevProjectKey(parseRepositoryUrl('https://gitlab.com/group/sub/project', 'x')!)).toBe('gitlab.com/group/sub/project');
    expect(depsDevProjectKey(parseRepositoryUrl('https://codeberg.org/a/b', 'x')!)).toBeNull();
  });

  it('never lets a hostile documentation link through', () => {
    const body = readProjectFixture(PROJECT) as { scorecard: { checks: { documentation: { url: string } }[] } };
    body.scorecard.checks[0]!.documentation.url = 'javascript:alert(1)';
    const result = normaliseDepsDevProject(body);
    expect(result.ok && result.data.scorecard!.checks[0]!.url).toBeNull();
  });

  it('maps a 429 to rate-limited and a 404 (unknown project) to not-found', async () => {
    const limited = recordingHttp(() => new Response('{}', { status: 429 }));
    const section = await fetchDepsDevProject(limited.http, 'github.com/psf/requests');
    expect(section.state === 'error' && section.error.kind).toBe('rate-limited');
    const missing = recordingHttp(() => new Response('{}', { status: 404 }));
    const unknown = await fetchDepsDevProject(missing.http, 'github.com/nobody/nothing');
    expect(unknown.state === 'error' && unknown.error.kind).toBe('not-found');
    expect((await fetchDepsDevProject(missing.http, 'github.com/psf')).state).toBe('error');
  });
});

describe('deps.dev normalisers (property)', () => {
  it('return our type or a malformed error for any JSON, and only https URLs', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (raw) => {
        for (const result of [normaliseDepsDevVersion(raw, 'requests', '1.0'), normaliseDepsDevProject(raw)]) {
          if (!result.ok) expect(result.error.kind).toBe('malformed');
          else for (const url of urlsIn(result.data)) expect(url).toMatch(/^https:\/\//);
        }
      }),
    );
    const project = fc.record({
      projectKey: fc.record({ id: fc.oneof(fc.string(), fc.constant('github.com/a/b')) }),
      scorecard: fc.record({
        overallScore: fc.double(),
        checks: fc.array(fc.record({ name: fc.string(), documentation: fc.record({ url: fc.string() }) })),
      }),
    });
    fc.assert(
      fc.property(project, (raw) => {
        const result = normaliseDepsDevProject(raw);
        if (result.ok) for (const url of urlsIn(result.data)) expect(url).toMatch(/^https:\/\//);
      }),
    );
  });
});
