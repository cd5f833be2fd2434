import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DepsDevVersion, ProjectLink } from '../../../../utils/contract/report';
import { normaliseLinkLabel, parseRepositoryUrl, resolveRepository, verifyRepository } from '../../../../utils/analysis/repository';
import { readRecorded } from '../../../support/fixtures';

type PypiInfo = { info: { home_page: string | null; project_urls: Record<string, string> | null } };

/** project_urls of a recorded PyPI JSON body, as the ProjectLink list the releases source builds. */
function recordedLinks(path: string): { links: ProjectLink[]; homePage: string | null } {
  const { info } = readRecorded(path) as PypiInfo;
  const links = Object.entries(info.project_urls ?? {}).map(([label, url]) => ({ label, url }));
  return { links, homePage: info.home_page || null };
}

describe('resolveRepository on recorded project links', () => {
  it('finds aio-libs/aiohttp among nine links, once', () => {
    const { links, homePage } = recordedLinks('pypi.org/json/aiohttp-3.12.15.json');
    const { link, candidates } = resolveRepository(links, homePage);
    expect(link).toMatchObject({
      host: 'github',
      owner: 'aio-libs',
      name: 'aiohttp',
      url: 'https://github.com/aio-libs/aiohttp',
      subPath: null,
    });
    // "CI: GitHub Actions", "GitHub: issues", "GitHub: repo", "Homepage" and home_page all name the same repo.
    expect(candidates).toHaveLength(1);
    expect(link?.label).toBe('CI: GitHub Actions');
  });

  it('prefers "Source Code" over "Homepage" (numpy: the home page is not a repository)', () => {
    const { links, homePage } = recordedLinks('pypi.org/json/numpy-1.20.3.json');
    const { link } = resolveRepository(links, homePage);
    expect(link).toMatchObject({ owner: 'numpy', name: 'numpy', label: 'Source Code' });
  });

  it('uses the home page when it is the only repository link (luigi)', () => {
    const { links, homePage } = recordedLinks('pypi.org/json/luigi.json');
    expect(resolveRepository(links, homePage).link).toMatchObject({ owner: 'spotify', name: 'luigi', label: 'Homepage' });
    expect(resolveRepository([], homePage).link).toMatchObject({ owner: 'spotify', name: 'luigi', label: 'home_page' });
  });

  it('reads a changelog blob link as the repository root (black)', () => {
    const { links, homePage } = recordedLinks('pypi.org/json/black-21.11b0.yanked.json');
    const { link, candidates } = resolveRepository(links, homePage);
    expect(link).toMatchObject({ owner: 'psf', name: 'black', subPath: null });
    expect(candidates).toHaveLength(1);
  });

  it('finds nothing for a placeholder project without links (microsoft 0.0.1)', () => {
    const { links, homePage } = recordedLinks('pypi.org/json/microsoft-0.0.1.json');
    expect(resolveRepository(links, homePage)).toEqual({ link: null, candidates: [] });
  });
});

