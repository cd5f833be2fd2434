import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Advisory, PypiVulnerability } from '../../../../utils/contract/report';
import {
  BATCH_CHUNK_SIZE,
  MAX_QUERY_PAGES,
  fetchAdvisories,
  fetchOsvVulns,
  mergePypiVulnerabilities,
  normaliseOsvVuln,
} from '../../../../utils/sources/osv';
import { fetchBatchSummary } from '../../../../utils/sources/osv-batch';
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
