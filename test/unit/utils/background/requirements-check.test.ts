// The requirements check in the background: which requests it makes (one querybatch, PyPI only for
// unpinned lines, one record per advisory id) and what it concludes, on recorded OSV answers.
import { describe, expect, it } from 'vitest';
import { checkRequirements, MAX_ADVISORY_RECORDS, type RequirementItem } from '../../../../utils/background/requirements-check';
import { DEFAULT_SETTINGS, type Settings } from '../../../../utils/contract/settings';
import { Http } from '../../../../utils/sources/http';
import { createTopListLoader } from '../../../../utils/background/top-list';
import { createOwnershipMemory } from '../../../../utils/background/ownership-memory';
import { memoryArea } from '../../../support/memory-area';
import { fetchBatchAnswers } from '../../../../utils/sources/osv-batch';
import { assembledPysecText, requirementsQueries, QUERYBATCH_BODY } from '../../../support/assembled-popup';
import { readProjectFixture, readRecordedText } from '../../../support/fixtures';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const BATCH_RECORDED = 'api.osv.dev/querybatch/pypi-django-1.11.29-flask-1.0.0-requests-2.20.0.json';
const MAL = readRecordedText('api.osv.dev/vulns/MAL-2026-15859.ossf-malicious-packages.json');

type Call = { method: string; url: string; body: unknown };

/** A fake upstream: recorded bodies where they exist, OSV's 404 for unrecorded advisory records. */
function upstream(batchBody: (queries: unknown[]) => unknown = () => JSON.parse(readRecordedText(BATCH_RECORDED))) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method: init.method ?? 'GET', url: String(url), body });
    const path = new URL(String(url)).pathname;
    const json = (value: unknown, status = 200) => new Response(typeof value === 'string' ? value : JSON.stringify(value), { status });
    if (path === '/v1/querybatch') return json(batchBody((body as { queries: unknown[] }).queries));
    if (path === '/v1/vulns/MAL-2026-15859') return json(MAL);
    const pysec = /^\/v1\/vulns\/(PYSEC-20(21-98|23-62|23-74))$/.exec(path);
    if (pysec) return json(assembledPysecText(pysec[1]!));
    if (path.startsWith('/v1/vulns/')) return json({ code: 5, message: 'Bug not found.' }, 404);
    if (path === '/pypi/luigi/json') return json(readRecordedText('pypi.org/json/luigi.json'));
    if (new URL(String(url)).host === 'hugovk.github.io') return json(readRecordedText('data/top-pypi-packages.json'));
    return json({ message: 'Not Found' }, 404);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function deps(fetch: typeof globalThis.fetch, settings: Settings = DEFAULT_SETTINGS) {
  return { http: new Http({ fetch, now: () => NOW }), settings, now: () => NOW };
}

const pin = (name: string, version: string): RequirementItem => ({ name, pinned: version, specifier: null });

