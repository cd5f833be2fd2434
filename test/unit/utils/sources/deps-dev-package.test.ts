// deps.dev GetPackage (`/v3/systems/pypi/packages/<name>`): when a project was first published. No response
// was recorded, so the body is synthetic, written to api.proto's `Package` message with every date taken from
// the recorded Simple index (test/fixtures/SYNTHETIC.md); and the graph-wide check: a cap, a bound, a cache.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_CHECK_CONCURRENCY, checkDependencyAges, MAX_AGE_CHECKS } from '../../../../utils/background/build/dependency-ages';
import { DepsDevPackageBody, fetchFirstPublished, firstPublishedAt } from '../../../../utils/sources/deps-dev';
import { readProjectFixture } from '../../../support/fixtures';
import { jsonResponse, recordingHttp } from './recorded-responses';
import * as z from 'zod/mini';

const REQUESTS = 'synthetic-depsdev-package-requests.json';
const dated = (at: string) => ({ versionKey: { system: 'PYPI', name: 'x', version: '1.0' }, publishedAt: at, isDefault: true });

describe('firstPublishedAt', () => {
  it("requests: the earliest publishedAt of its 160 versions, 0.2.0's upload on 2011-02-14", () => {
    const body = z.parse(DepsDevPackageBody, readProjectFixture(REQUESTS));
    expect(body.versions).toHaveLength(160);
    expect(firstPublishedAt(body)).toBe('2011-02-14T08:49:42.641660Z');
  });

  it('skips versions without a date or with one that is not RFC 3339; null when none is dated', () => {
    const body = z.parse(DepsDevPackageBody, {
      versions: [
        dated('yesterday'),
        { versionKey: { version: '0.1' } },
        null,
        dated('2024-05-01T10:00:00+02:00'),
        dated('2025-01-01T00:00:00Z'),
      ],
    });
    expect(firstPublishedAt(body)).toBe('2024-05-01T10:00:00+02:00');
    expect(firstPublishedAt(z.parse(DepsDevPackageBody, { versions: [] }))).toBeNull();
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const parsed = z.safeParse(DepsDevPackageBody, raw);
        if (parsed.success) firstPublishedAt(parsed.data);
      }),
    );
  });
});

describe('fetchFirstPublished', () => {
  it('one GET by normalised name; a second ask is answered from the cache, no request', async () => {
    const { http, calls } = recordingHttp(() => jsonResponse(readProjectFixture(REQUESTS)));
    const first = await fetchFirstPublished(http, 'Requests');
    expect(first).toMatchObject({ state: 'ok', data: { firstPublishedAt: '2011-02-14T08:49:42.641660Z' } });
    expect(calls.map((c) => c.url)).toEqual(['https://api.deps.dev/v3/systems/pypi/packages/requests']);
    const again = await fetchFirstPublished(http, 'requests');
    expect(again).toMatchObject({ state: 'ok', fromCache: true, data: { firstPublishedAt: '2011-02-14T08:49:42.641660Z' } });
    expect(calls).toHaveLength(1);
  });

  it('a project deps.dev does not know is an error section, not an age', async () => {
    const { http } = recordingHttp(() => jsonResponse({ code: 5, message: 'package not found' }, 404));
    expect((await fetchFirstPublished(http, 'no-such-project')).state).toBe('error');
  });
});

describe('checkDependencyAges', () => {
  it(`asks at most ${MAX_AGE_CHECKS} projects, direct ones first, each once, never more than ${AGE_CHECK_CONCURRENCY} at a time`, async () => {
    let inFlight = 0;
    let most = 0;
    const { http, calls } = recordingHttp(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return jsonResponse({ versions: [dated('2020-01-01T00:00:00Z')] });
    });
    const nodes = [
      ...Array.from({ length: 70 }, (_, i) => ({ name: `indirect-${i}`, relation: 'indirect' })),
      { name: 'Direct_One', relation: 'direct' },
      { name: 'direct-one', relation: 'indirect' },
      { name: 'direct-two', relation: 'direct' },
    ];
    const ages = await checkDependencyAges(http, nodes);
    expect(calls).toHaveLength(MAX_AGE_CHECKS);
    expect(calls.slice(0, 2).map((c) => c.url.split('/').pop())).toEqual(['direct-one', 'direct-two']);
    expect(most).toBeLessThanOrEqual(AGE_CHECK_CONCURRENCY);
    expect(most).toBeGreaterThan(1);
    expect(ages.checks).toEqual({
      state: 'ok',
      asked: MAX_AGE_CHECKS,
      answered: MAX_AGE_CHECKS,
      notAsked: 72 - MAX_AGE_CHECKS,
      cap: MAX_AGE_CHECKS,
    });
    expect(ages.firstPublished.get('direct-one')).toBe('2020-01-01T00:00:00Z');
  });

  it('answers that fail or carry no date are counted as asked but not answered', async () => {
    const { http } = recordingHttp((call) =>
      call.url.endsWith('/known')
        ? jsonResponse({ versions: [dated('2020-01-01T00:00:00Z')] })
        : jsonResponse({ message: 'Not Found' }, 404),
    );
    const ages = await checkDependencyAges(http, [
      { name: 'known', relation: 'direct' },
      { name: 'unknown', relation: 'direct' },
    ]);
    expect(ages.checks).toMatchObject({ asked: 2, answered: 1, notAsked: 0 });
    expect([...ages.firstPublished.keys()]).toEqual(['known']);
  });
});
