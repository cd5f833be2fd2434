// The project page's prefetch (document_start, URL only) and the getReport that follows (with the page's
// hints) are one build: every upstream request is made once, GitHub is asked from the page's links before
// PyPI JSON answers, and the page's hints still reach the repository's verification.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sender } from '../../../../utils/background/handler';
import { PREFETCH_HINTS_WAIT_MS, PREFETCH_JOIN_MS, PREFETCH_KEEP_MS, PrefetchedReports } from '../../../../utils/background/prefetch';
import { createBackground } from '../../../../utils/background/service';
import type { EarlyReport, PageHints, Report } from '../../../../utils/contract/report';
import { memoryArea } from '../../../support/memory-area';
import { readProjectFixture, readRecordedText } from '../../../support/fixtures';

const EXTENSION_ID = 'pypitrustpanelextensionid';
const PAGE: Sender = { id: EXTENSION_ID, url: 'https://pypi.org/project/luigi/', tab: { id: 7 } };
const NOW = Date.parse('2026-11-25T12:00:00Z');

afterEach(() => vi.useRealTimers());

/** luigi's recorded JSON (held until `release()`), PyGithub's repository for any repo, 404 for the rest. */
function heldFetch() {
  const requests: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const fetch = (async (input: string, init: RequestInit = {}) => {
    const { hostname, pathname } = new URL(String(input));
    requests.push(`${init.method ?? 'GET'} ${hostname}${pathname}`);
    if (hostname === 'pypi.org' && pathname === '/pypi/luigi/json') {
      await released;
      return new Response(readRecordedText('pypi.org/json/luigi.json'));
    }
    if (hostname === 'api.github.com' && pathname.startsWith('/repos/')) {
      return new Response(readRecordedText('api.github.com/repos/PyGithub-PyGithub.json'));
    }
    return new Response('{"message":"Not Found"}', { status: 404 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests, release };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** What luigi's recorded page gives: its verified repository, the version shown, the repository as a project link. */
const LUIGI_HINTS: PageHints = {
  verifiedUrls: ['https://github.com/spotify/luigi'],
  shownVersion: '3.6.0',
  projectLinks: [{ label: 'Homepage', url: 'https://github.com/spotify/luigi' }],
};

/** Until no request has left for three settles in a row (at most 3 s): work the report does not wait for is done. */
async function quiet(requests: string[]) {
  let stable = 0;
  for (let i = 0; i < 150 && stable < 3; i++) {
    const seen = requests.length;
    await settle();
    stable = requests.length === seen ? stable + 1 : 0;
  }
}

describe('prefetch, then getReport with the page hints', () => {
  it('one build: PyPI JSON asked before the page is parsed, GitHub from the page links before JSON answers, nothing twice', async () => {
    const { fetch, requests, release } = heldFetch();
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW });
    expect(await background.handle({ type: 'prefetch', name: 'luigi' }, PAGE)).toEqual({ ok: true, value: { started: true } });
    await settle();
    expect(requests).toContain('GET pypi.org/pypi/luigi/json');
    expect(requests.some((r) => r.includes('api.github.com'))).toBe(false);

    const hints = LUIGI_HINTS;
    const reply = background.handle({ type: 'getReport', name: 'luigi', pageHints: hints }, PAGE);
    await settle();
    // PyPI JSON has not answered yet: the page's links and version let these start already.
    expect(requests).toContain('GET api.github.com/repos/spotify/luigi');
    expect(requests.some((r) => r.startsWith('POST api.osv.dev'))).toBe(true);

    release();
    const answer = (await reply) as { ok: true; value: Report };
    expect(answer.ok).toBe(true);
    expect(answer.value.package.viewedVersion).toBe('3.6.0');
    // The hints reached the verification: the page's verified URL is evidence for the linked repository.
    const repository = answer.value.repository;
    expect(repository.state === 'ok' && repository.data.verification.evidence.map((e) => e.kind)).toContain('page');
    const counts = new Map<string, number>();
    for (const r of requests) counts.set(r, (counts.get(r) ?? 0) + 1);
    expect(
      [...counts].filter(([r, n]) => n > 1 && !r.startsWith('POST')),
      'a GET made twice',
    ).toEqual([]);
    expect(counts.get('GET pypi.org/pypi/luigi/json')).toBe(1);
  });

  it('getReport without a prefetch (the popup, another tab) builds on its own', async () => {
    const { fetch, requests, release } = heldFetch();
    release();
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW });
    await background.handle({ type: 'prefetch', name: 'luigi' }, { ...PAGE, tab: { id: 8 } });
    const answer = await background.handle({ type: 'getReport', name: 'luigi' }, PAGE);
    expect(answer.ok).toBe(true);
    expect(requests.filter((r) => r === 'GET pypi.org/pypi/luigi/json')).toHaveLength(1); // in flight or cached
  });
});

