import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Advisory, PypiVulnerability } from '../../../../utils/contract/report';
import {
  BATCH_CHUNK_SIZE,
  MAX_QUERY_PAGES,
  advisoryFacts,
  fetchAdvisories,
  pypiOnlyIds,
  fetchOsvVulns,
  mergePypiVulnerabilities,
  normaliseOsvVuln,
} from '../../../../utils/sources/osv';
import { fetchBatchSummary, fetchMaliciousHistory } from '../../../../utils/sources/osv-batch';
import { normaliseReleaseFacts, type PypiJson } from '../../../../utils/sources/pypi-json';
import { bandForScore, severityOf } from '../../../../utils/sources/osv-severity';
import { readRecorded, readRecordedText } from '../../../support/fixtures';
import { type Call, jsonResponse, recordedResponse, recordingHttp, urlsIn } from './recorded-responses';

// Recorded OSV records. No single /v1/query answer was recorded, so query answers below are
// ASSEMBLED at test time solely from recorded parts: recorded records wrapped as `{vulns: [...]}`
// (the /v1/query answer shape), and OSV's recorded "nothing known" answer `{}` taken from the
// recorded querybatch exchange `empty-results-rubygems-npm.json` (results[0]).
const GHSA = () => readRecorded('api.osv.dev/vulns/GHSA-x84v-xcm2-53pg.github-advisory-database.json') as Record<string, unknown>;
const MAL = () => readRecorded('api.osv.dev/vulns/MAL-2026-15859.ossf-malicious-packages.json');
/** The pypa source YAML as the JSON record OSV serves; the failsafe schema keeps "2.20.0" a string. */
const PYSEC = (id: string) =>
  parseYaml(readRecordedText(`api.osv.dev/source-records/pypa-advisory-database/${id}.yaml`), { schema: 'failsafe' }) as Record<
    string,
    unknown
  >;
const NOTHING_KNOWN = () => (readRecorded('api.osv.dev/querybatch/empty-results-rubygems-npm.json') as { results: unknown[] }).results[0];
const assembledQueryAnswer = (records: unknown[], nextPageToken?: string) =>
  jsonResponse(nextPageToken ? { vulns: records, next_page_token: nextPageToken } : { vulns: records });

function ok<T>(result: { ok: true; data: T } | { ok: false }): T {
  if (!result.ok) throw new Error('expected ok');
  return result.data;
}

