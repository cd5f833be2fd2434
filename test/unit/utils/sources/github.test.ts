import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { GITHUB_TTL_MS, fetchGithubRepo, normaliseGithubRepo } from '../../../../utils/sources/github';
import { readRecorded, readRecordedText } from '../../../support/fixtures';
import { FIXED_NOW, recordedMeta, recordedResponse, recordingHttp, urlsIn } from './recorded-responses';

const PYGITHUB = 'api.github.com/repos/PyGithub-PyGithub.json';
const PYGITHUB_META = 'api.github.com/repos/PyGithub-PyGithub.meta.json';

describe('fetchGithubRepo on recorded answers', () => {
  it('reads PyGithub/PyGithub (unauthenticated, 2026-04-24)', async () => {
    const { http, calls } = recordingHttp(() => recordedResponse(PYGITHUB, PYGITHUB_META));
    const section = await fetchGithubRepo(http, 'PyGithub', 'PyGithub');
    expect(section).toEqual({
      state: 'ok',
      fromCache: false,
      fetchedAt: new Date(FIXED_NOW).toISOString(),
      data: {
        fullName: 'PyGithub/PyGithub',
        htmlUrl: 'https://github.com/PyGithub/PyGithub',
        description: 'Typed interactions with the GitHub API v3',
        stars: 7701,
        forks: 1874,
        openIssues: 393,
        pushedAt: '2026-04-14T07:25:38Z',
        createdAt: '2012-02-25T12:53:47Z',
        archived: false,
        disabled: false,
        isFork: false,
        parentFullName: null,
        defaultBranch: 'main',
        renamedFrom: null,
      },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://api.github.com/repos/PyGithub/PyGithub');
    expect(calls[0]!.headers.get('accept')).toBe('application/vnd.github+json');
    expect(calls[0]!.headers.get('x-github-api-version')).toBe('2022-11-28');
    expect(calls[0]!.headers.has('authorization')).toBe(false);
  });

  it('sends the token as a Bearer header to api.github.com only', async () => {
    const { http, calls } = recordingHttp(() =>
      recordedResponse('api.github.com/repos/EnricoMi-PyGithub.fork.json', 'api.github.com/repos/EnricoMi-PyGithub.fork.meta.json'),
    );
    const section = await fetchGithubRepo(http, 'EnricoMi', 'PyGithub', 'ghp_example');
    expect(calls[0]!.headers.get('authorization')).toBe('Bearer ghp_example');
    expect(section.state === 'ok' && section.data).toMatchObject({ isFork: true, parentFullName: 'PyGithub/PyGithub', stars: 0 });
  });

  it('reads the archived AFNetworking repo and keeps no hand-edited owner URL', async () => {
    const { http } = recordingHttp(() => recordedResponse('api.github.com/repos/AFNetworking-AFNetworking.archived.json'));
    const section = await fetchGithubRepo(http, 'AFNetworking', 'AFNetworking');
    if (section.state !== 'ok') throw new Error('expected ok');
    expect(section.data).toMatchObject({
      archived: true,
      stars: 33331,
      forks: 10363,
      pushedAt: '2023-01-17T19:30:05Z',
      defaultBranch: 'master',
    });
    // The recorded body has owner.avatar_url "https: //avatars…" (with a space); nothing of it comes out.
    expect(urlsIn(section.data).every((url) => url.startsWith('https://github.com/'))).toBe(true);
  });

  it('reads the octokit raw nock fixture (response object and rawHeaders)', async () => {
    const [exchange] = readRecorded('api.github.com/repos/octokit-fixture-org-hello-world.octokit-raw-fixture.json') as {
      status: number;
      response: unknown;
      rawHeaders: string[];
    }[];
    const headers = new Headers();
    for (let i = 0; i + 1 < exchange!.rawHeaders.length; i += 2) {
      if (exchange!.rawHeaders[i]!.toLowerCase() !== 'content-length')
        headers.append(exchange!.rawHeaders[i]!, exchange!.rawHeaders[i + 1]!);
    }
    const { http } = recordingHttp(() => new Response(JSON.stringify(exchange!.response), { status: exchange!.status, headers }));
    const section = await fetchGithubRepo(http, 'octokit-fixture-org', 'hello-world');
    expect(section.state === 'ok' && section.data).toMatchObject({
      fullName: 'octokit-fixture-org/hello-world',
      stars: 0,
      archived: false,
    });
  });

  it('notices a renamed repository: PyGithub used to live at jacquev6/PyGithub', async () => {
    const { http } = recordingHttp(() => recordedResponse(PYGITHUB, PYGITHUB_META));
    const renamed = await fetchGithubRepo(http, 'jacquev6', 'PyGithub');
    expect(renamed.state === 'ok' && renamed.data.renamedFrom).toBe('jacquev6/PyGithub');
    const sameName = await fetchGithubRepo(http, 'pygithub', 'pygithub');
    expect(sameName.state === 'ok' && sameName.data.renamedFrom).toBeNull();
  });
});

describe('fetchGithubRepo errors', () => {
  it('maps the recorded 404 to not-found', async () => {
    const { http } = recordingHttp(() =>
      recordedResponse('api.github.com/errors/404-repos-jacquev6-Xxx.json', 'api.github.com/errors/404-repos-jacquev6-Xxx.meta.json'),
    );
    const section = await fetchGithubRepo(http, 'jacquev6', 'Xxx');
    expect(section).toEqual({ state: 'error', error: { kind: 'not-found', message: 'GitHub has no public repository jacquev6/Xxx' } });
  });

  it('maps the recorded 403 rate limit (no reset header) to a backoff, then asks no more', async () => {
    const { http, calls } = recordingHttp(() =>
      recordedResponse(
        'api.github.com/errors/403-rate-limit-exceeded-unauthenticated.json',
        'api.github.com/errors/403-rate-limit-exceeded-unauthenticated.meta.json',
      ),
    );
    const first = await fetchGithubRepo(http, 'psf', 'requests');
    const retryAt = new Date(FIXED_NOW + 60_000).toISOString();
    expect(first).toEqual({
      state: 'error',
      error: { kind: 'rate-limited', message: 'GitHub rate limit reached, resets at 12:01 UTC — add a token in settings', retryAt },
    });
    const second = await fetchGithubRepo(http, 'pallets', 'flask');
    expect(second.state === 'error' && second.error.kind).toBe('rate-limited');
    expect(calls).toHaveLength(1);
  });

  it('still serves a cached repository while rate-limited, without asking', async () => {
    let answer = () => recordedResponse(PYGITHUB, PYGITHUB_META);
    const { http, calls, clock } = recordingHttp(() => answer());
    await fetchGithubRepo(http, 'PyGithub', 'PyGithub');
    answer = () =>
      recordedResponse(
        'api.github.com/errors/403-rate-limit-exceeded-unauthenticated.json',
        'api.github.com/errors/403-rate-limit-exceeded-unauthenticated.meta.json',
      );
    await fetchGithubRepo(http, 'psf', 'requests'); // GitHub says: wait
    expect(http.rateLimitedUntil('api.github.com')).not.toBeNull();

    clock.now += 30_000;
    const cached = await fetchGithubRepo(http, 'PyGithub', 'PyGithub');
    expect(cached.state === 'ok' && cached.data.stars).toBe(7701);
    const uncached = await fetchGithubRepo(http, 'pallets', 'flask');
    expect(uncached.state === 'error' && uncached.error.message).toBe(
      'GitHub rate limit reached, resets at 12:01 UTC — add a token in settings',
    );
    expect(calls).toHaveLength(2);
  });

  it('maps the recorded 403 abuse-detection answer with Retry-After to rate-limited', async () => {
    const { http } = recordingHttp(() =>
      recordedResponse(
        'api.github.com/errors/403-abuse-detection-retry-after.json',
        'api.github.com/errors/403-abuse-detection-retry-after.meta.json',
      ),
    );
    const section = await fetchGithubRepo(http, 'psf', 'requests', 'ghp_example');
    expect(section.state === 'error' && section.error).toEqual({
      kind: 'rate-limited',
      message: 'GitHub rate limit reached, resets at 12:01 UTC',
      retryAt: new Date(FIXED_NOW + 60_000).toISOString(),
    });
  });

  it('maps the recorded 500 to upstream', async () => {
    const { http } = recordingHttp(() =>
      recordedResponse(
        'api.github.com/errors/500-repos-PyGithub-PyGithub.json',
        'api.github.com/errors/500-repos-PyGithub-PyGithub.meta.json',
      ),
    );
    const section = await fetchGithubRepo(http, 'PyGithub', 'PyGithub');
    expect(section.state === 'error' && section.error.kind).toBe('upstream');
  });

  it('refuses names that are not GitHub names without asking', async () => {
    const { http, calls } = recordingHttp(() => recordedResponse(PYGITHUB));
    for (const [owner, repo] of [
      ['psf', '../admin'],
      ['', 'x'],
      ['a b', 'c'],
      ['psf', 'requests/issues'],
    ] as const) {
      const section = await fetchGithubRepo(http, owner, repo);
      expect(section.state === 'error' && section.error.kind).toBe('malformed');
    }
    expect(calls).toHaveLength(0);
  });
});

describe('fetchGithubRepo cache', () => {
  it('revalidates with the recorded ETag after the TTL; a 304 serves the cached data', async () => {
    const etag = recordedMeta(PYGITHUB_META).headers.get('etag');
    const { http, calls, clock } = recordingHttp((call) =>
      call.headers.get('if-none-match') === etag
        ? new Response(null, { status: 304, headers: { etag: etag! } })
        : recordedResponse(PYGITHUB, PYGITHUB_META),
    );
    const first = await fetchGithubRepo(http, 'PyGithub', 'PyGithub');
    expect(first.state === 'ok' && first.fromCache).toBe(false);

    clock.now += GITHUB_TTL_MS + 1000;
    const second = await fetchGithubRepo(http, 'PyGithub', 'PyGithub');
    expect(second.state === 'ok' && second.fromCache).toBe(true);
    expect(second.state === 'ok' && second.data.stars).toBe(7701);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.headers.get('if-none-match')).toBe(etag);

    clock.now += 60_000; // the 304 renewed the entry: no third request
    const third = await fetchGithubRepo(http, 'PyGithub', 'PyGithub');
    expect(third.state === 'ok' && third.fromCache).toBe(true);
    expect(calls).toHaveLength(2);
  });
});

describe('normaliseGithubRepo', () => {
  const recorded = () => JSON.parse(readRecordedText(PYGITHUB)) as Record<string, unknown>;

  it('never lets a hostile html_url through', () => {
    for (const html_url of ['javascript:alert(1)', 'https://evil.example/PyGithub/PyGithub', 'http://github.com/PyGithub/PyGithub', 42]) {
      const result = normaliseGithubRepo({ ...recorded(), html_url, description: '<img src=x onerror=alert(1)>' });
      expect(result.ok && result.data.htmlUrl).toBe('https://github.com/PyGithub/PyGithub');
      expect(result.ok && result.data.description).toBe('<img src=x onerror=alert(1)>'); // text, rendered escaped
    }
  });

  it('rejects a body without the numbers we need, or with a full_name that is not a repository', () => {
    expect(normaliseGithubRepo({ ...recorded(), stargazers_count: '7701' }).ok).toBe(false);
    expect(normaliseGithubRepo({ ...recorded(), full_name: 'javascript:alert(1)' }).ok).toBe(false);
    expect(normaliseGithubRepo({ message: 'Not Found' }).ok).toBe(false);
  });

  it('returns our type or a malformed error for any JSON (property)', () => {
    const shaped = fc.record({
      full_name: fc.oneof(fc.string(), fc.constant('a/b')),
      html_url: fc.oneof(fc.string(), fc.webUrl(), fc.constant('javascript:alert(1)')),
      stargazers_count: fc.oneof(fc.integer(), fc.string()),
      forks_count: fc.integer(),
      open_issues_count: fc.integer(),
      parent: fc.jsonValue(),
      fork: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), shaped), (raw) => {
        const result = normaliseGithubRepo(raw, 'a/b');
        if (!result.ok) expect(result.error.kind).toBe('malformed');
        else for (const url of urlsIn(result.data)) expect(url).toMatch(/^https:\/\/github\.com\//);
      }),
    );
  });
});

