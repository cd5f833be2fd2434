// malicious-package, advisory-viewed and advisory-latest on recorded OSV records and PyPI's own advisory list.
import { describe, expect, it } from 'vitest';
import type { Advisory } from '../../../../../utils/contract/report';
import { advisoryLatest } from '../../../../../utils/trust/rules/advisory-latest';
import { advisoryViewed } from '../../../../../utils/trust/rules/advisory-viewed';
import { maliciousPackage } from '../../../../../utils/trust/rules/malicious-package';
import { GHSA_REQUESTS, MAL_0REQUESTS, failed, inputFor, inputForRelease, ok, osvAdvisoryOf, pypiAdvisoriesOf, releasesOf } from '../facts';

const ctx = { now: '2026-09-05T00:00:00Z' };

function advisoryInput(pkg: string, viewed: string, latest: string | null, advisories: Advisory[]) {
  return inputFor(pkg, viewed, latest, { advisories: ok({ viewedVersion: viewed, latestVersion: latest, advisories }) });
}

const malicious = () => osvAdvisoryOf(MAL_0REQUESTS, '0requests', '0.0.1', '0.0.1');
const requestsCve = (viewed: string, latest: string) => osvAdvisoryOf(GHSA_REQUESTS, 'requests', viewed, latest);
const aiohttp = () => releasesOf('aiohttp-3.12.15.json', 'aiohttp-3.12.15.json', '3.12.15');

describe('malicious-package', () => {
  it('the recorded MAL- entry for 0requests is danger and the title names it', () => {
    const [finding, ...rest] = maliciousPackage.evaluate(advisoryInput('0requests', '0.0.1', '0.0.1', [malicious()]), ctx);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'malicious-package', level: 'danger', title: 'Known malicious package (MAL-2026-15859)' });
    expect(finding!.detail).toContain('Malicious code in 0requests (PyPI)'); // the record's summary
    expect(finding!.detail).toContain('covers 0.0.1');
    expect(finding!.evidence[0]).toEqual({ label: 'MAL-2026-15859 on osv.dev', url: 'https://osv.dev/vulnerability/MAL-2026-15859' });
  });

  it.each([
    ['a version the record does not list (any version counts)', '0.0.2', { affectsViewed: false }, 'danger'],
    ['synthetic: the record withdrawn', '0.0.1', { withdrawn: '2026-09-10T00:00:00Z' }, null],
  ])('%s', (_case, viewed, patch, level) => {
    const findings = maliciousPackage.evaluate(advisoryInput('0requests', viewed, '0.0.1', [{ ...malicious(), ...patch }]), ctx);
    expect(findings.map((f) => f.level)).toEqual(level ? [level] : []);
  });

  it('is not raised by an ordinary advisory, nor when advisories could not be checked', () => {
    expect(maliciousPackage.evaluate(advisoryInput('requests', '2.19.1', '2.20.0', [requestsCve('2.19.1', '2.20.0')]), ctx)).toEqual([]);
    expect(
      maliciousPackage.evaluate(inputFor('0requests', '0.0.1', null, { advisories: failed('timeout', 'OSV timed out') }), ctx),
    ).toEqual([]);
  });
});