describe('checkRequirements', () => {
  it('recorded batch: django, flask and requests get advisories, fixed-in versions and an upgrade target', async () => {
    const { fetch, calls } = upstream();
    const check = await checkRequirements(deps(fetch), [pin('Django', '1.11.29'), pin('flask', '1.0.0'), pin('requests', '2.20.0')]);
    expect(calls.filter((c) => c.url.endsWith('/v1/querybatch'))).toHaveLength(1);
    expect(calls.some((c) => c.url.includes('pypi.org'))).toBe(false); // pinned lines: OSV alone
    const [django, flask, requests] = check.results;
    expect(django).toMatchObject({
      normalizedName: 'django',
      checkedVersion: '1.11.29',
      upgradeTo: '2.2.24',
      verdict: { level: 'caution' },
    });
    expect(django!.advisories.find((a) => a.id === 'PYSEC-2021-98')).toMatchObject({
      fixedIn: ['2.2.24', '3.1.12', '3.2.4'],
      detailsLoaded: true,
    });
    // Nine ids, one of them (GHSA-…) an alias that PYSEC-2021-98's record names: eight vulnerabilities.
    expect(django!.advisories).toHaveLength(8);
    expect(django!.notes).toContain('7 advisory records did not load: fixed versions for them unknown.');
    expect(flask).toMatchObject({ upgradeTo: '2.2.5' });
    // PYSEC-2023-74 lists GHSA-j8r2-6x86-q33q as an alias: the vulnerability is listed once, by the loaded record.
    expect(requests!.advisories.map((a) => a.id)).not.toContain('GHSA-j8r2-6x86-q33q');
    expect(requests!.advisories).toHaveLength(7);
    expect(requests).toMatchObject({ upgradeTo: '2.31.0' });
  });

  it('each advisory record is fetched once even when ids repeat across lines', async () => {
    const { fetch, calls } = upstream();
    await checkRequirements(deps(fetch), [pin('django', '1.11.29'), pin('flask', '1.0.0'), pin('requests', '2.20.0')]);
    const records = calls.filter((c) => c.url.includes('/v1/vulns/')).map((c) => c.url);
    expect(new Set(records).size).toBe(records.length);
    expect(records).toHaveLength(9 + 4 + 8);
  });

  it('a pinned malicious package is danger, with "remove it" rather than an upgrade', async () => {
    const { fetch } = upstream(() => ({ results: [{ vulns: [{ id: 'MAL-2026-15859', modified: '2026-09-04T00:47:46Z' }] }] }));
    const [row] = (await checkRequirements(deps(fetch), [pin('0requests', '0.0.1')])).results;
    expect(row!.verdict.level).toBe('danger');
    expect(row!.verdict.headline).toMatch(/known malicious package \(MAL-2026-15859\)/);
    expect(row!.advisories[0]).toMatchObject({ id: 'MAL-2026-15859', malicious: true, summary: 'Malicious code in 0requests (PyPI)' });
    expect(row!.upgradeTo).toBeNull();
  });

  it('a pin a malicious record names among a few versions asks PyPI for the history: a compromised release of a long-lived project', async () => {
    // SYNTHETIC record: the recorded litellm record (MAL-2026-2144) re-aimed at luigi 3.5.1 and 3.5.2, so the
    // release history is a recorded one (pypi.org/json/luigi.json: 84 releases since 2012). The batch result is
    // that record reduced to {id, modified}, the querybatch shape.
    const litellm = JSON.parse(readRecordedText('api.osv.dev/vulns/MAL-2026-2144.ossf-malicious-packages.json')) as {
      id: string;
      modified: string;
      affected: unknown[];
    };
    const record = { ...litellm, affected: [{ package: { ecosystem: 'PyPI', name: 'luigi' }, versions: ['3.5.1', '3.5.2'] }] };
    const calls: string[] = [];
    const fetch = (async (url: string) => {
      calls.push(String(url));
      const path = new URL(String(url)).pathname;
      if (path === '/v1/querybatch')
        return new Response(JSON.stringify({ results: [{ vulns: [{ id: litellm.id, modified: litellm.modified }] }] }));
      if (path === '/v1/vulns/MAL-2026-2144') return new Response(JSON.stringify(record));
      if (path === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
      return new Response('{"message":"Not Found"}', { status: 404 });
    }) as unknown as typeof globalThis.fetch;
    const [row] = (await checkRequirements(deps(fetch), [pin('luigi', '3.5.1')])).results;
    expect(calls).toEqual([
      'https://api.osv.dev/v1/querybatch',
      'https://api.osv.dev/v1/vulns/MAL-2026-2144',
      'https://pypi.org/pypi/luigi/json',
    ]);
    expect(row).toMatchObject({
      verdict: {
        level: 'danger',
        headline:
          'Danger: this release was compromised (3.5.1: MAL-2026-2144) — remove it and rotate every secret of the machine that installed it',
      },
      upgradeTo: '3.6.0',
      latestVersion: '3.6.0',
      notes: ['3.5.1, 3.5.2 were compromised; the latest release 3.6.0 is not named.'],
    });
  });

  it('0requests==0.0.1: PyPI no longer has a history for it (404), so it stays a known malicious package', async () => {
    const { fetch, calls } = upstream(() => ({ results: [{ vulns: [{ id: 'MAL-2026-15859', modified: '2026-09-04T00:47:46Z' }] }] }));
    const [row] = (await checkRequirements(deps(fetch), [pin('0requests', '0.0.1')])).results;
    expect(calls.map((c) => c.url)).toContain('https://pypi.org/pypi/0requests/json');
    expect(row!.verdict.headline).toBe(
      'Danger: known malicious package (MAL-2026-15859) — remove it; treat secrets on machines that installed it as stolen',
    );
  });

  it('an unpinned line is checked at the latest release from PyPI, and says so', async () => {
    const { fetch, calls } = upstream((queries) => ({ results: queries.map(() => ({})) }));
    const [row] = (await checkRequirements(deps(fetch), [{ name: 'luigi', pinned: null, specifier: '>=3,<3.5' }])).results;
    expect(calls[0]!.url).toBe('https://pypi.org/pypi/luigi/json');
    expect((calls[1]!.body as { queries: unknown[] }).queries).toEqual([
      { package: { name: 'luigi', ecosystem: 'PyPI' }, version: '3.6.0' },
    ]);
    expect(row).toMatchObject({ pinned: false, checkedVersion: '3.6.0', latestVersion: '3.6.0', onPypi: true, verdict: { level: 'info' } });
    expect(row!.notes).toEqual([
      'Unpinned (>=3,<3.5): checked at the latest release 3.6.0.',
      'The latest release 3.6.0 is outside >=3,<3.5: pip installs an older release, which was not checked.',
    ]);
  });

  it('an unpinned name PyPI does not know is "not on PyPI" (asked without a version, for MAL- ids)', async () => {
    const { fetch, calls } = upstream((queries) => ({ results: queries.map(() => ({})) }));
    const [row] = (await checkRequirements(deps(fetch), [{ name: 'no-such-package-xyz', pinned: null, specifier: null }])).results;
    expect((calls.at(-1)!.body as { queries: unknown[] }).queries).toEqual([
      { package: { name: 'no-such-package-xyz', ecosystem: 'PyPI' } },
    ]);
    expect(row).toMatchObject({ onPypi: false, checkedVersion: null, verdict: { level: 'caution' } });
  });

  it('with the most-downloaded list: a name weakly like a popular one and not on PyPI is a caution, "if you meant"', async () => {
    const { fetch } = upstream((queries) => ({ results: queries.map(() => ({})) }));
    const http = new Http({ fetch, now: () => NOW });
    const identity = { topList: createTopListLoader(http, () => NOW), ownership: createOwnershipMemory(memoryArea()) };
    const { results } = await checkRequirements({ ...deps(fetch), identity }, [
      { name: 'boto3-wiki', pinned: null, specifier: null },
      { name: 'luigi', pinned: null, specifier: null },
    ]);
    expect(results[0]).toMatchObject({ onPypi: false, verdict: { level: 'caution' } });
    expect(results[0]!.verdict.headline).toMatch(
      /^Caution: not on PyPI — boto3-wiki .*boto3 \(#1 most downloaded\); if you meant boto3, use that name/,
    );
    // luigi is itself listed: no name note.
    expect(results[1]!.verdict.headline).not.toMatch(/resembles|if you meant/);
  });

  it('OSV turned off: no OSV request, every line "unknown"', async () => {
    const { fetch, calls } = upstream();
    const settings = { ...DEFAULT_SETTINGS, sources: { ...DEFAULT_SETTINGS.sources, osv: false } };
    const check = await checkRequirements(deps(fetch, settings), [pin('django', '1.11.29')]);
    expect(calls).toEqual([]);
    expect(check.osv).toEqual({ state: 'disabled' });
    expect(check.results[0]!.verdict.headline).toMatch(/OSV is turned off/);
  });

  it('OSV failing: the check still answers, every line "unknown" with the reason', async () => {
    const fetch = (async () => new Response('{"message":"Fixture fault 503"}', { status: 503 })) as unknown as typeof globalThis.fetch;
    const check = await checkRequirements(deps(fetch), [pin('django', '1.11.29')]);
    expect(check.osv.state).toBe('error');
    expect(check.results[0]!.verdict).toMatchObject({
      level: 'unknown',
      headline: expect.stringMatching(/advisories not checked \(api\.osv\.dev answered 503/),
    });
  });

  it('500 pinned lines: one querybatch; identical lines are asked once', async () => {
    const { fetch, calls } = upstream((queries) => ({ results: queries.map(() => ({})) }));
    const items = Array.from({ length: 500 }, (_, i) => pin(`package-${i % 400}`, '1.0.0'));
    const check = await checkRequirements(deps(fetch), items);
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as { queries: unknown[] }).queries).toHaveLength(400);
    expect(check.results).toHaveLength(500);
    expect(check.results.every((r) => r.verdict.level === 'info')).toBe(true);
  });

  it(`caps advisory records at ${MAX_ADVISORY_RECORDS} per check; the rest are listed by id`, async () => {
    const ids = Array.from({ length: MAX_ADVISORY_RECORDS + 50 }, (_, i) => `GHSA-test-${i}`);
    const { fetch, calls } = upstream(() => ({ results: [{ vulns: ids.map((id) => ({ id })) }] }));
    const [row] = (await checkRequirements(deps(fetch), [pin('django', '1.11.29')])).results;
    expect(calls.filter((c) => c.url.includes('/v1/vulns/'))).toHaveLength(MAX_ADVISORY_RECORDS);
    expect(row!.advisories).toHaveLength(ids.length);
  });

  it('sends exactly the queries the popup scenario answers for requirements-30.txt', async () => {
    const { fetch, calls } = upstream(() => readProjectFixture(QUERYBATCH_BODY));
    const items = requirementsQueries().map((q) => pin(q.package.name, q.version!));
    await checkRequirements(deps(fetch), items);
    expect((calls.find((c) => c.url.endsWith('/v1/querybatch'))!.body as { queries: unknown[] }).queries).toEqual(requirementsQueries());
  });
});

describe('fetchBatchAnswers', () => {
  it('chunks at OSV’s 1000-query limit and keeps the answers in order', async () => {
    const sizes: number[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      const { queries } = JSON.parse(String(init.body)) as { queries: { package: { name: string } }[] };
      sizes.push(queries.length);
      return new Response(JSON.stringify({ results: queries.map((q) => ({ vulns: [{ id: `ID-${q.package.name}` }] })) }));
    }) as unknown as typeof globalThis.fetch;
    const queries = Array.from({ length: 2500 }, (_, i) => ({ name: `p${i}`, version: '1.0' }));
    const answer = await fetchBatchAnswers(new Http({ fetch, now: () => NOW }), queries);
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(answer.state === 'ok' && answer.data.map((a) => a.ids[0])).toEqual(queries.map((q) => `ID-${q.name}`));
  });

  it('sends nothing when a query is not a valid name or version', async () => {
    const fetch = (() => {
      throw new Error('must not be called');
    }) as unknown as typeof globalThis.fetch;
    const answer = await fetchBatchAnswers(new Http({ fetch }), [
      { name: 'ok', version: '1' },
      { name: 'not ok', version: '1' },
    ]);
    expect(answer.state).toBe('error');
  });

  it('a batch answer with the wrong number of results is malformed, not misattributed', async () => {
    const fetch = (async () => new Response(readRecordedText(BATCH_RECORDED))) as unknown as typeof globalThis.fetch;
    const answer = await fetchBatchAnswers(new Http({ fetch }), [{ name: 'django', version: '1.11.29' }]);
    expect(answer.state === 'error' && answer.error.kind).toBe('malformed');
  });
});