describe('normaliseOsvVuln on recorded records', () => {
  it('reads GHSA-x84v-xcm2-53pg: CVSS 3.1 high, fixed in 2.20.0 for requests', () => {
    const advisory = ok(normaliseOsvVuln(GHSA(), 'requests'));
    expect(advisory).toEqual({
      id: 'GHSA-x84v-xcm2-53pg',
      aliases: ['CVE-2018-18074'],
      summary: 'Moderate severity vulnerability that affects requests',
      severity: { band: 'high', score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', source: 'cvss-v3' },
      fixedIn: ['2.20.0'],
      published: '2018-10-29T19:06:46Z',
      modified: '2021-09-21T22:17:45Z',
      withdrawn: null,
      malicious: false,
      affectedVersions: [],
      openRange: false, // introduced 0, fixed 2.20.0
      url: 'https://osv.dev/vulnerability/GHSA-x84v-xcm2-53pg',
      reportedBy: ['osv'],
      affectsViewed: false,
      affectsLatest: false,
    });
    expect(ok(normaliseOsvVuln(GHSA(), 'Flask')).fixedIn).toEqual([]); // fixes of another package are not ours
  });

  it('marks MAL-2026-15859 (0requests) malicious, with no severity to compute', () => {
    const advisory = ok(normaliseOsvVuln(MAL(), '0requests'));
    expect(advisory).toMatchObject({
      malicious: true,
      summary: 'Malicious code in 0requests (PyPI)',
      severity: { band: 'unknown', source: 'none' },
      fixedIn: [],
      published: '2026-09-03T17:00:47Z',
    });
  });

  it('reads PYSEC records: ECOSYSTEM fixes only (not GIT commits), PEP 440 sorted; details as summary', () => {
    const requests = ok(normaliseOsvVuln(PYSEC('PYSEC-2018-28'), 'requests'));
    expect(requests.fixedIn).toEqual(['2.20.0']);
    expect(requests.summary).toMatch(/^The Requests package before 2\.20\.0 for Python sends an HTTP Authorization header/);
    expect(requests.aliases).toEqual(['CVE-2018-18074', 'GHSA-x84v-xcm2-53pg']);
    expect(ok(normaliseOsvVuln(PYSEC('PYSEC-2021-98'), 'Django')).fixedIn).toEqual(['2.2.24', '3.1.12', '3.2.4']);
    // The details' first sentence says what the project is, so the next one joins it: text, not a paragraph.
    const long = ok(normaliseOsvVuln(PYSEC('PYSEC-2023-74'), 'requests'));
    expect(long.summary).toBe(
      'Requests is a HTTP library. Since Requests 2.3.0, Requests has been leaking Proxy-Authorization headers to destination servers when redirected to an HTTPS endpoint.',
    );
    expect(long.fixedIn).toEqual(['2.31.0']);
  });

  it('falls back to the database severity word, then to unknown', () => {
    const noVector = { ...GHSA(), severity: [] };
    expect(ok(normaliseOsvVuln(noVector, 'requests')).severity).toEqual({ band: 'high', score: null, vector: null, source: 'database' });
    const moderate = { ...noVector, database_specific: { severity: 'MODERATE' } };
    expect(ok(normaliseOsvVuln(moderate, 'requests')).severity.band).toBe('medium');
    const partialVector = { ...GHSA(), severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }], database_specific: {} };
    expect(ok(normaliseOsvVuln(partialVector, 'requests')).severity).toEqual({
      band: 'unknown',
      score: null,
      vector: null,
      source: 'none',
    });
  });

  it('scores CVSS v4 and bands scores as FIRST does', () => {
    const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    expect(
      severityOf(
        [
          { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' },
          { type: 'CVSS_V4', score: v4 },
        ],
        undefined,
      ),
    ).toEqual({
      band: 'critical',
      score: 9.3,
      vector: v4,
      source: 'cvss-v4',
    });
    expect([9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(bandForScore)).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
      'none',
    ]);
  });

  it('returns our type or a malformed error for any JSON (property)', () => {
    const shaped = fc.record({
      id: fc.oneof(fc.string(), fc.constant('GHSA-x')),
      severity: fc.array(fc.record({ type: fc.constantFrom('CVSS_V2', 'CVSS_V3', 'CVSS_V4', 'X'), score: fc.string() })),
      affected: fc.jsonValue(),
      database_specific: fc.jsonValue(),
      summary: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), shaped), (raw) => {
        const result = normaliseOsvVuln(raw, 'requests');
        if (!result.ok) expect(result.error.kind).toBe('malformed');
        else for (const url of urlsIn(result.data)) expect(url).toMatch(/^https:\/\/osv\.dev\/vulnerability\//);
      }),
    );
  });
});

/** Answers /v1/query per requested version from assembled bodies; counts requests. */
function osvByVersion(answers: Record<string, () => Response>) {
  return recordingHttp((call: Call) => {
    const body = JSON.parse(call.body ?? '{}') as { version: string };
    return answers[body.version]?.() ?? new Response('no route', { status: 599 });
  });
}