describe("the tab's navigation to a project page starts its build (webRequest, before the page's HTML is back)", () => {
  const projectOfUrl = (url: string) => {
    const match = /^https:\/\/pypi\.org\/project\/([^/]+)\/(?:([^/]+)\/)?$/.exec(url);
    return match ? { name: match[1]!, version: match[2] } : null;
  };

  it("PyPI JSON is asked at navigation; the page's prefetch and getReport join that build (one build, hints still used)", async () => {
    const { fetch, requests, release } = heldFetch();
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW, projectOfUrl });
    const starts = vi.spyOn(PrefetchedReports.prototype, 'start');
    expect(await background.navigationStarted({ url: 'https://pypi.org/project/luigi/', tabId: 7 })).toBe(true);
    await settle();
    expect(requests).toContain('GET pypi.org/pypi/luigi/json');

    // The page's HTML arrives: its document_start prefetch joins the build the navigation started.
    await background.handle({ type: 'prefetch', name: 'luigi' }, PAGE);
    expect(starts.mock.results.map((r) => r.value)).toEqual([true, false]);
    const hints = LUIGI_HINTS;
    const reply = background.handle({ type: 'getReport', name: 'luigi', pageHints: hints }, PAGE);
    await settle();
    expect(requests).toContain('GET api.github.com/repos/spotify/luigi'); // the hints reached the running build
    release();
    const answer = (await reply) as { ok: true; value: Report };
    expect(answer.value.package.viewedVersion).toBe('3.6.0');
    expect(requests.filter((r) => r === 'GET pypi.org/pypi/luigi/json')).toHaveLength(1);
    starts.mockRestore();
  });

  it('a release page starts the build of that version; other pages, and loads outside a tab, start nothing', async () => {
    const { fetch, requests, release } = heldFetch();
    release();
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW, projectOfUrl });
    expect(await background.navigationStarted({ url: 'https://pypi.org/project/luigi/', tabId: -1 })).toBe(false);
    expect(await background.navigationStarted({ url: 'https://pypi.org/project/luigi/#files/x', tabId: 3 })).toBe(false);
    expect(await background.navigationStarted({ url: 'https://pypi.org/search/?q=luigi', tabId: 3 })).toBe(false);
    await settle();
    expect(requests).toEqual([]);
    expect(await background.navigationStarted({ url: 'https://pypi.org/project/luigi/3.6.0/', tabId: 3 })).toBe(true);
    await settle();
    expect(requests).toContain('GET pypi.org/pypi/luigi/3.6.0/json');
  });
});

describe('getEarlyReport: the first three sections before provenance', () => {
  it('answers repository, releases and advisories while the Simple index (provenance) is still out; getReport then adds the rest', async () => {
    const requests: string[] = [];
    let releaseSimple!: () => void;
    const simpleHeld = new Promise<void>((resolve) => (releaseSimple = resolve));
    const fetch = (async (input: string, init: RequestInit = {}) => {
      const { hostname, pathname } = new URL(String(input));
      requests.push(`${init.method ?? 'GET'} ${hostname}${pathname}`);
      if (hostname === 'pypi.org' && pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
      if (hostname === 'pypi.org' && pathname === '/simple/luigi/') {
        await simpleHeld; // an attested project's provenance takes a second round-trip: here, it is simply late
        return new Response(readRecordedText('pypi.org/json/errors/404-FizzBuzz-json.html'), { status: 404 });
      }
      if (hostname === 'api.github.com') return new Response(readRecordedText('api.github.com/repos/PyGithub-PyGithub.json'));
      if (hostname === 'api.osv.dev') return new Response(JSON.stringify(readProjectFixture('assembled-osv-query-empty.json')));
      return new Response('{"message":"Not Found"}', { status: 404 });
    }) as unknown as typeof globalThis.fetch;
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW });
    await background.handle({ type: 'prefetch', name: 'luigi' }, PAGE);
    const hints: PageHints = { verifiedUrls: [], shownVersion: '3.6.0', projectLinks: [] };
    const early = (await background.handle({ type: 'getEarlyReport', name: 'luigi', pageHints: hints }, PAGE)) as {
      ok: true;
      value: EarlyReport;
    };
    const final = background.handle({ type: 'getReport', name: 'luigi', pageHints: hints }, PAGE);
    expect(early.ok).toBe(true);
    expect(Object.keys(early.value).sort()).toEqual(['advisories', 'generatedAt', 'package', 'releases', 'repository']);
    expect(early.value.releases.state).toBe('ok');
    expect(early.value.advisories.state).toBe('ok');
    const repository = early.value.repository;
    expect(repository.state === 'ok' && repository.data.verification).toMatchObject({ status: 'claimed', pending: 'attestations' });
    expect(repository.state === 'ok' && repository.data.github?.state).toBe('ok');

    releaseSimple();
    const answer = (await final) as { ok: true; value: Report };
    expect(answer.ok).toBe(true);
    expect(answer.value.provenance.state).toBe('error');
    const finalRepository = answer.value.repository;
    expect(finalRepository.state === 'ok' && finalRepository.data.verification.pending).toBeUndefined();
    expect(answer.value.verdict.level).toBeDefined();
    // One build behind both answers.
    expect(requests.filter((r) => r === 'GET pypi.org/pypi/luigi/json')).toHaveLength(1);
    expect(requests.filter((r) => r === 'GET api.github.com/repos/spotify/luigi')).toHaveLength(1);
  });

  it('with provenance already settled there is no early stage (null): the whole report follows at once', async () => {
    const fetch = (async (input: string) => {
      const { hostname, pathname } = new URL(String(input));
      if (hostname === 'pypi.org' && pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
      return new Response('{"message":"Not Found"}', { status: 404 });
    }) as unknown as typeof globalThis.fetch;
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW });
    const early = await background.handle({ type: 'getEarlyReport', name: 'luigi' }, PAGE);
    expect(early).toEqual({ ok: true, value: null });
    const final = (await background.handle({ type: 'getReport', name: 'luigi' }, PAGE)) as { ok: true; value: Report };
    expect(final.value.repository.state === 'ok' && final.value.repository.data.verification.pending).toBeUndefined();
  });
});