describe('advisory-viewed', () => {
  it('aiohttp 3.12.15: PyPI lists 8 GHSA advisories, all fixed in 3.13.3 → caution "upgrade to ≥ 3.13.3"', () => {
    const releases = aiohttp();
    const findings = advisoryViewed.evaluate(inputForRelease(releases, { advisories: ok(pypiAdvisoriesOf(releases)) }), ctx);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    // PyPI's feed carries no severity and every advisory has a fix: caution, not danger.
    expect(finding!.level).toBe('caution');
    expect(finding!.title).toBe('8 advisories affect 3.12.15 — upgrade to ≥ 3.13.3');
    expect(finding!.detail).toContain('GHSA-6mq8-rvhq-8wgg (CVE-2025-69223)');
    expect(finding!.detail.split('\n')).toHaveLength(8);
    expect(finding!.evidence).toHaveLength(8);
    expect(finding!.evidence.every((e) => e.url.startsWith('https://osv.dev/vulnerability/GHSA-'))).toBe(true);
  });

  it.each([
    // viewed, expected level, expected title
    ['2.19.1', 'danger', '1 advisory affects 2.19.1 (high: GHSA-x84v-xcm2-53pg) — upgrade to ≥ 2.20.0'],
    ['2.20.0', null, null], // the fixed release is not affected
    ['2.25.1', null, null],
  ])('requests %s with the recorded GHSA-x84v-xcm2-53pg (HIGH, fixed in 2.20.0)', (viewed, level, title) => {
    const findings = advisoryViewed.evaluate(advisoryInput('requests', viewed, '2.32.3', [requestsCve(viewed, '2.32.3')]), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual(level ? [[level, title]] : []);
  });

  it.each([
    [
      'synthetic: unrated and no fix → danger',
      { severity: { band: 'unknown', score: null, vector: null, source: 'none' }, fixedIn: [] },
      'danger',
      '(unrated, no fix: GHSA-x84v-xcm2-53pg) — no fixed release yet',
    ],
    [
      'synthetic: medium severity → caution',
      { severity: { band: 'medium', score: 5.3, vector: null, source: 'cvss-v3' } },
      'caution',
      '— upgrade to ≥ 2.20.0',
    ],
    ['synthetic: withdrawn → nothing', { withdrawn: '2022-01-01T00:00:00Z' }, null, null],
  ] as const)('%s', (_case, patch, level, titlePart) => {
    const advisory = { ...requestsCve('2.19.1', '2.32.3'), ...patch } as Advisory;
    const findings = advisoryViewed.evaluate(advisoryInput('requests', '2.19.1', '2.32.3', [advisory]), ctx);
    expect(findings.map((f) => f.level)).toEqual(level ? [level] : []);
    if (titlePart) expect(findings[0]!.title).toContain(titlePart);
  });

  it('leaves malicious entries to malicious-package', () => {
    expect(advisoryViewed.evaluate(advisoryInput('0requests', '0.0.1', '0.0.1', [malicious()]), ctx)).toEqual([]);
  });

  it('picks the lowest fix above the viewed version on each branch (PEP 440, not string order)', () => {
    // synthetic: the recorded advisory also fixed on a 2.9 branch; 2.10.0 sorts after 2.9.x
    const advisory = { ...requestsCve('2.9.1', '2.32.3'), fixedIn: ['2.9.2', '2.10.0', '2.20.0'] };
    const [finding] = advisoryViewed.evaluate(advisoryInput('requests', '2.9.1', '2.32.3', [advisory]), ctx);
    expect(finding!.title).toContain('upgrade to ≥ 2.9.2');
  });
});

describe('advisory-latest', () => {
  it('aiohttp 3.12.15: advisories fixed by a release do not count against the latest', () => {
    const releases = aiohttp();
    const facts = pypiAdvisoriesOf(releases);
    const input = advisoryInput(
      'aiohttp',
      '3.12.15',
      '3.13.3',
      facts.advisories.map((a) => ({ ...a, affectsLatest: false })),
    );
    expect(advisoryLatest.evaluate(input, ctx)).toEqual([]);
  });

  it.each([
    ['synthetic: GHSA-x84v-xcm2-53pg with no fix released yet (high)', 'high', 'danger'],
    ['synthetic: the same advisory rated low', 'low', 'caution'],
  ] as const)('%s', (_case, band, level) => {
    const advisory: Advisory = {
      ...requestsCve('2.19.0', '2.19.1'),
      fixedIn: [],
      affectsLatest: true,
      severity: { band, score: null, vector: null, source: 'database' },
    };
    const findings = advisoryLatest.evaluate(advisoryInput('requests', '2.19.0', '2.19.1', [advisory]), ctx);
    expect(findings.map((f) => f.level)).toEqual([level]);
    expect(findings[0]!.title).toContain('also affects the latest release 2.19.1');
    expect(findings[0]!.title).toContain('no fix released');
  });

  it('stays silent when the viewed version is the latest (advisory-viewed covers it)', () => {
    const advisory: Advisory = { ...requestsCve('2.19.1', '2.19.1'), fixedIn: [], affectsLatest: true };
    expect(advisoryLatest.evaluate(advisoryInput('requests', '2.19.1', '2.19.1', [advisory]), ctx)).toEqual([]);
  });
});