describe('parseRepositoryUrl forms', () => {
  it.each([
    ['https://github.com/psf/requests', null],
    ['github.com/psf/requests', null],
    ['http://github.com/psf/requests', null],
    ['https://www.github.com/psf/requests/', null],
    ['https://github.com/psf/requests.git', null],
    ['git+https://github.com/psf/requests.git', null],
    ['git@github.com:psf/requests.git', null],
    ['https://github.com/PSF/Requests#readme', null],
    ['https://github.com/psf/requests/issues', null],
    ['https://github.com/psf/requests/tree/main/src/requests', 'src/requests'],
    ['https://github.com/psf/requests/blob/main/docs/index.rst', 'docs'],
    ['  HTTPS://GITHUB.COM/psf/requests  ', null],
  ])('%s → github psf/requests (subPath %s)', (raw, subPath) => {
    expect(parseRepositoryUrl(raw, 'Source')).toEqual({
      host: 'github',
      url: 'https://github.com/psf/requests',
      owner: 'psf',
      name: 'requests',
      subPath,
      label: 'Source',
    });
  });

  it.each([
    'https://github.com/psf',
    'https://github.com/sponsors/psf',
    'https://github.com/orgs/psf/people',
    'https://github.com/features/actions',
    'https://github.com/marketplace/actions/x',
    'https://github.com/',
    'https://gist.github.com/psf/abc',
    'https://github.com.evil.example/psf/requests',
    'https://evil.example/github.com/psf/requests',
    'https://user:secret@github.com/psf/requests',
    'javascript:alert(1)//github.com/psf/requests',
    'data:text/html,<script>alert(1)</script>',
    'https://github.com/psf/%2e%2e',
    'https://github.com/-bad-/repo',
    'ftp://github.com/psf/requests',
    '<a href="https://github.com/psf/requests">x</a>',
  ])('rejects %s', (raw) => {
    expect(parseRepositoryUrl(raw, 'Source')).toBeNull();
  });

  it('names the other forges, with GitLab subgroups and sub-paths', () => {
    expect(parseRepositoryUrl('https://gitlab.com/group/sub/project/-/tree/main/pkg', 'Source')).toMatchObject({
      host: 'gitlab',
      url: 'https://gitlab.com/group/sub/project',
      owner: 'group/sub',
      name: 'project',
      subPath: 'pkg',
    });
    expect(parseRepositoryUrl('https://gitlab.com/explore/projects', 'x')).toBeNull();
    expect(parseRepositoryUrl('https://codeberg.org/forgejo/forgejo/src/branch/main/docs', 'x')).toMatchObject({
      host: 'codeberg',
      owner: 'forgejo',
      subPath: 'docs',
    });
    expect(parseRepositoryUrl('https://bitbucket.org/atlassian/python-bitbucket', 'x')).toMatchObject({ host: 'bitbucket' });
    expect(parseRepositoryUrl('https://git.sr.ht/~sircmpwn/hare', 'x')).toMatchObject({
      host: 'sourcehut',
      url: 'https://git.sr.ht/~sircmpwn/hare',
      owner: '~sircmpwn',
    });
  });
});

describe('resolveRepository choice', () => {
  it('ranks labels the way PyPI normalises them', () => {
    expect(normaliseLinkLabel('Source Code')).toBe('sourcecode');
    expect(normaliseLinkLabel(' Source-Code! ')).toBe('sourcecode');
    const { link } = resolveRepository(
      [
        { label: 'Homepage', url: 'https://github.com/home/page' },
        { label: 'Changelog', url: 'https://github.com/other/changes' },
        { label: 'SOURCE CODE', url: 'https://github.com/real/code' },
      ],
      null,
    );
    expect(link).toMatchObject({ owner: 'real', name: 'code' });
  });

  it('prefers GitHub but lists every forge as a candidate', () => {
    const { link, candidates } = resolveRepository(
      [
        { label: 'Source', url: 'https://gitlab.com/acme/tool' },
        { label: 'Mirror', url: 'https://github.com/acme/tool' },
      ],
      null,
    );
    expect(link).toMatchObject({ host: 'github' });
    expect(candidates.map((c) => c.host)).toEqual(['gitlab', 'github']);
    expect(resolveRepository([{ label: 'Source', url: 'https://codeberg.org/a/b' }], null).link).toMatchObject({ host: 'codeberg' });
  });

  it('never picks a user page, and keeps labels as plain text', () => {
    const { link } = resolveRepository(
      [
        { label: 'Source', url: 'https://github.com/psf' },
        { label: '<img src=x onerror=alert(1)>', url: 'https://github.com/psf/requests' },
      ],
      null,
    );
    expect(link).toMatchObject({ owner: 'psf', name: 'requests', label: '<img src=x onerror=alert(1)>' });
    expect(link?.url).toBe('https://github.com/psf/requests');
  });

  it('gives only https URLs on known forges, whatever the links (property)', () => {
    const forgeUrl = fc.constantFrom(
      'https://github.com/',
      'http://github.com/',
      'github.com/',
      'https://gitlab.com/',
      'javascript:',
      'https://evil.example/',
    );
    const linkArb = fc.record({
      label: fc.string(),
      url: fc.oneof(
        fc.string(),
        fc.webUrl(),
        fc.tuple(forgeUrl, fc.string()).map(([a, b]) => a + b),
      ),
    });
    fc.assert(
      fc.property(fc.array(linkArb, { maxLength: 8 }), fc.option(fc.string()), (links, homePage) => {
        const { link, candidates } = resolveRepository(links, homePage);
        for (const candidate of candidates) {
          expect(candidate.url).toMatch(/^https:\/\/(github\.com|gitlab\.com|codeberg\.org|bitbucket\.org|git\.sr\.ht)\/[^/]+/);
        }
        if (link) expect(candidates).toContain(link);
      }),
    );
  });
});

