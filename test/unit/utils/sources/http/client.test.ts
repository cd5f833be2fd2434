import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { CACHE_WRITE_DELAY_MS, Http, MemoryCache, SERVER_ERROR_MEMORY_MS, StorageCache } from '../../../../../utils/sources/http';
import { readRecordedText } from '../../../../support/fixtures';
import { memoryArea } from '../../../../support/memory-area';

const Repo = z.object({ full_name: z.string(), stargazers_count: z.number() });
const NOW = Date.parse('2026-11-25T12:00:00Z');
const PYGITHUB = readRecordedText('api.github.com/repos/PyGithub-PyGithub.json');

type Call = { url: string; init: RequestInit };
function fakeFetch(respond: (call: Call, n: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const call = { url: String(url), init };
    calls.push(call);
    return respond(call, calls.length);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('Http error kinds', () => {
  it('parses a recorded success body with the schema', async () => {
    const { fetch } = fakeFetch(() => new Response(PYGITHUB, { status: 200 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://api.github.com/repos/PyGithub/PyGithub', Repo);
    expect(result.ok && result.data).toEqual({ full_name: 'PyGithub/PyGithub', stargazers_count: 7701 });
  });

  it('404 → not-found (recorded GitHub 404 body)', async () => {
    const body = readRecordedText('api.github.com/errors/404-repos-jacquev6-Xxx.json');
    const { fetch } = fakeFetch(() => new Response(body, { status: 404 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://api.github.com/repos/jacquev6/Xxx', Repo);
    expect(!result.ok && result.error.kind).toBe('not-found');
  });

  it('403 with x-ratelimit-remaining: 0 and a reset → rate-limited with retryAt, then no request until reset', async () => {
    const reset = Math.floor(NOW / 1000) + 1800;
    const { fetch, calls } = fakeFetch(
      () =>
        new Response(readRecordedText('api.github.com/errors/403-rate-limit-exceeded-unauthenticated.json'), {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '60', 'x-ratelimit-reset': String(reset) },
        }),
    );
    const http = new Http({ fetch, now: () => NOW });
    const first = await http.getJson('https://api.github.com/repos/a/b', Repo);
    expect(!first.ok && first.error).toMatchObject({ kind: 'rate-limited', retryAt: new Date(reset * 1000).toISOString() });
    const second = await http.getJson('https://api.github.com/repos/c/d', Repo);
    expect(!second.ok && second.error.kind).toBe('rate-limited');
    expect(calls).toHaveLength(1);
    expect(http.rateLimitedUntil('api.github.com')).toBe(new Date(reset * 1000).toISOString());
    expect(http.rateLimitedUntil('pypi.org')).toBeNull();
  });

  it('403 with Retry-After (recorded abuse-detection body) → rate-limited 60 s later', async () => {
    const body = readRecordedText('api.github.com/errors/403-abuse-detection-retry-after.json');
    const { fetch } = fakeFetch(() => new Response(body, { status: 403, headers: { 'Retry-After': '60' } }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://api.github.com/search/code', Repo);
    expect(!result.ok && result.error).toMatchObject({ kind: 'rate-limited', retryAt: new Date(NOW + 60_000).toISOString() });
  });

  it('a plain 403 without rate-limit headers is an upstream error, not a rate limit', async () => {
    const { fetch } = fakeFetch(() => new Response('{"message":"Forbidden"}', { status: 403 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://pypi.org/x', Repo);
    expect(!result.ok && result.error.kind).toBe('upstream');
  });

  it('429 without hints → rate-limited with a default backoff', async () => {
    const { fetch } = fakeFetch(() => new Response('slow down', { status: 429 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://api.deps.dev/v3/x', Repo);
    expect(!result.ok && result.error.kind).toBe('rate-limited');
    expect(!result.ok && Date.parse(result.error.retryAt!)).toBeGreaterThan(NOW);
  });

  it('500 (recorded GitHub server error) → upstream with a retry hint', async () => {
    const body = readRecordedText('api.github.com/errors/500-repos-PyGithub-PyGithub.json');
    const { fetch } = fakeFetch(() => new Response(body, { status: 500 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://api.github.com/repos/PyGithub/PyGithub', Repo);
    expect(!result.ok && result.error.kind).toBe('upstream');
    expect(!result.ok && result.error.message).toMatch(/try again/);
  });

  it('network failure → offline', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://pypi.org/pypi/x/json', Repo);
    expect(!result.ok && result.error.kind).toBe('offline');
  });

  it('a connection that fails (a stale kept-alive socket) is retried after short pauses; a dead host is not hammered', async () => {
    let n = 0;
    const flaky = (async () => {
      n += 1;
      if (n === 1) throw new TypeError('Failed to fetch');
      return new Response(PYGITHUB);
    }) as unknown as typeof globalThis.fetch;
    const ok = await new Http({ fetch: flaky, now: () => NOW }).postJson('https://api.osv.dev/v1/query', {}, Repo);
    expect(ok.ok).toBe(true);
    expect(n).toBe(2);
    let dead = 0;
    const down = (async () => {
      dead += 1;
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const failed = await new Http({ fetch: down, now: () => NOW }).getJson('https://api.github.com/repos/a/b', Repo);
    expect(!failed.ok && failed.error.kind).toBe('offline');
    expect(dead).toBe(3);
  });

  it('no answer within the timeout → timeout', async () => {
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      )) as unknown as typeof globalThis.fetch;
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://pypi.org/pypi/x/json', Repo, { timeoutMs: 20 });
    expect(!result.ok && result.error.kind).toBe('timeout');
  });

  it('HTML instead of JSON (recorded PyPI 404 page served with 200) → malformed', async () => {
    const { fetch } = fakeFetch(() => new Response(readRecordedText('pypi.org/html/404-page-not-found.2021.html'), { status: 200 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://pypi.org/pypi/x/json', Repo);
    expect(!result.ok && result.error.kind).toBe('malformed');
  });

  it('valid JSON of the wrong shape → malformed', async () => {
    const { fetch } = fakeFetch(() => new Response('{"full_name": 42}', { status: 200 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://api.github.com/repos/a/b', Repo);
    expect(!result.ok && result.error.kind).toBe('malformed');
  });

  it('a body over the cap is refused without reading it all', async () => {
    const tenMegabytes = new Uint8Array(10 * 1024 * 1024).fill(0x20);
    const { fetch } = fakeFetch(() => new Response(tenMegabytes, { status: 200 }));
    const result = await new Http({ fetch, now: () => NOW }).getJson('https://pypi.org/pypi/x/json', Repo);
    expect(!result.ok && result.error).toMatchObject({ kind: 'upstream', message: expect.stringMatching(/larger/) });
  });

  it('refuses non-https URLs without a request', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB));
    const result = await new Http({ fetch, now: () => NOW }).getJson('http://pypi.org/pypi/x/json', Repo);
    expect(!result.ok && result.error.kind).toBe('malformed');
    expect(calls).toHaveLength(0);
  });

  it('never sends an Authorization header to a host other than api.github.com', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB));
    const http = new Http({ fetch, now: () => NOW });
    await http.getJson('https://pypi.org/pypi/x/json', Repo, { headers: { Authorization: 'Bearer secret' } });
    await http.getJson('https://api.github.com/repos/a/b', Repo, { headers: { Authorization: 'Bearer secret' } });
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined();
    expect((calls[1]!.init.headers as Record<string, string>).Authorization).toBe('Bearer secret');
  });
});

describe('Http caching', () => {
  it('serves a fresh entry from the cache without a request, and never caches errors', async () => {
    let status = 500;
    const { fetch, calls } = fakeFetch(() => new Response(status === 200 ? PYGITHUB : 'oops', { status }));
    const http = new Http({ fetch, now: () => NOW });
    const url = 'https://api.github.com/repos/PyGithub/PyGithub';
    expect((await http.getJson(url, Repo, { ttlMs: 60_000 })).ok).toBe(false);
    status = 200;
    const second = await http.getJson(url, Repo, { ttlMs: 60_000 });
    expect(second.ok && second.fromCache).toBe(false);
    const third = await http.getJson(url, Repo, { ttlMs: 60_000 });
    expect(third.ok && third.fromCache).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('two simultaneous asks for one resource make one request', async () => {
    const { fetch, calls } = fakeFetch(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return new Response(PYGITHUB);
    });
    const http = new Http({ fetch, now: () => NOW });
    const url = 'https://api.github.com/repos/PyGithub/PyGithub';
    const [a, b] = await Promise.all([http.getJson(url, Repo, { ttlMs: 1000 }), http.getJson(url, Repo, { ttlMs: 1000 })]);
    expect(a.ok && b.ok).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('revalidates a stale entry with its ETag; a 304 refreshes it', async () => {
    let now = NOW;
    const { fetch, calls } = fakeFetch((_call, n) =>
      n === 1 ? new Response(PYGITHUB, { headers: { etag: 'W/"abc"' } }) : new Response(null, { status: 304 }),
    );
    const http = new Http({ fetch, now: () => now });
    const url = 'https://api.github.com/repos/PyGithub/PyGithub';
    await http.getJson(url, Repo, { ttlMs: 1000, revalidateWithEtag: true });
    now += 5000;
    const stale = await http.getJson(url, Repo, { ttlMs: 1000, revalidateWithEtag: true, staleWhileRevalidate: false });
    expect(stale.ok && stale.data.stargazers_count).toBe(7701);
    expect((calls[1]!.init.headers as Record<string, string>)['If-None-Match']).toBe('W/"abc"');
    const fresh = await http.getJson(url, Repo, { ttlMs: 1000 });
    expect(fresh.ok && fresh.fromCache).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it('stale-while-revalidate: serves the stale entry at once and refreshes it behind', async () => {
    let now = NOW;
    const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB));
    const http = new Http({ fetch, now: () => now });
    const url = 'https://api.github.com/repos/PyGithub/PyGithub';
    await http.getJson(url, Repo, { ttlMs: 1000 });
    now += 5000;
    const result = await http.getJson(url, Repo, { ttlMs: 1000 });
    expect(result.ok && result.fromCache).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toHaveLength(2);
  });

  it('the user TTL override replaces the source TTL', async () => {
    let now = NOW;
    const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB));
    const http = new Http({ fetch, now: () => now });
    http.ttlOverrideMs = 10;
    const url = 'https://api.github.com/repos/PyGithub/PyGithub';
    await http.getJson(url, Repo, { ttlMs: 3_600_000 });
    now += 100;
    await http.getJson(url, Repo, { ttlMs: 3_600_000, staleWhileRevalidate: false });
    expect(calls).toHaveLength(2);
  });
});

describe('Http after a server error (Chromium throttles repeated requests to a URL that answered 5xx)', () => {
  const URL_ = 'https://api.github.com/repos/PyGithub/PyGithub';

  it('a network-level failure right after a 5xx from the same URL keeps the server error as the reason', async () => {
    let now = NOW;
    let mode: 'error' | 'throttled' | 'ok' = 'error';
    const { fetch, calls } = fakeFetch(() => {
      if (mode === 'throttled') throw new TypeError('Failed to fetch'); // held back before the network
      return mode === 'error' ? new Response('{"message":"Server Error"}', { status: 502 }) : new Response(PYGITHUB, { status: 200 });
    });
    const http = new Http({ fetch, now: () => now });
    const first = await http.getJson(URL_, Repo);
    expect(!first.ok && first.error).toMatchObject({ kind: 'upstream', message: expect.stringContaining('502') });
    mode = 'throttled';
    const second = await http.getJson(URL_, Repo);
    expect(!second.ok && second.error).toEqual(!first.ok && first.error);
    // Another URL that fails at the network level is offline, as before.
    const other = await http.getJson('https://api.github.com/repos/a/b', Repo);
    expect(!other.ok && other.error.kind).toBe('offline');
    // Long after the server error, a network failure is just that.
    now += SERVER_ERROR_MEMORY_MS + 1;
    const later = await http.getJson(URL_, Repo);
    expect(!later.ok && later.error.kind).toBe('offline');
    // A success forgets the server error.
    now = NOW;
    mode = 'error';
    await http.getJson(URL_, Repo);
    mode = 'ok';
    expect((await http.getJson(URL_, Repo)).ok).toBe(true);
    mode = 'throttled';
    const afterSuccess = await http.getJson(URL_, Repo);
    expect(!afterSuccess.ok && afterSuccess.error.kind).toBe('offline');
    expect(calls.length).toBeGreaterThan(5);
  });
});

describe('Http queued cache writes', () => {
  const URL_ = 'https://api.github.com/repos/PyGithub/PyGithub';

  it('answers before storage is written, serves the queued body meanwhile, and writes it after the quiet period', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const area = memoryArea();
      const sets: string[] = [];
      const watched = {
        ...area,
        set: async (items: Record<string, unknown>) => {
          sets.push(...Object.keys(items));
          return area.set(items);
        },
      };
      const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB, { status: 200 }));
      const http = new Http({ fetch, now: () => NOW, cache: new StorageCache(watched) });
      const first = await http.getJson(URL_, Repo, { ttlMs: 60_000 });
      expect(first.ok && first.fromCache).toBe(false);
      expect(sets).toEqual([]);
      const second = await http.getJson(URL_, Repo, { ttlMs: 60_000 });
      expect(second.ok && second.fromCache).toBe(true);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(CACHE_WRITE_DELAY_MS);
      await http.flushWrites();
      expect(sets).toEqual([`cache:GET ${URL_}`]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a storage read that returns after the answer arrived does not ask again (the answer is queued, not in flight)', async () => {
    const cache = new MemoryCache();
    let releaseRead!: () => void;
    const slowRead = new Promise<void>((r) => (releaseRead = r));
    let reads = 0;
    const slowCache = {
      ...cache,
      get: async (key: string) => {
        reads++;
        if (reads === 2) await slowRead; // the second caller's read is slow (a busy storage backend)
        return cache.get(key);
      },
      set: (key: string, entry: Parameters<MemoryCache['set']>[1]) => cache.set(key, entry),
      clear: () => cache.clear(),
      size: () => cache.size(),
    };
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    const { fetch, calls } = fakeFetch(async () => {
      await answered; // the first request is still in flight when the second caller reads storage
      return new Response(PYGITHUB, { status: 200 });
    });
    const http = new Http({ fetch, now: () => NOW, cache: slowCache });
    const first = http.getJson(URL_, Repo, { ttlMs: 60_000 });
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 0));
    const second = http.getJson(URL_, Repo, { ttlMs: 60_000 });
    answer();
    await first;
    releaseRead();
    const result = await second;
    expect(result.ok && result.data.stargazers_count).toBe(7701);
    expect(calls).toHaveLength(1);
  });

  it('an answer stays readable while its write is being stored', async () => {
    const cache = new MemoryCache();
    let releaseSet!: () => void;
    const slowSet = new Promise<void>((r) => (releaseSet = r));
    const slowCache = {
      get: (key: string) => cache.get(key),
      set: async (key: string, entry: Parameters<MemoryCache['set']>[1]) => {
        await slowSet;
        return cache.set(key, entry);
      },
      clear: () => cache.clear(),
      size: () => cache.size(),
    };
    const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB, { status: 200 }));
    const http = new Http({ fetch, now: () => NOW, cache: slowCache });
    await http.getJson(URL_, Repo, { ttlMs: 60_000 });
    const flushed = http.flushWrites();
    const during = await http.getJson(URL_, Repo, { ttlMs: 60_000 });
    expect(during.ok && during.fromCache).toBe(true);
    releaseSet();
    await flushed;
    expect(await cache.get(`GET ${URL_}`)).toBeDefined();
    expect(calls).toHaveLength(1);
  });

  it('clearCache drops the writes still queued', async () => {
    const cache = new MemoryCache();
    const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB, { status: 200 }));
    const http = new Http({ fetch, now: () => NOW, cache });
    await http.getJson(URL_, Repo, { ttlMs: 60_000 });
    expect(await http.clearCache()).toBe(0);
    await http.flushWrites();
    expect(await cache.size()).toBe(0);
    await http.getJson(URL_, Repo, { ttlMs: 60_000 });
    expect(calls).toHaveLength(2);
  });
});

describe('Http keep: what the cache holds of a body', () => {
  it('a fresh answer is returned and cached as kept; a revisit reads the kept value without a request', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(PYGITHUB, { status: 200 }));
    const cache = new MemoryCache();
    const http = new Http({ fetch, now: () => NOW, cache });
    const keep = (repo: z.infer<typeof Repo>) => ({ ...repo, stargazers_count: Math.round(repo.stargazers_count / 1000) * 1000 });
    const url = 'https://api.github.com/repos/PyGithub/PyGithub';
    const first = await http.getJson(url, Repo, { ttlMs: 60_000, keep });
    expect(first.ok && first.data).toEqual({ full_name: 'PyGithub/PyGithub', stargazers_count: 8000 });
    await http.flushWrites();
    expect((await cache.get(`GET ${url}`))?.value).toEqual({ full_name: 'PyGithub/PyGithub', stargazers_count: 8000 });
    const again = await http.getJson(url, Repo, { ttlMs: 60_000, keep });
    expect(again.ok && again.fromCache && again.data).toEqual({ full_name: 'PyGithub/PyGithub', stargazers_count: 8000 });
    expect(calls).toHaveLength(1);
  });
});
