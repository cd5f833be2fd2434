// The Advisories section inside a whole report: OSV's answers, the name's malicious-code history and
// PyPI's own list, composed by the advisories task and judged by the malicious-package rule.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../../../../utils/background/build';
import type { AdvisoryFacts, Section } from '../../../../../../utils/contract/report';
import { DEFAULT_SETTINGS } from '../../../../../../utils/contract/settings';
import { readRecorded } from '../../../../../support/fixtures';
import { jsonResponse, recordedResponse, recordingHttp } from '../../../sources/recorded-responses';

// SYNTHETIC record: the recorded litellm record (MAL-2026-2144) re-aimed at luigi 3.5.1 and 3.5.2, so the
// release history it is read against is a recorded one (pypi.org/json/luigi.json: 84 releases since 2012).
const LITELLM = readRecorded('api.osv.dev/vulns/MAL-2026-2144.ossf-malicious-packages.json') as { id: string; modified: string };
const REAIMED = { ...LITELLM, affected: [{ package: { ecosystem: 'PyPI', name: 'luigi' }, versions: ['3.5.1', '3.5.2'] }] };
/** OSV's recorded "nothing known" result (querybatch results[0]): the /v1/query answer too. */
const NOTHING = (readRecorded('api.osv.dev/querybatch/empty-results-rubygems-npm.json') as { results: unknown[] }).results[0];

function luigiUpstream(history: unknown) {
  return recordingHttp((call) => {
    if (call.url === 'https://pypi.org/pypi/luigi/json') return recordedResponse('pypi.org/json/luigi.json');
    if (call.url === 'https://api.osv.dev/v1/query') return jsonResponse(NOTHING);
    if (call.url === 'https://api.osv.dev/v1/querybatch') return jsonResponse(history);
    if (call.url === 'https://api.osv.dev/v1/vulns/MAL-2026-2144') return jsonResponse(REAIMED);
    return jsonResponse({ message: 'Not Found' }, 404);
  });
}

const advisoriesOf = (section: Section<AdvisoryFacts>) => (section.state === 'ok' ? section.data : null);

describe('buildReport: the advisories task', () => {
  it('luigi 3.6.0 with a compromised 3.5.1/3.5.2 in OSV: the history names them, the rule cautions, not danger', async () => {
    // ASSEMBLED at test time: the name-only batch result is the record reduced to {id, modified}.
    const { http, calls, clock } = luigiUpstream({ results: [{ vulns: [{ id: LITELLM.id, modified: LITELLM.modified }] }] });
    const report = await buildReport({ http, settings: DEFAULT_SETTINGS, now: () => clock.now }, { name: 'luigi' });
    const body = JSON.parse(calls.find((c) => c.url.endsWith('/v1/querybatch'))!.body!);
    expect(body).toEqual({ queries: [{ package: { name: 'luigi', ecosystem: 'PyPI' } }] });
    const facts = advisoriesOf(report.advisories)!;
    expect(facts.otherVersions).toEqual({ state: 'ok' });
    expect(facts.advisories.map((a) => [a.id, a.affectsViewed, a.malwareScope])).toEqual([
      ['MAL-2026-2144', false, { kind: 'compromised-release', versions: ['3.5.1', '3.5.2'], since: '2024-05-20T08:19:17.711Z' }],
    ]);
    const finding = report.findings.find((f) => f.rule === 'malicious-package')!;
    expect(finding.level).toBe('caution');
    // The clock is recorded-responses' FIXED_NOW (2026-11-25): 3.5.1 was uploaded on 2024-05-20.
    expect(finding.title).toBe('3.5.1, 3.5.2 were compromised, 2 years ago (MAL-2026-2144); 3.6.0 is not named');
  });

  it('the history failing leaves the section ok, saying what was not checked', async () => {
    const { http, clock } = luigiUpstream({ unexpected: true });
    const report = await buildReport({ http, settings: DEFAULT_SETTINGS, now: () => clock.now }, { name: 'luigi' });
    const facts = advisoriesOf(report.advisories)!;
    expect(facts.advisories).toEqual([]);
    expect(facts.otherVersions).toMatchObject({ state: 'error' });
    expect(report.findings.find((f) => f.rule === 'malicious-package')).toBeUndefined();
  });

  it('OSV turned off: no history request at all', async () => {
    const { http, calls, clock } = luigiUpstream({ results: [NOTHING] });
    const settings = { ...DEFAULT_SETTINGS, sources: { ...DEFAULT_SETTINGS.sources, osv: false } };
    await buildReport({ http, settings, now: () => clock.now }, { name: 'luigi' });
    expect(calls.some((c) => c.url.startsWith('https://api.osv.dev/'))).toBe(false);
  });
});