describe('verifyRepository', () => {
  const link = parseRepositoryUrl('https://github.com/trailofbits/pypi-attestations', 'Source')!;
  const noEvidence = { attestationRepositories: [], depsDev: null, pageVerifiedUrls: [] };

  it('is claimed without evidence', () => {
    expect(verifyRepository(link, noEvidence)).toEqual({ status: 'claimed', evidence: [] });
    expect(verifyRepository(null, { ...noEvidence, attestationRepositories: ['a/b'] })).toEqual({ status: 'claimed', evidence: [] });
  });

  it('is verified by the attestation publisher (case-insensitive)', () => {
    const result = verifyRepository(link, { ...noEvidence, attestationRepositories: ['TrailOfBits/PyPI-Attestations'] });
    expect(result.status).toBe('verified');
    expect(result.evidence).toEqual([
      {
        kind: 'attestation',
        detail: expect.stringContaining('trailofbits/pypi-attestations'),
        url: 'https://github.com/trailofbits/pypi-attestations',
      },
    ]);
  });

  it('is verified by deps.dev only through an attestation-backed relation', () => {
    const depsDev = (provenance: 'verified' | 'claimed'): DepsDevVersion => ({
      relatedProjects: [{ projectKey: 'github.com/trailofbits/pypi-attestations', relation: 'SOURCE_REPO', provenance }],
      attestationCount: 1,
      advisoryKeys: [],
      url: 'https://deps.dev/pypi/pypi-attestations/0.0.19',
    });
    expect(verifyRepository(link, { ...noEvidence, depsDev: depsDev('claimed') }).status).toBe('claimed');
    const verified = verifyRepository(link, { ...noEvidence, depsDev: depsDev('verified') });
    expect(verified.evidence).toEqual([
      expect.objectContaining({ kind: 'deps.dev', url: 'https://deps.dev/pypi/pypi-attestations/0.0.19' }),
    ]);
  });

  it('only ever lists https evidence, whatever the inputs (property)', () => {
    const depsDev = fc.record({
      relatedProjects: fc.array(
        fc.record({
          projectKey: fc.oneof(fc.string(), fc.constant('github.com/trailofbits/pypi-attestations')),
          relation: fc.string(),
          provenance: fc.constantFrom('verified' as const, 'claimed' as const, 'unknown' as const),
        }),
      ),
      attestationCount: fc.nat(),
      advisoryKeys: fc.array(fc.string()),
      url: fc.oneof(fc.string(), fc.constant('javascript:alert(1)'), fc.webUrl()),
    });
    const urls = fc.array(fc.oneof(fc.string(), fc.webUrl(), fc.constant('https://github.com/trailofbits/pypi-attestations')), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), fc.option(depsDev), urls, (attestationRepositories, dd, pageVerifiedUrls) => {
        const result = verifyRepository(link, { attestationRepositories, depsDev: dd, pageVerifiedUrls });
        // The page's hint is listed but never counts: only attestation or deps.dev evidence verifies.
        expect(result.status).toBe(result.evidence.some((e) => e.kind !== 'page') ? 'verified' : 'claimed');
        for (const evidence of result.evidence) expect(evidence.url).toMatch(/^https:\/\//);
      }),
    );
  });

  it('is not verified by a URL the page lists as verified (a README can forge it): only listed as a hint', () => {
    const pageOnly = verifyRepository(link, { ...noEvidence, pageVerifiedUrls: ['https://github.com/trailofbits/pypi-attestations/'] });
    expect(pageOnly.status).toBe('claimed');
    expect(pageOnly.evidence).toEqual([
      { kind: 'page', detail: expect.stringContaining('hint'), url: 'https://github.com/trailofbits/pypi-attestations' },
    ]);
    // With an attestation from the same repository, the link is verified, the page's mark listed beside it.
    const attested = verifyRepository(link, {
      ...noEvidence,
      attestationRepositories: ['trailofbits/pypi-attestations'],
      pageVerifiedUrls: ['https://github.com/trailofbits/pypi-attestations'],
    });
    expect(attested.status).toBe('verified');
    expect(attested.evidence.map((e) => e.kind)).toEqual(['attestation', 'page']);
  });

  it('is not verified by a different repo or a hostile URL, and does not list them', () => {
    const other = verifyRepository(link, {
      attestationRepositories: ['evil-org/pypi-attestations'],
      depsDev: null,
      pageVerifiedUrls: ['javascript:alert(1)', 'https://github.com/trailofbits', 'https://evil.example/trailofbits/pypi-attestations'],
    });
    expect(other).toEqual({ status: 'claimed', evidence: [] });
  });
});