describe('fetchAdvisories', () => {
  it('asks for viewed and latest in parallel and counts an aliased pair once', async () => {
    const { http, calls } = osvByVersion({
      '2.19.1': () => assembledQueryAnswer([GHSA(), PYSEC('PYSEC-2018-28'), PYSEC('PYSEC-2023-74')]),
      '2.34.2': () => jsonResponse(NOTHING_KNOWN()),
    });
    const section = await fetchAdvisories(http, 'Requests', '2.19.1', '2.34.2', []);
    if (section.state !== 'ok') throw new Error(JSON.stringify(section));
    expect(calls.map((c) => JSON.parse(c.body!))).toEqual([
      { package: { name: 'requests', ecosystem: 'PyPI' }, version: '2.19.1' },
      { package: { name: 'requests', ecosystem: 'PyPI' }, version: '2.34.2' },
    ]);
    expect(calls.every((c) => c.method === 'POST' && c.url === 'https://api.osv.dev/v1/query')).toBe(true);
    const ids = section.data.advisories.map((a) => a.id);
    expect(ids).toEqual(['GHSA-x84v-xcm2-53pg', 'PYSEC-2023-74']); // the CVSS-scored one first
    expect(section.data.advisories[0]!.aliases).toEqual(expect.arrayContaining(['CVE-2018-18074', 'PYSEC-2018-28']));
    expect(section.data.advisories.every((a) => a.affectsViewed && !a.affectsLatest)).toBe(true);
  });

  it('asks once when the viewed version is the latest', async () => {
    const { http, calls } = osvByVersion({ '0.0.1': () => assembledQueryAnswer([MAL()]) });
    const section = await fetchAdvisories(http, '0requests', '0.0.1', '0.0.1', []);
    expect(calls).toHaveLength(1);
    expect(section.state === 'ok' && section.data.advisories[0]).toMatchObject({
      malicious: true,
      affectsViewed: true,
      affectsLatest: true,
    });
  });

  it('follows next_page_token, and stops after MAX_QUERY_PAGES', async () => {
    const paged = recordingHttp((call) =>
      JSON.parse(call.body!).page_token === 'page-2'
        ? assembledQueryAnswer([PYSEC('PYSEC-2023-74')])
        : assembledQueryAnswer([GHSA()], 'page-2'),
    );
    const section = await fetchAdvisories(paged.http, 'requests', '2.19.1', null, []);
    expect(paged.calls).toHaveLength(2);
    expect(section.state === 'ok' && section.data.advisories.map((a) => a.id).sort()).toEqual(['GHSA-x84v-xcm2-53pg', 'PYSEC-2023-74']);

    let page = 0;
    const endless = recordingHttp(() => assembledQueryAnswer([GHSA()], `page-${++page}`));
    expect((await fetchAdvisories(endless.http, 'requests', '2.19.1', null, [])).state).toBe('ok');
    expect(endless.calls).toHaveLength(MAX_QUERY_PAGES);
  });

  it('judges the latest version from fixed versions when OSV fails for it; fails when the viewed query fails', async () => {
    const { http } = osvByVersion({
      '2.19.1': () => assembledQueryAnswer([GHSA()]),
      '2.20.0': () => recordedResponse('api.github.com/errors/500-repos-PyGithub-PyGithub.json', undefined, 500),
      '2.19.0': () => assembledQueryAnswer([GHSA()]),
    });
    const fixedSince = await fetchAdvisories(http, 'requests', '2.19.1', '2.20.0', []);
    expect(fixedSince.state === 'ok' && fixedSince.data.advisories[0]!.affectsLatest).toBe(false);
    const failed = await fetchAdvisories(http, 'requests', '2.20.0', '2.19.1', []);
    expect(failed.state === 'error' && failed.error.kind).toBe('upstream');
  });
});

