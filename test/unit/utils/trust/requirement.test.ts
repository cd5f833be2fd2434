// The pure judgement of one requirements line and of a name PyPI does not have.
import { describe, expect, it } from 'vitest';
import type { Advisory } from '../../../../utils/contract/report';
import { judgeMissingPackage } from '../../../../utils/trust/missing-package';
import { judgeRequirement, type RequirementFacts } from '../../../../utils/trust/requirement';
import { readMalwareScope } from '../../../../utils/trust/malware-scope';
import { MAL_0REQUESTS_FILE, MAL_LITELLM, litellmReleases, recordOf, zeroRequestsReleases } from './malware-cases';

const advisory = (over: Partial<Advisory>): Advisory => ({
  id: 'GHSA-test',
  aliases: [],
  summary: null,
  severity: { band: 'medium', score: 5, vector: null, source: 'cvss-v3' },
  fixedIn: ['2.0.0'],
  published: null,
  modified: null,
  withdrawn: null,
  malicious: false,
  affectedVersions: [],
  openRange: false,
  url: 'https://osv.dev/vulnerability/GHSA-test',
  reportedBy: ['osv'],
  affectsViewed: true,
  affectsLatest: false,
  ...over,
});

function facts(details: Advisory[], ids = details.map((a) => a.id), over: Partial<RequirementFacts> = {}): RequirementFacts {
  return {
    name: 'pkg',
    pinned: '1.0.0',
    specifier: null,
    checkedVersion: '1.0.0',
    latestVersion: null,
    onPypi: null,
    pypiProblem: null,
    advisories: { state: 'ok', ids, details, complete: true },
    ...over,
  };
}

describe('judgeRequirement', () => {
  it('no advisories: "no known advisories", never "good" (repository and provenance were not checked)', () => {
    expect(judgeRequirement(facts([])).verdict).toEqual({ level: 'info', headline: 'No known advisories for 1.0.0' });
  });

  it('a medium advisory with a fix: caution, upgrade to the fix', () => {
    expect(judgeRequirement(facts([advisory({})]))).toEqual({
      verdict: { level: 'caution', headline: 'Caution: 1 advisory affects 1.0.0' },
      upgradeTo: '2.0.0',
      notes: [],
    });
  });

  it('a high advisory is danger and named; the upgrade target fixes every advisory with a fix', () => {
    const judged = judgeRequirement(
      facts([
        advisory({ id: 'A', severity: { band: 'high', score: 8.1, vector: null, source: 'cvss-v3' }, fixedIn: ['1.5.0'] }),
        advisory({ id: 'B', fixedIn: ['0.9', '1.2.0', '3.0'] }),
      ]),
    );
    expect(judged.verdict).toEqual({ level: 'danger', headline: 'Danger: 2 advisories affect 1.0.0 (A: high)' });
    expect(judged.upgradeTo).toBe('1.5.0');
  });

  it('unrated and unfixed is danger (upgrading will not help); withdrawn records are ignored', () => {
    const unfixed = advisory({ id: 'U', severity: { band: 'unknown', score: null, vector: null, source: 'none' }, fixedIn: [] });
    const withdrawn = advisory({
      id: 'W',
      withdrawn: '2024-01-01T00:00:00Z',
      severity: { band: 'critical', score: 9.8, vector: null, source: 'cvss-v3' },
    });
    const judged = judgeRequirement(facts([unfixed, withdrawn]));
    expect(judged.verdict.headline).toBe('Danger: 1 advisory affects 1.0.0 (U: unrated, no fix)');
    expect(judged.notes).toEqual(['1 advisory not fixed in any release.']);
  });

  it('ids whose records did not load count, as caution, with a note', () => {
    expect(judgeRequirement(facts([], ['GHSA-x', 'GHSA-y']))).toEqual({
      verdict: { level: 'caution', headline: 'Caution: 2 advisories affect 1.0.0' },
      upgradeTo: null,
      notes: ['2 advisory records did not load: fixed versions for them unknown.'],
    });
  });

  it('a MAL- id wins over everything, even without its record', () => {
    expect(judgeRequirement(facts([], ['GHSA-x', 'MAL-2026-1'])).verdict.level).toBe('danger');
  });

  it('OSV failing or off, or an unknown latest release: unknown, with the reason', () => {
    expect(judgeRequirement(facts([], [], { advisories: { state: 'error', message: 'api.osv.dev answered 503' } })).verdict.headline).toBe(
      'Unknown: advisories not checked (api.osv.dev answered 503)',
    );
    expect(judgeRequirement(facts([], [], { advisories: { state: 'disabled' } })).verdict.level).toBe('unknown');
    expect(
      judgeRequirement(facts([], [], { pinned: null, checkedVersion: null, pypiProblem: 'pypi.org answered 500' })).verdict.headline,
    ).toMatch(/pypi\.org answered 500/);
  });
});

