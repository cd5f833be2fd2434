// The provenance tasks inside a whole report (issue 20 §2): the page's file hints start the Integrity requests
// before the Simple index answers; the verdict is built only from what the Simple index advertises and the
// verifier checks, so a right hint saves a round-trip and a wrong one costs a request, never a verdict.
import { describe, expect, it } from 'vitest';
import { buildReportStages } from '../../../../../../utils/background/build';
import type { PageHints, Report } from '../../../../../../utils/contract/report';
import { DEFAULT_SETTINGS } from '../../../../../../utils/contract/settings';
import { readProjectFixture } from '../../../../../support/fixtures';
import { type Call, jsonResponse, recordedResponse, recordingHttp } from '../../../sources/recorded-responses';

const NOT_FOUND = ['pypi.org/json/errors/404-FizzBuzz-json.html', 'pypi.org/json/errors/404-FizzBuzz-json.meta.json'] as const;
const SAMPLE_INTEGRITY = 'https://pypi.org/integrity/sampleproject/4.0.0/sampleproject-4.0.0.tar.gz/provenance';

/** Upstreams of a project whose Simple index answers only when `releaseSimple` is called. */
function heldSimple(simple: () => Response, integrity: (call: Call) => Response) {
  let releaseSimple!: () => void;
  const simpleHeld = new Promise<void>((resolve) => (releaseSimple = resolve));
  const upstream = recordingHttp(async (call) => {
    if (call.url.startsWith('https://pypi.org/simple/')) {
      await simpleHeld;
      return simple();
    }
    if (call.url.startsWith('https://pypi.org/integrity/')) return integrity(call);
    // PyPI JSON, OSV, deps.dev: the recorded 404 (sampleproject's scenario answers the same).
    return recordedResponse(...NOT_FOUND);
  });
  return { ...upstream, releaseSimple };
}

const waitTurns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** The report for `version` of `name`, with these page hints (given as the prefetch gives them: a promise). */
async function reportWith(
  upstream: ReturnType<typeof heldSimple>,
  name: string,
  version: string,
  hints: PageHints | undefined,
): Promise<{ report: Report; integrityBeforeSimple: string[] }> {
  const { http, calls, clock, releaseSimple } = upstream;
  const stages = buildReportStages(
    { http, settings: DEFAULT_SETTINGS, now: () => clock.now },
    { name, version, pageHints: Promise.resolve(hints) },
  );
  await waitTurns();
  const integrityBeforeSimple = calls.filter((c) => c.url.startsWith('https://pypi.org/integrity/')).map((c) => c.url);
  releaseSimple();
  return { report: await stages.report, integrityBeforeSimple };
}

/** What the reader sees of provenance: the section, the verdict and the findings (not when it was generated). */
const judged = (report: Report) => ({ provenance: report.provenance, verdict: report.verdict, findings: report.findings });

const sampleSimple = () =>
  jsonResponse(readProjectFixture('assembled-simple-sampleproject.json'), 200, { 'content-type': 'application/vnd.pypi.simple.v1+json' });
const sampleIntegrity = (call: Call) =>
  call.url === SAMPLE_INTEGRITY ? recordedResponse('provenance/sampleproject-4.0.0.tar.gz.provenance') : recordedResponse(...NOT_FOUND);
const sampleHints = (attestedFiles?: string[]): PageHints => ({ verifiedUrls: [], shownVersion: '4.0.0', attestedFiles });

describe('provenance: the page says which files are attested', () => {
  it('a right hint: the Integrity request leaves before the Simple index answers, once, and the report is the one without hints', async () => {
    const hinted = heldSimple(sampleSimple, sampleIntegrity);
    const withHint = await reportWith(hinted, 'sampleproject', '4.0.0', sampleHints(['sampleproject-4.0.0.tar.gz']));
    expect(withHint.integrityBeforeSimple).toEqual([SAMPLE_INTEGRITY]);
    expect(hinted.calls.filter((c) => c.url === SAMPLE_INTEGRITY)).toHaveLength(1);

    const plain = heldSimple(sampleSimple, sampleIntegrity);
    const without = await reportWith(plain, 'sampleproject', '4.0.0', sampleHints());
    expect(without.integrityBeforeSimple).toEqual([]);
    expect(judged(withHint.report)).toEqual(judged(without.report));
    const files = withHint.report.provenance.state === 'ok' ? withHint.report.provenance.data.files : [];
    expect(files.map((f) => [f.filename, f.verification.state])).toEqual([['sampleproject-4.0.0.tar.gz', 'verified']]);
  });

  it('a hint that says attested while the Integrity API 404s: the same report as without hints', async () => {
    const notFound = () => recordedResponse(...NOT_FOUND);
    const hinted = heldSimple(sampleSimple, notFound);
    const withHint = await reportWith(hinted, 'sampleproject', '4.0.0', sampleHints(['sampleproject-4.0.0.tar.gz']));
    expect(withHint.integrityBeforeSimple).toEqual([SAMPLE_INTEGRITY]);
    const without = await reportWith(heldSimple(sampleSimple, notFound), 'sampleproject', '4.0.0', undefined);
    expect(judged(withHint.report)).toEqual(judged(without.report));
    // PyPI advertised provenance it did not serve (its only file): "could not check", never "no attestation".
    expect(withHint.report.provenance).toMatchObject({ state: 'error', error: { kind: 'not-found' } });
  });

  it('a hint for a file the Simple index does not advertise: one 404, and the file is not reported attested', async () => {
    const hinted = heldSimple(sampleSimple, sampleIntegrity);
    const wrongFile = 'sampleproject-4.0.0-py3-none-any.whl';
    const withHint = await reportWith(hinted, 'sampleproject', '4.0.0', sampleHints([wrongFile, 'sampleproject-4.0.0.tar.gz']));
    expect(withHint.integrityBeforeSimple.sort()).toEqual(
      [SAMPLE_INTEGRITY, `https://pypi.org/integrity/sampleproject/4.0.0/${wrongFile}/provenance`].sort(),
    );
    const without = await reportWith(heldSimple(sampleSimple, sampleIntegrity), 'sampleproject', '4.0.0', sampleHints());
    expect(judged(withHint.report)).toEqual(judged(without.report));
  });

  it("hints naming another project's or another version's files (a page served under another URL) ask nothing", async () => {
    const hinted = heldSimple(sampleSimple, sampleIntegrity);
    // The requests page's own files, as the sampleproject scenario serves that page under /project/sampleproject/4.0.0/.
    const hints = sampleHints(['requests-2.34.2.tar.gz', 'requests-2.34.2-py3-none-any.whl', 'sampleproject-3.0.0.tar.gz']);
    const withHint = await reportWith(hinted, 'sampleproject', '4.0.0', hints);
    expect(withHint.integrityBeforeSimple).toEqual([]);
  });

  it('provenance turned off: the hints start no request', async () => {
    const { http, calls, clock } = recordingHttp(() => recordedResponse(...NOT_FOUND));
    const settings = { ...DEFAULT_SETTINGS, sources: { ...DEFAULT_SETTINGS.sources, provenance: false } };
    const pageHints = sampleHints(['sampleproject-4.0.0.tar.gz']);
    await buildReportStages({ http, settings, now: () => clock.now }, { name: 'sampleproject', version: '4.0.0', pageHints }).report;
    expect(calls.some((c) => c.url.startsWith('https://pypi.org/integrity/') || c.url.startsWith('https://pypi.org/simple/'))).toBe(false);
  });
});