describe('mergePypiVulnerabilities', () => {
  type RecordedPypiVuln = {
    id: string;
    aliases: string[];
    summary: string | null;
    fixed_in: string[];
    link: string;
    withdrawn: string | null;
  };
  /** PyPI's recorded list as the PypiVulnerability values the releases source builds. */
  const aiohttpVulns = (): PypiVulnerability[] =>
    (readRecorded('pypi.org/json/aiohttp-3.12.15.json') as { vulnerabilities: RecordedPypiVuln[] }).vulnerabilities.map((v) => ({
      id: v.id,
      aliases: v.aliases,
      summary: v.summary,
      fixedIn: v.fixed_in,
      url: v.link,
      withdrawn: v.withdrawn,
    }));

  it("keeps PyPI's eight aiohttp advisories as PyPI-reported, severity unknown", () => {
    const merged = mergePypiVulnerabilities([], aiohttpVulns(), { viewed: '3.12.15', latest: '3.13.3' });
    expect(merged).toHaveLength(8);
    for (const advisory of merged) {
      expect(advisory).toMatchObject({
        reportedBy: ['pypi'],
        severity: { band: 'unknown' },
        fixedIn: ['3.13.3'],
        affectsViewed: true,
        affectsLatest: false,
      });
      expect(advisory.url).toBe(`https://osv.dev/vulnerability/${advisory.id}`);
    }
  });

  it('keeps an advisory both report (matched by alias) once, reported by both', () => {
    const pysec = PYSEC('PYSEC-2018-28') as { id: string; aliases: string[] };
    const fromPypi: PypiVulnerability = {
      id: pysec.id,
      aliases: pysec.aliases,
      summary: null,
      fixedIn: ['2.20.0'],
      url: null,
      withdrawn: null,
    };
    const osv = { ...ok(normaliseOsvVuln(GHSA(), 'requests')), affectsViewed: true };
    const merged = mergePypiVulnerabilities([osv], [fromPypi]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ id: 'GHSA-x84v-xcm2-53pg', reportedBy: ['osv', 'pypi'], severity: { band: 'high' } });
    expect(merged[0]!.aliases).toContain('PYSEC-2018-28');
  });

  it('never lets a non-https link from PyPI out (property)', () => {
    const vuln = fc.record({
      id: fc.string({ minLength: 1 }),
      aliases: fc.array(fc.string()),
      summary: fc.option(fc.string()),
      fixedIn: fc.array(fc.string()),
      url: fc.option(fc.oneof(fc.string(), fc.constant('javascript:alert(1)'), fc.webUrl())),
      withdrawn: fc.option(fc.string()),
    });
    fc.assert(
      fc.property(fc.array(vuln, { maxLength: 6 }), (vulns) => {
        const merged: Advisory[] = mergePypiVulnerabilities([], vulns);
        for (const url of urlsIn(merged)) expect(url).toMatch(/^https:\/\//);
      }),
    );
  });
});

