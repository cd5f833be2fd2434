// Search badges (issue 20 §1): OSV's querybatch leaves with the PyPI requests, not after them, and a hinted
// version never decides a badge. A fake fetch holds PyPI's answers back to show what is asked meanwhile.
import { describe, expect, it } from 'vitest';
import { buildBadges } from '../../../../../utils/background/build/badges';
import { DEFAULT_SETTINGS } from '../../../../../utils/contract/settings';
import { Http, MemoryCache } from '../../../../../utils/sources/http';
import { fetchReleaseFacts } from '../../../../../utils/sources/pypi-json';
import { readProjectFixture, readRecordedText } from '../../../../support/fixtures';

type Query = { package: { name: string }; version?: string };
// Built from recorded parts: the flask 1.0.0 result (four advisories) and the empty result (ASSEMBLED.md).
const assembled = readProjectFixture('assembled-osv-querybatch-search-flask.json') as { results: unknown[] };
const [WITH_ADVISORIES, EMPTY] = [assembled.results[0], assembled.results[1]];
const PYPI: Record<string, string> = { luigi: 'pypi.org/json/luigi.json', octocheese: 'pypi.org/json/octocheese.json' };

/**
 * `advisories`: which "name@version" (or "name" for a name-only query) OSV knows advisories for. `held`: the names
 * whose PyPI answer waits for `release()` (default: every name's).
 */
function upstream(advisories: string[], held?: string[]) {
  const log: { url: string; queries?: Query[] }[] = [];
  let release!: () => void;
  const pypiHeld = new Promise<void>((resolve) => (release = resolve));
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/v1/querybatch')) {
      const queries = (JSON.parse(String(init?.body)) as { queries: Query[] }).queries;
      log.push({ url, queries });
      const key = (q: Query) => (q.version ? `${q.package.name}@${q.version}` : q.package.name);
      return json({ results: queries.map((q) => (advisories.includes(key(q)) ? WITH_ADVISORIES : EMPTY)) });
    }
    log.push({ url });
    const name = /\/pypi\/([^/]+)\/json$/.exec(url)?.[1] ?? '';
    if (!held || held.includes(name)) await pypiHeld;
    return PYPI[name]
      ? new Response(readRecordedText(PYPI[name]), { headers: { 'content-type': 'application/json' } })
      : json({ message: 'Not Found' }, 404);
  }) as typeof globalThis.fetch;
  const deps = {
    http: new Http({ fetch, cache: new MemoryCache() }),
    settings: DEFAULT_SETTINGS,
    now: () => Date.parse('2026-12-07T00:00:00Z'),
  };
  const until = async (predicate: () => boolean) => {
    for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(predicate()).toBe(true);
  };
  return { log, release, deps, until, batches: () => log.filter((e) => e.queries).map((e) => e.queries!) };
}

describe('search badges', () => {
  it('asks OSV about the shown versions while every PyPI request is still out: one querybatch when they are the latest', async () => {
    const up = upstream(['luigi@3.6.0']);
    const badges = buildBadges(up.deps, ['luigi', 'octocheese'], { luigi: '3.6.0', octocheese: '0.7.0' });
    await up.until(() => up.log.length === 3);
    // No PyPI answer yet, and OSV has been asked, with the versions the page shows.
    expect(up.batches()).toEqual([
      [
        { package: { name: 'luigi', ecosystem: 'PyPI' }, version: '3.6.0' },
        { package: { name: 'octocheese', ecosystem: 'PyPI' }, version: '0.7.0' },
      ],
    ]);
    up.release();
    const result = await badges;
    expect(up.batches()).toHaveLength(1);
    expect(result.luigi).toMatchObject({ latestVersion: '3.6.0', advisoryCount: 4 });
    expect(result.octocheese).toMatchObject({ latestVersion: '0.7.0', advisoryCount: 0 });
  });

  it('without shown versions asks by name in parallel; only a name OSV knows advisories for is asked again with the latest', async () => {
    // OSV knows advisories of the name luigi, none of its latest release.
    const up = upstream(['luigi']);
    const badges = buildBadges(up.deps, ['luigi', 'octocheese']);
    await up.until(() => up.batches().length === 1);
    expect(up.log.filter((e) => e.url.includes('pypi.org'))).toHaveLength(2);
    expect(up.batches()[0]!.map((q) => q.version)).toEqual([undefined, undefined]);
    up.release();
    const result = await badges;
    expect(up.batches()[1]).toEqual([{ package: { name: 'luigi', ecosystem: 'PyPI' }, version: '3.6.0' }]);
    expect(result.luigi).toMatchObject({ advisoryCount: 0 });
  });

  it("asks that second batch as soon as the names it needs are read, not after every other result's PyPI answer", async () => {
    const up = upstream(['luigi'], ['octocheese']);
    const badges = buildBadges(up.deps, ['luigi', 'octocheese']);
    // octocheese's PyPI answer is still held: luigi's latest release is already asked about.
    await up.until(() => up.batches().length === 2);
    expect(up.batches()[1]).toEqual([{ package: { name: 'luigi', ecosystem: 'PyPI' }, version: '3.6.0' }]);
    up.release();
    const result = await badges;
    expect(result.luigi).toMatchObject({ advisoryCount: 0 });
    expect(result.octocheese).toMatchObject({ latestVersion: '0.7.0', advisoryCount: 0 });
  });

  it('a shown version that is not the latest is asked again: the badge is the latest release’s', async () => {
    const up = upstream(['luigi@1.0.0']);
    const badges = buildBadges(up.deps, ['luigi'], { luigi: '1.0.0' });
    await up.until(() => up.batches().length === 1);
    up.release();
    const result = await badges;
    expect(up.batches().map((b) => b.map((q) => q.version))).toEqual([['1.0.0'], ['3.6.0']]);
    expect(result.luigi).toMatchObject({ advisoryCount: 0 });
  });

  it('sends 24 PyPI requests at once (HTTP/2), not six', async () => {
    const up = upstream([]);
    const names = Array.from({ length: 30 }, (_, i) => `pkg${i}`);
    const badges = buildBadges(up.deps, names);
    await up.until(() => up.log.filter((e) => e.url.includes('pypi.org')).length === 24);
    await new Promise((r) => setTimeout(r, 30));
    expect(up.log.filter((e) => e.url.includes('pypi.org'))).toHaveLength(24);
    up.release();
    await badges;
    expect(up.log.filter((e) => e.url.includes('pypi.org'))).toHaveLength(30);
  });
});