describe("scanCode after the page's report", () => {
  it('adds the Code section to the report of the same page view: no upstream is asked again, not even one that failed', async () => {
    const requests: string[] = [];
    const fetch = (async (input: string, init: RequestInit = {}) => {
      const { hostname, pathname } = new URL(String(input));
      requests.push(`${init.method ?? 'GET'} ${hostname}${pathname}`);
      if (hostname === 'pypi.org' && pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
      if (hostname === 'api.github.com') return new Response('{"message":"Server Error"}', { status: 500 }); // not cached
      return new Response('{"message":"Not Found"}', { status: 404 });
    }) as unknown as typeof globalThis.fetch;
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW });
    await background.handle({ type: 'prefetch', name: 'luigi' }, PAGE);
    const first = (await background.handle({ type: 'getReport', name: 'luigi' }, PAGE)) as { ok: true; value: Report };
    expect(first.ok).toBe(true);
    expect(first.value.code).toBeUndefined();
    // On a loaded machine the page's own follow-up requests can still be leaving after one settle.
    await quiet(requests);
    const before = requests.length;
    const scanned = (await background.handle({ type: 'scanCode', name: 'luigi' }, PAGE)) as { ok: true; value: Report };
    expect(scanned.ok).toBe(true);
    expect(scanned.value.code?.state).toBeDefined();
    expect(scanned.value.repository).toEqual(first.value.repository);
    expect(scanned.value.releases).toEqual(first.value.releases);
    const asked = requests.slice(before);
    expect(asked.filter((r) => !r.includes('files.pythonhosted.org'))).toEqual([]);
    // Another tab (no report of its own) still gets a whole report with its code checks.
    const other = (await background.handle({ type: 'scanCode', name: 'luigi' }, { ...PAGE, tab: { id: 99 } })) as {
      ok: true;
      value: Report;
    };
    expect(other.ok && other.value.code?.state).toBeDefined();
  });
});