// A request that carries the token never follows a redirect: it would take the token along (browsers strip
// Authorization only on a cross-origin redirect, Chrome since 119). GitHub answers a renamed repository with a
// 301 to /repositories/<id>; that one is asked again without the token, and the browser follows it.
describe('the token and redirects', () => {
  const MOVED = { location: 'https://api.github.com/repositories/3544490' };
  /** fetch's redirect modes for the old name of PyGithub: follow → the recorded body, manual → the 301, error → a failure. */
  function renamedRepository(manual: () => Response) {
    return recordingHttp((call, init) => {
      if (!call.url.endsWith('/repos/jacquev6/PyGithub')) return new Response('{"message":"Not Found"}', { status: 404 });
      if (init?.redirect === 'manual') return manual();
      if (init?.redirect === 'error') return Promise.reject(new TypeError('Failed to fetch'));
      return recordedResponse(PYGITHUB, PYGITHUB_META);
    });
  }
  /** What a browser's fetch gives for a redirect under redirect: 'manual' (no status, no headers to read). */
  function opaqueRedirect(): Response {
    const response = new Response(null, { status: 200 });
    Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
    Object.defineProperty(response, 'status', { value: 0 });
    Object.defineProperty(response, 'ok', { value: false });
    return response;
  }

  it.each([
    ['a 301 with its Location (fetch outside a browser)', () => new Response(null, { status: 301, headers: MOVED })],
    ["a browser's opaque redirect", opaqueRedirect],
  ])('with a token, a renamed repository: %s is asked again without the token, and the rename is kept', async (_, manual) => {
    const { http, calls } = renamedRepository(manual);
    const section = await fetchGithubRepo(http, 'jacquev6', 'PyGithub', 'ghp_example');
    expect(section.state === 'ok' && section.data).toMatchObject({ fullName: 'PyGithub/PyGithub', renamedFrom: 'jacquev6/PyGithub' });
    expect(calls.map((c) => [c.url, c.headers.get('authorization')])).toEqual([
      ['https://api.github.com/repos/jacquev6/PyGithub', 'Bearer ghp_example'],
      ['https://api.github.com/repos/jacquev6/PyGithub', null],
    ]);
  });

  it('sends every request that carries the token with redirect: manual, and only those', async () => {
    const inits: RequestInit[] = [];
    const { http } = recordingHttp((_call, init) => (inits.push(init!), recordedResponse(PYGITHUB, PYGITHUB_META)));
    await fetchGithubRepo(http, 'PyGithub', 'PyGithub', 'ghp_example');
    await fetchGithubRepo(http, 'jacquev6', 'PyGithub');
    expect(inits.map((init) => [new Headers(init.headers).has('authorization'), init.redirect])).toEqual([
      [true, 'manual'],
      [false, 'follow'],
    ]);
  });

  it('without a token, a renamed repository is followed as before: one request', async () => {
    const { http, calls } = renamedRepository(() => {
      throw new Error('no manual redirect without a token');
    });
    const section = await fetchGithubRepo(http, 'jacquev6', 'PyGithub');
    expect(section.state === 'ok' && section.data.renamedFrom).toBe('jacquev6/PyGithub');
    expect(calls).toHaveLength(1);
  });

  it('a redirect whose token-less answer is a 404 (synthetic body) is "not found", and nothing is blocked', async () => {
    let n = 0;
    const { http, calls } = recordingHttp(() =>
      n++ === 0
        ? new Response(null, { status: 301, headers: MOVED })
        : new Response('{"message":"Not Found"}', {
            status: 404,
            headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '9999999999' },
          }),
    );
    const section = await fetchGithubRepo(http, 'jacquev6', 'PyGithub', 'ghp_example');
    expect(section.state === 'error' && section.error.kind).toBe('not-found');
    expect(calls[1]!.headers.has('authorization')).toBe(false);
    // The token-less answer's anonymous quota is not the token's: GitHub is not blocked for the next request.
    expect(http.rateLimitedUntil('api.github.com')).toBeNull();
  });
});