describe('warm search badges: one small summary per project (issue 20 §1, warm)', () => {
  const START = Date.parse('2026-12-07T00:00:00Z');

  /** One cache shared by successive workers (each a fresh Http, as after a restart); what each reads of it is logged. */
  function warmSetup() {
    const clock = { now: START };
    const cache = new MemoryCache();
    const reads: string[] = [];
    const fetched: string[] = [];
    const store = {
      get: (key: string) => (reads.push(key), cache.get(key)),
      set: (key: string, entry: Parameters<MemoryCache['set']>[1]) => cache.set(key, entry),
      clear: () => cache.clear(),
      size: () => cache.size(),
    };
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      fetched.push(url);
      if (url.endsWith('/v1/querybatch')) {
        const queries = (JSON.parse(String(init?.body)) as { queries: Query[] }).queries;
        return new Response(JSON.stringify({ results: queries.map(() => EMPTY) }), { headers: { 'content-type': 'application/json' } });
      }
      const name = /\/pypi\/([^/]+)\/json$/.exec(url)?.[1] ?? '';
      return new Response(readRecordedText(PYPI[name]!), { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    /** A new worker on the same cache: nothing in memory, nothing queued. */
    const worker = () => {
      const http = new Http({ fetch, cache: store, now: () => clock.now });
      return { http, settings: DEFAULT_SETTINGS, now: () => clock.now };
    };
    const page = async () => {
      const deps = worker();
      reads.length = 0;
      fetched.length = 0;
      const badges = await buildBadges(deps, ['luigi', 'octocheese']);
      await deps.http.flushWrites();
      return badges;
    };
    return { clock, reads, fetched, page, worker };
  }
  const bodyReads = (reads: string[]) => reads.filter((key) => key.includes('https://pypi.org/pypi/'));

  it('a warm page reads one summary per project, not its PyPI JSON body, and shows the same badges', async () => {
    const setup = warmSetup();
    const cold = await setup.page();
    expect(bodyReads(setup.reads).length).toBeGreaterThan(0); // cold: the bodies were looked up, then fetched
    const warm = await setup.page();
    expect(setup.fetched).toEqual([]);
    expect(bodyReads(setup.reads)).toEqual([]);
    expect(setup.reads.filter((key) => key.startsWith('badge-facts:')).sort()).toEqual(['badge-facts:luigi', 'badge-facts:octocheese']);
    expect(warm).toEqual(cold);
  });

  it('a summary expires with the body it was read from: past the body’s TTL the project is asked again', async () => {
    const setup = warmSetup();
    // A project page fetched the bodies at START; no summary yet.
    const projectPage = setup.worker();
    await Promise.all(['luigi', 'octocheese'].map((name) => fetchReleaseFacts(projectPage.http, name)));
    await projectPage.http.flushWrites();
    // 50 minutes on, the bodies (one hour) are still fresh: the summaries made now must live 10 minutes, not an hour.
    setup.clock.now = START + 50 * 60_000;
    await setup.page();
    expect(setup.fetched.filter((url) => url.includes('/pypi/'))).toEqual([]);
    expect(setup.reads.filter((key) => key.startsWith('badge-facts:')).length).toBe(2);
    setup.clock.now = START + 61 * 60_000;
    await setup.page();
    expect(setup.fetched.filter((url) => url.includes('/pypi/')).sort()).toEqual([
      'https://pypi.org/pypi/luigi/json',
      'https://pypi.org/pypi/octocheese/json',
    ]);
  });
});