describe("getDependencies after the page's report", () => {
  it('adds the Dependencies section on its own message, downloading no archive; the later scanCode answer carries both', async () => {
    const requests: string[] = [];
    const fetch = (async (input: string, init: RequestInit = {}) => {
      const { hostname, pathname } = new URL(String(input));
      requests.push(`${init.method ?? 'GET'} ${hostname}${pathname}`);
      if (hostname === 'pypi.org' && pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
      return new Response('{"message":"Not Found"}', { status: 404 });
    }) as unknown as typeof globalThis.fetch;
    const background = createBackground({ storage: memoryArea(), extensionId: EXTENSION_ID, fetch, now: () => NOW });
    await background.handle({ type: 'prefetch', name: 'luigi' }, PAGE);
    const first = (await background.handle({ type: 'getReport', name: 'luigi' }, PAGE)) as { ok: true; value: Report };
    expect(first.value.dependencies).toBeUndefined();
    await settle();
    const before = requests.length;
    const withDependencies = (await background.handle({ type: 'getDependencies', name: 'luigi' }, PAGE)) as { ok: true; value: Report };
    expect(withDependencies.ok).toBe(true);
    expect(withDependencies.value.dependencies?.state).toBe('ok');
    expect(withDependencies.value.code).toBeUndefined();
    expect(requests.slice(before).filter((r) => r.includes('files.pythonhosted.org'))).toEqual([]);
    const scanned = (await background.handle({ type: 'scanCode', name: 'luigi' }, PAGE)) as { ok: true; value: Report };
    expect(scanned.value.code?.state).toBeDefined();
    expect(scanned.value.dependencies).toEqual(withDependencies.value.dependencies);
  });
});

describe('PrefetchedReports', () => {
  const report = { verdict: { level: 'good', headline: 'x' } } as unknown as Report;
  const early = { generatedAt: 'x' } as unknown as EarlyReport;
  const stages = (r: Promise<Report>) => ({ report: r, early: r.then(() => early) });

  it('hands the page hints to the build it joins, once', async () => {
    const prefetched = new PrefetchedReports(() => NOW);
    let seen: Promise<PageHints | undefined> | null = null;
    const key = PrefetchedReports.key(3, 'Luigi', undefined)!;
    prefetched.start(key, (hints) => ((seen = hints), stages(hints.then(() => report))));
    const hints = { verifiedUrls: ['https://github.com/spotify/luigi'] };
    expect(await prefetched.take(PrefetchedReports.key(3, 'luigi', undefined), hints)).toBe(report);
    expect(await seen).toEqual(hints);
    expect(prefetched.take(key, hints)).toBeNull();
  });

  it('the early stage gives the hints too and leaves the entry for the getReport that follows', async () => {
    const prefetched = new PrefetchedReports(() => NOW);
    let seen: Promise<PageHints | undefined> | null = null;
    const key = PrefetchedReports.key(4, 'luigi', undefined)!;
    prefetched.start(key, (hints) => ((seen = hints), stages(hints.then(() => report))));
    const hints = { verifiedUrls: [] };
    expect(await prefetched.early(key, hints)).toBe(early);
    expect(await seen).toEqual(hints);
    expect(await prefetched.take(key, hints)).toBe(report);
    expect(prefetched.early(key, hints)).toBeNull();
  });

  it('keys by tab, name and version; no tab, no key', () => {
    expect(PrefetchedReports.key(undefined, 'luigi', undefined)).toBeNull();
    expect(PrefetchedReports.key(-1, 'luigi', undefined)).toBeNull();
    expect(PrefetchedReports.key(1, 'luigi', '3.6.0')).not.toBe(PrefetchedReports.key(1, 'luigi', undefined));
    expect(PrefetchedReports.key(1, 'luigi', undefined)).not.toBe(PrefetchedReports.key(2, 'luigi', undefined));
  });

  it('a page that never sends its hints: the build goes on without them', async () => {
    vi.useFakeTimers();
    const prefetched = new PrefetchedReports(() => NOW);
    let seen: Promise<PageHints | undefined> | null = null;
    prefetched.start('k', (hints) => ((seen = hints), stages(Promise.resolve(report))));
    vi.advanceTimersByTime(PREFETCH_HINTS_WAIT_MS);
    expect(await seen).toBeUndefined();
  });

  it('a second start of the same page view joins the running build, unless the page already gave it its hints or it is old', () => {
    let now = NOW;
    const prefetched = new PrefetchedReports(() => now);
    const builds: string[] = [];
    const build = (label: string) => () => (builds.push(label), stages(Promise.resolve(report)));
    expect(prefetched.start('k', build('navigation'))).toBe(true);
    now += PREFETCH_JOIN_MS;
    expect(prefetched.start('k', build('prefetch'))).toBe(false); // the page's prefetch, one round-trip later
    expect(prefetched.early('k', undefined)).not.toBeNull(); // the page gave its hints: that view is served
    expect(prefetched.start('k', build('reload'))).toBe(true); // a new view of the same page
    now += PREFETCH_JOIN_MS + 1;
    expect(prefetched.start('k', build('late'))).toBe(true);
    expect(builds).toEqual(['navigation', 'reload', 'late']);
  });

  it('a stale build is not joined; clear() lets every waiting build go on', async () => {
    let now = NOW;
    const prefetched = new PrefetchedReports(() => now);
    prefetched.start('old', () => stages(Promise.resolve(report)));
    now += PREFETCH_KEEP_MS + 1;
    expect(prefetched.take('old', undefined)).toBeNull();
    let seen: Promise<PageHints | undefined> | null = null;
    prefetched.start('k', (hints) => ((seen = hints), stages(Promise.resolve(report))));
    prefetched.clear();
    expect(await seen).toBeUndefined();
    expect(prefetched.take('k', undefined)).toBeNull();
  });
});
