// The summary rows under the verdict, on reports judged from recorded facts (luigi, aiohttp 3.12.15): each
// facet's state and reason, the worst facet, and the rule → facet table against the rule list.
import { describe, expect, it } from 'vitest';
import { summarize, worstFacet, type FacetRow } from '../../../../components/panel/summary';
import { FACETS, RULE_FACETS } from '../../../../utils/contract/facets';
import { identityShort } from '../../../../utils/contract/provenance-summary';
import type { CertificateIdentity, Report } from '../../../../utils/contract/report';
import { RULES, judge } from '../../../../utils/trust';
import type { TrustInput } from '../../../../utils/trust/types';
import {
  disabled,
  failed,
  inputForRelease,
  ok,
  provenanceFromSimple,
  pypiAdvisoriesOf,
  releasesOf,
  repositoryOfRelease,
} from '../../utils/trust/facts';

const NOW = '2026-03-01T00:00:00Z';

/** A certificate identity as the verifier reads it from a GitHub Actions certificate (names only). */
function syntheticIdentity(workflow: string | null): CertificateIdentity {
  return {
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0',
    forge: 'github',
    repository: 'pypa/sampleproject',
    repositoryUrl: 'https://github.com/pypa/sampleproject',
    workflow,
    buildConfigUri: null,
    buildSignerUri: null,
    ref: null,
    commit: null,
    trigger: null,
    runUrl: null,
    runner: null,
    visibility: null,
  };
}

function reportOf(input: TrustInput, extra: Partial<Report> = {}): Report {
  const { findings, verdict } = judge(input, { now: NOW });
  return { ...input, findings, verdict, generatedAt: NOW, ...extra } as Report;
}

const byFacet = (rows: FacetRow[]) => Object.fromEntries(rows.map((r) => [r.facet, [r.state, r.reason]]));
const nowMs = Date.parse(NOW);

