// The search badge on malicious code: a compromised latest release is told from a package made to attack.
import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../../../utils/lib/versions';
import { badgeReleaseFacts, judgeBadge } from '../../../../utils/trust/badge';
import { withMalwareScopes } from '../../../../utils/trust/malware-scope';
import { ok, releasesOf } from './facts';
import {
  MAL_0REQUESTS_FILE,
  MAL_LITELLM,
  litellmReleases,
  recordOf,
  syntheticHistory,
  syntheticReleases,
  zeroRequestsReleases,
} from './malware-cases';

const NOW = '2026-03-24T12:00:00Z';

describe('judgeBadge on malicious code', () => {
  it('litellm whose latest release is 1.82.8 (MAL-2026-2144, synthetic history): danger naming the compromised release', () => {
    // SYNTHETIC: the search page met litellm while 1.82.8 was its latest release.
    const releases = [
      ...litellmReleases().filter((r) => compareVersions(r.version, '1.82.9') < 0),
      ...syntheticReleases(['1.82.7', '1.82.8'], '2026-03-24T10:52:00Z', 0),
    ];
    const history = syntheticHistory('litellm', releases, '1.82.8');
    const badge = judgeBadge({
      name: 'litellm',
      releases: ok(history),
      advisories: { state: 'ok', ids: ['MAL-2026-2144'], malicious: withMalwareScopes([recordOf(MAL_LITELLM, 'litellm')], history) },
      now: NOW,
    });
    expect(badge).toEqual({
      name: 'litellm',
      verdict: {
        level: 'danger',
        headline:
          'Danger: the latest release 1.82.8 was compromised (MAL-2026-2144) — do not install it; if you did, remove it and rotate every secret of the machine that installed it',
      },
      latestVersion: '1.82.8',
      advisoryCount: 0,
      malicious: true,
    });
  });

  it.each([
    ['0requests with its record and history (made to attack)', true],
    ['0requests whose record did not load', false],
  ])('%s: known malicious package', (_case, loaded) => {
    const history = syntheticHistory('0requests', zeroRequestsReleases(), '0.0.1');
    const malicious = loaded ? withMalwareScopes([recordOf(MAL_0REQUESTS_FILE, '0requests')], history) : [];
    const badge = judgeBadge({
      name: '0requests',
      releases: ok(history),
      advisories: { state: 'ok', ids: ['MAL-2026-15859'], malicious },
      now: NOW,
    });
    expect(badge.verdict).toEqual({ level: 'danger', headline: 'Danger: known malicious package (MAL-2026-15859)' });
  });
});

describe('the badge from the summary kept per project (issue 20 §1, warm)', () => {
  it.each(['luigi.json', 'octocheese.json', 'coverage.json', 'black.trimmed.json', 'apeye.json'])(
    '%s: the summary gives the badge the whole release facts give, with and without advisories',
    (file) => {
      const facts = releasesOf(file);
      const summary = badgeReleaseFacts(facts);
      for (const advisories of [
        { state: 'ok' as const, ids: [] },
        { state: 'ok' as const, ids: ['PYSEC-2023-74'] },
        { state: 'disabled' as const },
      ]) {
        for (const now of [NOW, facts.firstUploadAt ?? NOW]) {
          const input = { name: facts.displayName, advisories, now };
          expect(judgeBadge({ ...input, releases: ok(summary) })).toEqual(judgeBadge({ ...input, releases: ok(facts) }));
        }
      }
      // Small: a few fields, whatever the size of the project's history.
      expect(JSON.stringify(summary).length).toBeLessThan(300);
    },
  );
});