describe('judgeRequirement: malicious code and pre-release fixes (issue 17)', () => {
  // The recorded records, read against a history as the check reads them (malware-cases.ts: synthetic histories).
  const litellm = () => {
    const record = recordOf(MAL_LITELLM, 'litellm');
    return { ...record, malwareScope: readMalwareScope(record, { releases: litellmReleases() }) };
  };

  it('litellm==1.82.8 (MAL-2026-2144, a compromised release): danger that says what to do; the latest release is the way out', () => {
    const judged = judgeRequirement(
      facts([litellm()], undefined, { name: 'litellm', pinned: '1.82.8', checkedVersion: '1.82.8', latestVersion: '1.83.0' }),
    );
    expect(judged).toEqual({
      verdict: {
        level: 'danger',
        headline:
          'Danger: this release was compromised (1.82.8: MAL-2026-2144) — remove it and rotate every secret of the machine that installed it',
      },
      upgradeTo: '1.83.0',
      notes: ['1.82.7, 1.82.8 were compromised; the latest release 1.83.0 is not named.'],
    });
  });

  it('0requests==0.0.1 (MAL-2026-15859, made to attack) stays "known malicious package", nothing to upgrade to', () => {
    const record = recordOf(MAL_0REQUESTS_FILE, '0requests');
    const read = { ...record, malwareScope: readMalwareScope(record, { releases: zeroRequestsReleases() }) };
    const judged = judgeRequirement(
      facts([read], undefined, { name: '0requests', pinned: '0.0.1', checkedVersion: '0.0.1', latestVersion: '0.0.1' }),
    );
    expect(judged.verdict.headline).toBe(
      'Danger: known malicious package (MAL-2026-15859) — remove it; treat secrets on machines that installed it as stolen',
    );
    expect(judged.upgradeTo).toBeNull();
  });

  it('a malicious record whose history was not read protects: "known malicious package"', () => {
    const judged = judgeRequirement(facts([recordOf(MAL_LITELLM, 'litellm')], undefined, { pinned: '1.82.8', checkedVersion: '1.82.8' }));
    expect(judged.verdict.headline).toBe(
      'Danger: known malicious package (MAL-2026-2144) — remove it; treat secrets on machines that installed it as stolen',
    );
  });

  it('fixed in 2.0.0rc1 and 2.0.0: upgrade to the final release; fixed only in 2.0.0rc1: the pre-release, said so', () => {
    expect(judgeRequirement(facts([advisory({ fixedIn: ['2.0.0rc1', '2.0.0'] })])).upgradeTo).toBe('2.0.0');
    const onlyPre = judgeRequirement(facts([advisory({ fixedIn: ['2.0.0rc1'] })]));
    expect(onlyPre.upgradeTo).toBe('2.0.0rc1');
    expect(onlyPre.notes).toEqual(['Upgrade to ≥ 2.0.0rc1 (a pre-release: no final release fixes it yet).']);
  });
});

describe('judgeMissingPackage', () => {
  it('OSV could not be asked: unknown, never a reassurance', () => {
    expect(judgeMissingPackage('x', [], { state: 'error', message: 'offline' })).toEqual({
      level: 'unknown',
      headline: 'Unknown: x is not on PyPI; whether it was a malicious package could not be checked (offline).',
    });
    expect(judgeMissingPackage('x', [], { state: 'disabled' }).headline).toMatch(/OSV is turned off/);
  });
});