describe('summary rows', () => {
  it('every rule speaks for exactly one facet, and every facet is a row', () => {
    expect(RULES.map((r) => r.id).filter((id) => RULE_FACETS[id] === undefined)).toEqual([]);
    expect(Object.keys(RULE_FACETS).filter((id) => !RULES.some((r) => r.id === id))).toEqual([]);
    const luigi = releasesOf('luigi.json');
    expect(summarize(reportOf(inputForRelease(luigi)), { nowMs }).map((r) => r.facet)).toEqual([...FACETS]);
  });

  it('recorded luigi 3.6.0: advisories and releases good, the claimed link a note, what did not load "not checked"', () => {
    const luigi = releasesOf('luigi.json');
    const input = inputForRelease(luigi, {
      repository: ok(repositoryOfRelease(luigi, failed('upstream', 'api.github.com answered 503 (a server error; try again later)'))),
      advisories: ok(pypiAdvisoriesOf(luigi)),
      provenance: failed('upstream', 'pypi.org answered 503 (a server error; try again later)'),
    });
    const rows = byFacet(summarize(reportOf(input), { nowMs }));
    expect(rows).toEqual({
      advisories: ['good', 'none known for 3.6.0'],
      repository: ['info', 'spotify/luigi · GitHub not checked · claimed'],
      releases: ['good', '84 releases since 2012 · latest 3.6.0'],
      provenance: ['unchecked', 'not checked: pypi.org answered 503'],
      name: ['unchecked', 'not checked'],
      code: ['unchecked', 'not checked'],
      dependencies: ['unchecked', 'not checked'],
    });
  });

  it('recorded aiohttp 3.12.15: the advisories row says the finding, with its upgrade target, and is the worst facet', () => {
    const aiohttp = releasesOf('aiohttp-3.12.15.json', 'aiohttp-3.12.15.json', '3.12.15');
    const input = inputForRelease(aiohttp, {
      repository: ok(repositoryOfRelease(aiohttp, disabled)),
      advisories: ok(pypiAdvisoriesOf(aiohttp)),
    });
    const rows = summarize(reportOf(input), { nowMs });
    expect(byFacet(rows).advisories).toEqual(['caution', '8 advisories affect 3.12.15 — upgrade to ≥ 3.13.3']);
    expect(worstFacet(rows)).toBe('advisories');
  });

  it("advisories read from PyPI's feed alone say so, with the fix", () => {
    const aiohttp = releasesOf('aiohttp-3.12.15.json', 'aiohttp-3.12.15.json', '3.12.15');
    const feedOnly = {
      ...pypiAdvisoriesOf(aiohttp),
      osv: { state: 'error' as const, kind: 'upstream' as const, message: 'api.osv.dev answered 503' },
    };
    // Without the rules' findings the facts line speaks: the count, the one release that fixes them all, the source.
    const report = { ...reportOf(inputForRelease(aiohttp, { advisories: ok(feedOnly) })), findings: [] };
    expect(byFacet(summarize(report, { nowMs })).advisories).toEqual([
      'good',
      "8 advisories affect 3.12.15, fixed in 3.13.3 (PyPI's feed; OSV not asked)",
    ]);
  });

  it('recorded Simple index of click: no attestations for the viewed version', () => {
    const luigi = releasesOf('luigi.json');
    const provenance = provenanceFromSimple('click', '8.1.7');
    const rows = byFacet(summarize(reportOf(inputForRelease(luigi, { provenance: ok(provenance) })), { nowMs }));
    expect(rows.provenance?.[1]).toBe('no attestations for 8.1.7');
  });

  it("a section that depends on a failed one gives that one's reason, once", () => {
    const luigi = releasesOf('luigi.json');
    const input = inputForRelease(luigi, { advisories: failed('not-found', 'Not checked: luigi was not found on PyPI') });
    expect(byFacet(summarize(reportOf(input), { nowMs })).advisories).toEqual(['unchecked', 'not checked: luigi was not found on PyPI']);
  });

  it('while the code checks run, Code and Dependencies say "checking…"; turned off says so', () => {
    const luigi = releasesOf('luigi.json');
    const rows = byFacet(summarize(reportOf(inputForRelease(luigi)), { nowMs, codeScanning: true }));
    expect(rows.code).toEqual(['checking', 'checking…']);
    expect(rows.dependencies).toEqual(['checking', 'checking…']);
    expect(rows.advisories).toEqual(['unchecked', 'turned off in settings']);
  });

  it('Dependencies follow their own message: checking while it is out, not checked once it came back empty', () => {
    const luigi = releasesOf('luigi.json');
    const report = reportOf(inputForRelease(luigi));
    const waiting = byFacet(summarize(report, { nowMs, codeScanning: false, dependenciesLoading: true }));
    expect([waiting.code, waiting.dependencies]).toEqual([
      ['unchecked', 'not checked'],
      ['checking', 'checking…'],
    ]);
    const done = byFacet(summarize(report, { nowMs, codeScanning: true, dependenciesLoading: false }));
    expect([done.code, done.dependencies]).toEqual([
      ['checking', 'checking…'],
      ['unchecked', 'not checked'],
    ]);
  });

  it('a verified signer reads as owner/name and the workflow file', () => {
    expect(identityShort(syntheticIdentity('.github/workflows/release.yml'))).toBe('pypa/sampleproject release.yml');
    expect(identityShort(syntheticIdentity(null))).toBe('pypa/sampleproject release.yml');
    expect(identityShort({ ...syntheticIdentity(null), repository: null, forge: null, subject: 'me@example.com' })).toBe('me@example.com');
    expect(identityShort(null)).toBeNull();
  });

  it('nothing worse than good: no facet opens by itself', () => {
    const rows: FacetRow[] = FACETS.map((facet) => ({ facet, title: facet, section: 'code', state: 'good', reason: '' }));
    expect(worstFacet(rows)).toBeNull();
  });
});
