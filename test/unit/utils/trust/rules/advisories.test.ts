// malicious-package, advisory-viewed and advisory-latest on recorded OSV records and PyPI's own advisory list.
import { describe, expect, it } from 'vitest';
import type { Advisory, ReleaseInfo } from '../../../../../utils/contract/report';
import { normaliseOsvVuln } from '../../../../../utils/sources/osv';
import { verdict } from '../../../../../utils/trust/verdict';
import { readRecorded } from '../../../../support/fixtures';
import {
  MAL_0REQUESTS_FILE,
  MAL_LITELLM,
  MAL_NUM2WORDS,
  litellmReleases,
  num2wordsReleases,
  recordOf,
  syntheticHistory,
  syntheticReleases,
  zeroRequestsReleases,
} from '../malware-cases';
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

describe('malicious-package: a compromised release of a real project (recorded records, synthetic histories)', () => {
  /** SYNTHETIC uploads of the named releases, for a page that still shows them. */
  const litellmWithNamed = () => [...litellmReleases(), ...syntheticReleases(['1.82.7', '1.82.8'], '2026-03-24T10:52:00Z', 0)];
  const num2wordsWithNamed = () => [...num2wordsReleases(), ...syntheticReleases(['0.5.15', '0.5.16'], '2025-07-28T00:00:00Z', 0)];

  function compromisedInput(file: string, pkg: string, releases: ReleaseInfo[], viewed: string, latest: string) {
    const record = recordOf(file, pkg);
    // What the report holds: /v1/query for the viewed version names the record only when it lists it.
    const advisory = { ...record, affectsViewed: record.affectedVersions.includes(viewed), affectsLatest: false };
    return inputFor(pkg, viewed, latest, {
      releases: ok(syntheticHistory(pkg, releases, viewed)),
      advisories: ok({ viewedVersion: viewed, latestVersion: latest, advisories: [advisory] }),
    });
  }

  it('litellm 1.82.8, a named version: danger whose headline says what to do', () => {
    const input = compromisedInput(MAL_LITELLM, 'litellm', litellmWithNamed(), '1.82.8', '1.83.0');
    const findings = maliciousPackage.evaluate(input, ctx);
    expect(findings).toEqual([
      {
        rule: 'malicious-package',
        level: 'danger',
        title: 'This release was compromised: remove it and rotate every secret of the machine that installed it (1.82.8: MAL-2026-2144)',
        detail:
          'MAL-2026-2144: Malicious code in litellm (PyPI). Only 1.82.7, 1.82.8 are named: releases of an established project, uploaded by whoever hijacked its account or build. The latest release 1.83.0 is not named: install it instead.',
        evidence: [
          { label: 'MAL-2026-2144 on osv.dev', url: 'https://osv.dev/vulnerability/MAL-2026-2144' },
          { label: '1.82.8 on PyPI', url: 'https://pypi.org/project/litellm/1.82.8/' },
        ],
      },
    ]);
    expect(verdict(input, findings).headline).toBe(
      'Danger: this release was compromised: remove it and rotate every secret of the machine that installed it (1.82.8: MAL-2026-2144) (not checked: repository, provenance)',
    );
  });

  it('litellm 1.82.8 while it is the latest release: no clean release after it, so the way back is the last one before', () => {
    const releases = litellmWithNamed().filter((r) => !['1.82.9', '1.83.0'].includes(r.version));
    const [finding] = maliciousPackage.evaluate(compromisedInput(MAL_LITELLM, 'litellm', releases, '1.82.8', '1.82.8'), ctx);
    expect(finding!.detail).toBe(
      'MAL-2026-2144: Malicious code in litellm (PyPI). Only 1.82.7, 1.82.8 are named: releases of an established project, uploaded by whoever hijacked its account or build. No later release is clean yet: pin 1.82.6, the last release before the compromise.',
    );
  });

  it('litellm 1.83.0, a later release: a caution naming the compromised versions and how long ago, not danger', () => {
    const findings = maliciousPackage.evaluate(compromisedInput(MAL_LITELLM, 'litellm', litellmReleases(), '1.83.0', '1.83.0'), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual([
      ['caution', '1.82.7, 1.82.8 were compromised, 5 months ago (MAL-2026-2144); 1.83.0 is not named'],
    ]);
    expect(findings[0]!.detail).toBe(
      'MAL-2026-2144: Malicious code in litellm (PyPI). 1.83.0 is not one of the compromised releases. If a machine ever installed 1.82.7 or 1.82.8, remove it and rotate every secret of that machine.',
    );
  });

  it('litellm 1.82.6 while the compromised 1.82.8 is the latest release: caution, and a warning not to upgrade', () => {
    const releases = litellmWithNamed().filter((r) => !['1.82.9', '1.83.0'].includes(r.version));
    // /v1/query for the latest (1.82.8) names the record: it affects the latest, not the viewed version.
    const advisory = { ...recordOf(MAL_LITELLM, 'litellm'), affectsViewed: false, affectsLatest: true };
    const input = inputFor('litellm', '1.82.6', '1.82.8', {
      releases: ok(syntheticHistory('litellm', releases, '1.82.6')),
      advisories: ok({ viewedVersion: '1.82.6', latestVersion: '1.82.8', advisories: [advisory] }),
    });
    expect(maliciousPackage.evaluate(input, { now: '2026-03-24T14:52:00Z' }).map((f) => [f.level, f.title])).toEqual([
      [
        'caution',
        '1.82.7, 1.82.8 were compromised, 4 hours ago (MAL-2026-2144); 1.82.6 is not named — the latest release 1.82.8 is one of them: do not upgrade to it',
      ],
    ]);
  });

  it.each([
    [
      '0.5.16, a named version',
      '0.5.16',
      'danger',
      'This release was compromised: remove it and rotate every secret of the machine that installed it (0.5.16: MAL-2025-6794)',
    ],
    ['0.5.17, a later release', '0.5.17', 'caution', '0.5.15, 0.5.16 were compromised, 13 months ago (MAL-2025-6794); 0.5.17 is not named'],
  ] as const)('num2words %s', (_case, viewed, level, title) => {
    const findings = maliciousPackage.evaluate(compromisedInput(MAL_NUM2WORDS, 'num2words', num2wordsWithNamed(), viewed, '0.5.17'), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual([[level, title]]);
  });

  it('an advisory under a PYSEC- id whose record names the MAL- alias is read the same way (synthetic: the litellm record as PYSEC-2026-2)', () => {
    const raw = { ...(readRecorded(`api.osv.dev/vulns/${MAL_LITELLM}`) as object), id: 'PYSEC-2026-2', aliases: ['MAL-2026-2144'] };
    const result = normaliseOsvVuln(raw, 'litellm');
    if (!result.ok) throw new Error('refused');
    const advisory = { ...result.data, affectsViewed: true };
    const input = inputFor('litellm', '1.82.7', '1.83.0', {
      releases: ok(syntheticHistory('litellm', litellmWithNamed(), '1.82.7')),
      advisories: ok({ viewedVersion: '1.82.7', latestVersion: '1.83.0', advisories: [advisory] }),
    });
    expect(maliciousPackage.evaluate(input, ctx).map((f) => [f.level, f.title])).toEqual([
      ['danger', 'This release was compromised: remove it and rotate every secret of the machine that installed it (1.82.7: PYSEC-2026-2)'],
    ]);
    expect(advisoryViewed.evaluate(input, ctx)).toEqual([]); // malicious code is not an ordinary advisory
  });

  it.each([
    ['0.0.1, its named release', '0.0.1'],
    ['0.0.2, a version the record does not name', '0.0.2'],
  ])('0requests, a package made to attack, stays danger at %s even with its release history', (_case, viewed) => {
    const findings = maliciousPackage.evaluate(
      compromisedInput(MAL_0REQUESTS_FILE, '0requests', zeroRequestsReleases(), viewed, '0.0.1'),
      ctx,
    );
    expect(findings.map((f) => [f.level, f.title])).toEqual([['danger', 'Known malicious package (MAL-2026-15859)']]);
  });

  it('without the release history litellm is read as made to attack (the reading that protects)', () => {
    const record = { ...recordOf(MAL_LITELLM, 'litellm'), affectsViewed: false };
    const input = advisoryInput('litellm', '1.83.0', '1.83.0', [record]);
    expect(maliciousPackage.evaluate(input, ctx).map((f) => [f.level, f.title])).toEqual([
      ['danger', 'Known malicious package (MAL-2026-2144)'],
    ]);
  });
});

describe('advisory-viewed: the upgrade target is a final release when one fixes every advisory', () => {
  it('synthetic: GHSA-x84v-xcm2-53pg fixed in 2.20.0rc1 and 2.20.0 → upgrade to ≥ 2.20.0, not the pre-release', () => {
    const advisory = { ...requestsCve('2.19.1', '2.32.3'), fixedIn: ['2.20.0rc1', '2.20.0'] };
    const [finding] = advisoryViewed.evaluate(advisoryInput('requests', '2.19.1', '2.32.3', [advisory]), ctx);
    expect(finding!.title).toBe('1 advisory affects 2.19.1 (high: GHSA-x84v-xcm2-53pg) — upgrade to ≥ 2.20.0');
    expect(finding!.detail).toBe(
      'GHSA-x84v-xcm2-53pg (CVE-2018-18074): Moderate severity vulnerability that affects requests — high severity, fixed in 2.20.0',
    );
  });

  it('synthetic: fixed only in 2.20.0rc1 → the final release after it when PyPI lists one, else the pre-release, said so', () => {
    const advisory = { ...requestsCve('2.19.1', '2.32.3'), fixedIn: ['2.20.0rc1'] };
    const advisories = ok({ viewedVersion: '2.19.1', latestVersion: '2.20.0', advisories: [advisory] });
    const withFinal = inputFor('requests', '2.19.1', '2.20.0', {
      advisories,
      releases: ok(
        syntheticHistory('requests', syntheticReleases(['2.19.1', '2.20.0rc1', '2.20.0'], '2018-06-01T00:00:00Z', 30), '2.19.1'),
      ),
    });
    expect(advisoryViewed.evaluate(withFinal, ctx)[0]!.title).toBe(
      '1 advisory affects 2.19.1 (high: GHSA-x84v-xcm2-53pg) — upgrade to ≥ 2.20.0',
    );
    const [onlyPre] = advisoryViewed.evaluate(advisoryInput('requests', '2.19.1', '2.20.0rc1', [advisory]), ctx);
    expect(onlyPre!.title).toBe(
      '1 advisory affects 2.19.1 (high: GHSA-x84v-xcm2-53pg) — upgrade to ≥ 2.20.0rc1 (a pre-release: no final release fixes it yet)',
    );
  });
});