describe('fetchBatchSummary on recorded querybatch exchanges', () => {
  function recordedBatch(name: string) {
    const expected = readRecorded(`api.osv.dev/querybatch/${name}.request.json`);
    return recordingHttp((call) => {
      expect(JSON.parse(call.body!)).toEqual(expected); // we send exactly what was recorded
      return recordedResponse(`api.osv.dev/querybatch/${name}.json`, `api.osv.dev/querybatch/${name}.meta.json`);
    });
  }

  it('summarises django 1.11.29, flask 1.0.0 and requests 2.20.0', async () => {
    const { http, calls } = recordedBatch('pypi-django-1.11.29-flask-1.0.0-requests-2.20.0');
    const section = await fetchBatchSummary(http, [
      { name: 'Django', version: '1.11.29' },
      { name: 'flask', version: '1.0.0' },
      { name: 'requests', version: '2.20.0' },
    ]);
    if (section.state !== 'ok') throw new Error(JSON.stringify(section));
    expect(calls).toHaveLength(1);
    expect(section.data.django!.advisoryIds).toHaveLength(9);
    expect(section.data.flask!.advisoryIds).toEqual(['GHSA-68rp-wp8r-4726', 'GHSA-m2qf-hxjv-5gpq', 'PYSEC-2023-62', 'PYSEC-2026-2151']);
    expect(section.data.requests).toMatchObject({ malicious: false, complete: true });
    expect(section.data.requests!.advisoryIds).toContain('PYSEC-2023-74');
  });

  it('reads an empty result for emoji 2.14.0 and four for protobuf 4.25.5', async () => {
    const { http } = recordedBatch('pypi-emoji-2.14.0-protobuf-4.25.5');
    const section = await fetchBatchSummary(http, [
      { name: 'emoji', version: '2.14.0' },
      { name: 'protobuf', version: '4.25.5' },
    ]);
    expect(section.state === 'ok' && section.data).toEqual({
      emoji: { advisoryIds: [], malicious: false, complete: true },
      protobuf: {
        advisoryIds: ['GHSA-7gcm-g887-7qv7', 'GHSA-8qvm-5x2c-j2w7', 'PYSEC-2026-1805', 'PYSEC-2026-1806'],
        malicious: false,
        complete: true,
      },
    });
  });

  it('splits more than 1000 queries into chunks, and rejects an answer of the wrong length', async () => {
    const { http, calls } = recordingHttp((call) => {
      const count = (JSON.parse(call.body!) as { queries: unknown[] }).queries.length;
      return jsonResponse({ results: Array.from({ length: count }, NOTHING_KNOWN) });
    });
    const names = Array.from({ length: BATCH_CHUNK_SIZE + 1 }, (_, i) => ({ name: `pkg${i}`, version: '1.0' }));
    const section = await fetchBatchSummary(http, names);
    expect(calls.map((c) => (JSON.parse(c.body!) as { queries: unknown[] }).queries.length)).toEqual([1000, 1]);
    expect(section.state === 'ok' && Object.keys(section.data)).toHaveLength(1001);

    const short = recordingHttp(() => recordedResponse('api.osv.dev/querybatch/empty-results-rubygems-npm.json'));
    const mismatch = await fetchBatchSummary(short.http, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    expect(mismatch.state === 'error' && mismatch.error.kind).toBe('malformed');
  });

  it('fetches each full record once for ids a batch only names', async () => {
    const { http, calls } = recordingHttp(() => jsonResponse(MAL()));
    const advisories = await fetchOsvVulns(http, ['MAL-2026-15859', 'MAL-2026-15859'], '0requests');
    expect(calls.map((c) => c.url)).toEqual(['https://api.osv.dev/v1/vulns/MAL-2026-15859']);
    expect(advisories).toHaveLength(1);
    expect(advisories[0]!.malicious).toBe(true);
  });
});

describe('malicious code on the recorded records (issue 17)', () => {
  const record = (file: string) => readRecorded(`api.osv.dev/vulns/${file}`) as Record<string, unknown>;
  const LITELLM = () => record('MAL-2026-2144.ossf-malicious-packages.json');
  const NUM2WORDS = () => record('MAL-2025-6794.ossf-malicious-packages.json');

  it('reads the versions each record names, and no open range', () => {
    expect(ok(normaliseOsvVuln(LITELLM(), 'litellm'))).toMatchObject({
      id: 'MAL-2026-2144',
      aliases: ['PYSEC-2026-2'],
      summary: 'Malicious code in litellm (PyPI)',
      malicious: true,
      affectedVersions: ['1.82.7', '1.82.8'],
      openRange: false,
      fixedIn: [],
    });
    expect(ok(normaliseOsvVuln(NUM2WORDS(), 'num2words'))).toMatchObject({
      aliases: ['PYSEC-2025-72', 'GHSA-jxr6-qrxx-2ph2'],
      malicious: true,
      affectedVersions: ['0.5.15', '0.5.16'],
    });
    expect(ok(normaliseOsvVuln(MAL(), '0requests')).affectedVersions).toEqual(['0.0.1']);
    expect(ok(normaliseOsvVuln(LITELLM(), 'num2words')).affectedVersions).toEqual([]); // another package's versions are not ours
  });

  it.each([
    [
      'synthetic: the litellm record under its alias PYSEC-2026-2, naming MAL-2026-2144',
      () => ({ ...LITELLM(), id: 'PYSEC-2026-2', aliases: ['MAL-2026-2144'] }),
      true,
    ],
    [
      'synthetic: the recorded GHSA marked CWE-506 (embedded malicious code) by GitHub',
      () => ({ ...GHSA(), database_specific: { cwe_ids: ['CWE-506'] } }),
      true,
    ],
    ['synthetic: the recorded GHSA with another CWE', () => ({ ...GHSA(), database_specific: { cwe_ids: ['CWE-200'] } }), false],
  ])('%s', (_case, raw, malicious) => {
    expect(ok(normaliseOsvVuln(raw(), 'requests')).malicious).toBe(malicious);
  });

  it('the 0requests record marks CWE-506 in its affected entry: malicious even under another id (synthetic)', () => {
    expect(ok(normaliseOsvVuln({ ...(MAL() as object), id: 'GHSA-test-test-test', aliases: [] }, '0requests')).malicious).toBe(true);
  });

  it('an ECOSYSTEM range with no end is an open range', () => {
    const open = {
      ...GHSA(),
      affected: [{ package: { ecosystem: 'PyPI', name: 'requests' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
    };
    expect(ok(normaliseOsvVuln(open, 'requests')).openRange).toBe(true);
  });

  it('fetchMaliciousHistory: one name-only querybatch, then only the MAL- records', async () => {
    const litellm = LITELLM();
    // ASSEMBLED at test time: the batch result for the name is the /v1/query answer reduced to {id, modified}.
    const batch = {
      results: [
        {
          vulns: [
            { id: litellm.id, modified: litellm.modified },
            { id: 'PYSEC-2026-2', modified: litellm.modified },
          ],
        },
      ],
    };
    const { http, calls } = recordingHttp((call) =>
      call.url.endsWith('/v1/querybatch')
        ? jsonResponse(batch)
        : recordedResponse('api.osv.dev/vulns/MAL-2026-2144.ossf-malicious-packages.json'),
    );
    const section = await fetchMaliciousHistory(http, 'LiteLLM');
    expect(calls.map((c) => [c.method, c.url, c.body && JSON.parse(c.body)])).toEqual([
      ['POST', 'https://api.osv.dev/v1/querybatch', { queries: [{ package: { name: 'litellm', ecosystem: 'PyPI' } }] }],
      ['GET', 'https://api.osv.dev/v1/vulns/MAL-2026-2144', undefined],
    ]);
    expect(section.state === 'ok' && section.data.map((a) => [a.id, a.affectedVersions])).toEqual([
      ['MAL-2026-2144', ['1.82.7', '1.82.8']],
    ]);

    const nothing = recordingHttp(() => jsonResponse({ results: [NOTHING_KNOWN()] }));
    expect(await fetchMaliciousHistory(nothing.http, 'luigi')).toMatchObject({ state: 'ok', data: [] });
    expect(nothing.calls).toHaveLength(1);
    const lost = recordingHttp((call) => (call.url.endsWith('/v1/querybatch') ? jsonResponse(batch) : jsonResponse({ code: 5 }, 404)));
    expect((await fetchMaliciousHistory(lost.http, 'litellm')).state).toBe('error');
  });

  it('advisoryFacts: a record from the history affects only the versions it names', () => {
    const history = {
      state: 'ok' as const,
      data: [ok(normaliseOsvVuln(LITELLM(), 'litellm'))],
      fetchedAt: '2026-09-05T00:00:00Z',
      fromCache: false,
    };
    const nothing = { ok: true as const, data: [], fetchedAt: '2026-09-05T00:00:00Z', fromCache: false };
    const answers = { viewedVersion: '1.83.0', latestVersion: '1.83.0', viewed: nothing, latest: null };
    const section = advisoryFacts(answers, [], { history });
    if (section.state !== 'ok') throw new Error('expected ok');
    expect(section.data.otherVersions).toEqual({ state: 'ok' });
    expect(section.data.advisories.map((a) => [a.id, a.affectsViewed, a.affectsLatest])).toEqual([['MAL-2026-2144', false, false]]);
    const failedHistory = advisoryFacts(answers, [], { history: { state: 'error', error: { kind: 'timeout', message: 'OSV timed out' } } });
    expect(failedHistory.state === 'ok' && failedHistory.data.otherVersions).toEqual({ state: 'error', message: 'OSV timed out' });
  });
});

describe('summaries read as text', () => {
  it('synthetic: the recorded GHSA with no summary and details opening with "### Impact" gives its first sentence', () => {
    const ghsa = GHSA();
    const advisory = ok(
      normaliseOsvVuln(
        { ...ghsa, summary: undefined, details: `### Impact\n${String(ghsa.details)}\n\n### Patches\nUpgrade.` },
        'requests',
      ),
    );
    expect(advisory.summary).toBe(
      'The Requests package through 2.19.1 before 2018-09-14 for Python sends an HTTP Authorization header to an http URI upon receiving a same-hostname https-to-http redirect, which makes it easier for remote attackers to discover credentials by sniffing the network.',
    );
  });
});

describe("PyPI's advisories that OSV's answer lacks get their record's severity", () => {
  const pypiGhsa = (): PypiVulnerability => {
    const ghsa = GHSA() as { id: string; aliases: string[] };
    return { id: ghsa.id, aliases: ghsa.aliases, summary: null, fixedIn: ['2.20.0'], url: null, withdrawn: null };
  };

  it('asks GET /v1/vulns/<id> and takes its severity: high 7.5, reported by both', async () => {
    const { http, calls } = recordingHttp((call) =>
      call.method === 'POST'
        ? jsonResponse(NOTHING_KNOWN())
        : recordedResponse('api.osv.dev/vulns/GHSA-x84v-xcm2-53pg.github-advisory-database.json'),
    );
    const section = await fetchAdvisories(http, 'requests', '2.19.1', '2.19.1', [pypiGhsa()]);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST https://api.osv.dev/v1/query',
      'GET https://api.osv.dev/v1/vulns/GHSA-x84v-xcm2-53pg',
    ]);
    expect(section.state === 'ok' && section.data.advisories).toMatchObject([
      {
        id: 'GHSA-x84v-xcm2-53pg',
        severity: { band: 'high', score: 7.5, source: 'cvss-v3' },
        reportedBy: ['osv', 'pypi'],
        affectsViewed: true,
      },
    ]);
  });

  it('says "unread", not "none", when the record could not be read', async () => {
    const { http } = recordingHttp((call) =>
      call.method === 'POST' ? jsonResponse(NOTHING_KNOWN()) : jsonResponse({ code: 5, message: 'Bug not found.' }, 404),
    );
    const section = await fetchAdvisories(http, 'requests', '2.19.1', '2.19.1', [pypiGhsa()]);
    expect(section.state === 'ok' && section.data.advisories.map((a) => [a.reportedBy, a.severity.source])).toEqual([[['pypi'], 'unread']]);
  });

  it("leaves out what the name's malicious-code history already holds (PYSEC-2026-2, alias of the recorded MAL-2026-2144)", () => {
    const litellm = ok(normaliseOsvVuln(readRecorded('api.osv.dev/vulns/MAL-2026-2144.ossf-malicious-packages.json'), 'litellm'));
    const nothing = { ok: true as const, data: [], fetchedAt: '2026-09-05T00:00:00Z', fromCache: false };
    const answers = { viewedVersion: '1.82.8', latestVersion: '1.82.8', viewed: nothing, latest: null };
    // Synthetic PyPI entry: the alias the recorded record names, as PyPI's feed would list it.
    const pysec: PypiVulnerability = { id: 'PYSEC-2026-2', aliases: [], summary: null, fixedIn: [], url: null, withdrawn: null };
    expect(pypiOnlyIds(answers, [pysec])).toEqual(['PYSEC-2026-2']);
    expect(pypiOnlyIds(answers, [pysec], [litellm])).toEqual([]);
  });

  it('asks nothing more when OSV already answered with the record (by id or alias)', async () => {
    const { http, calls } = recordingHttp(() => assembledQueryAnswer([PYSEC('PYSEC-2018-28')]));
    await fetchAdvisories(http, 'requests', '2.19.1', '2.19.1', [pypiGhsa()]);
    expect(calls.map((c) => c.method)).toEqual(['POST']);
  });
});

describe('advisoryFacts when OSV does not answer', () => {
  const recordedAiohttp = () =>
    normaliseReleaseFacts(readRecorded('pypi.org/json/aiohttp-3.12.15.json') as PypiJson, null, '3.12.15').vulnerabilities;
  const failed = { ok: false as const, error: { kind: 'upstream' as const, message: 'api.osv.dev answered 503' } };

  it("recorded aiohttp 3.12.15: PyPI's own feed fills the section and says OSV was not asked", () => {
    const vulns = recordedAiohttp();
    expect(vulns.length).toBe(8);
    const answers = { viewedVersion: '3.12.15', latestVersion: '3.12.15', viewed: failed, latest: null };
    const section = advisoryFacts(answers, vulns, { pypiFeedAt: '2026-09-05T00:00:00Z' });
    if (section.state !== 'ok') throw new Error('expected ok');
    expect(section.data.osv).toEqual({ state: 'error', kind: 'upstream', message: 'api.osv.dev answered 503' });
    expect(section.data.advisories).toHaveLength(8);
    expect(section.data.advisories.every((a) => a.affectsViewed && !a.malicious)).toBe(true);
    expect(section.fromCache).toBe(false);
  });

  it('without the PyPI feed (the popup and requirements paths) an OSV failure stays an error', () => {
    const answers = { viewedVersion: '3.12.15', latestVersion: null, viewed: failed, latest: null };
    expect(advisoryFacts(answers, recordedAiohttp())).toEqual({ state: 'error', error: failed.error });
  });
});
