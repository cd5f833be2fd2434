// Search badges (issue 20 §1): OSV's querybatch leaves with the PyPI requests, not after them, and a hinted
// version never decides a badge. A fake fetch holds PyPI's answers back to show what is asked meanwhile.
import { describe, expect, it } from 'vitest';
import { buildBadges } from '../../../../../utils/background/build/badges';
import { DEFAULT_SETTINGS } from '../../../../../utils/contract/settings';
import { Http, MemoryCache } from '../../../../../utils/sources/http';
import { readProjectFixture, readRecordedText } from '../../../../support/fixtures';

type Query = { package: { name: string }; version?: string };
// Built from recorded parts: the flask 1.0.0 result (four advisories) and the empty result (ASSEMBLED.md).
const assembled = readProjectFixture('assembled-osv-querybatch-search-flask.json') as { results: unknown[] };
const [WITH_ADVISORIES, EMPTY] = [assembled.results[0], assembled.results[1]];
const PYPI: Record<string, string> = { luigi: 'pypi.org/json/luigi.json', octocheese: 'pypi.org/json/octocheese.json' };

/** `advisories`: which "name@version" (or "name" for a name-only query) OSV knows advisories for. */
function upstream(advisories: string[]) {
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
    await pypiHeld;
    const name = /\/pypi\/([^/]+)\/json$/.exec(url)?.[1] ?? '';
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
