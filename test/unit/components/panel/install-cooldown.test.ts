// The install-cooldown lines on recorded luigi (3.6.0 uploaded 2024-12-06T00:58:03Z): the cutoff is
// `now` minus 7 days in UTC whole seconds, the release they would install is the newest older one,
// and nothing is offered at or past 7 days.
import { describe, expect, it } from 'vitest';
import { cooldownLines, cutoffTimestamp, INSTALL_COOLDOWN_DAYS } from '../../../../components/panel/install-cooldown';
import type { ReleaseFacts } from '../../../../utils/contract/report';
import { luigiReleases } from '../synthetic-facts';

const UPLOADED = Date.parse('2024-12-06T00:58:03.138Z');
const DAY = 24 * 60 * 60 * 1000;

describe('cutoffTimestamp', () => {
  it('is now minus 7 days, UTC, whole seconds, with a Z', () => {
    expect(cutoffTimestamp(Date.parse('2026-12-07T01:17:52.999Z'))).toBe('2026-11-30T01:17:52Z');
    expect(cutoffTimestamp(Date.parse('2026-03-01T00:00:00Z'))).toBe('2026-02-22T00:00:00Z');
    // Across a month and a year end.
    expect(cutoffTimestamp(Date.parse('2027-01-03T23:59:59Z'))).toBe('2026-12-27T23:59:59Z');
  });
});

describe('cooldownLines', () => {
  it('two days after 3.6.0: the uv and pip lines cut 7 days back and would install 3.5.2', () => {
    const lines = cooldownLines(luigiReleases(), Date.parse('2024-12-08T12:00:00Z'))!;
    expect(lines).toEqual({
      cutoff: '2024-12-01T12:00:00Z',
      uv: 'uv pip install --exclude-newer 2024-12-01T12:00:00Z luigi',
      pip: 'pip install --uploaded-prior-to 2024-12-01T12:00:00Z luigi',
      installs: '3.5.2',
      reason:
        '3.6.0 is under 7 days old, and most malicious releases are caught within days: these lines leave out everything uploaded after 2024-12-01T12:00:00Z; they install luigi 3.5.2, the newest release older than that, and hold every dependency to the same date.',
    });
  });

  it('at exactly 7 days nothing is offered; one second before, the lines are', () => {
    const at = UPLOADED + INSTALL_COOLDOWN_DAYS * DAY;
    expect(cooldownLines(luigiReleases(), at)).toBeNull();
    expect(cooldownLines(luigiReleases(), at - 1000)?.cutoff).toBe('2024-12-06T00:58:02Z');
    // 3.6.0 itself is then still after the cutoff: 3.5.2 is what installs.
    expect(cooldownLines(luigiReleases(), at - 1000)?.installs).toBe('3.5.2');
  });

  it('an older viewed release offers nothing, even while a newer one is young', () => {
    expect(cooldownLines(luigiReleases('3.5.2'), UPLOADED + DAY)).toBeNull();
  });

  it('skips yanked and pre-releases when naming what would install; says so when nothing is old enough', () => {
    const facts = luigiReleases();
    const releases = facts.releases.map((r) =>
      r.version === '3.5.2' ? { ...r, yanked: true } : r.version === '3.5.1' ? { ...r, isPrerelease: true } : r,
    );
    expect(cooldownLines({ ...facts, releases }, UPLOADED + DAY)?.installs).toBe('3.5.0');
    const only: ReleaseFacts = { ...facts, releases: facts.releases.filter((r) => r.version === '3.6.0') };
    const lines = cooldownLines(only, UPLOADED + DAY)!;
    expect(lines.installs).toBeNull();
    expect(lines.reason).toBe(
      '3.6.0 is under 7 days old, and most malicious releases are caught within days: these lines leave out everything uploaded after 2024-11-30T00:58:03Z; no release of luigi is that old yet, so they install nothing: wait, or read the code first.',
    );
  });

  it('no upload time, or a name that is not a package name, offers no shell line', () => {
    const facts = luigiReleases();
    expect(cooldownLines({ ...facts, viewed: { ...facts.viewed!, uploadedAt: null } }, UPLOADED + DAY)).toBeNull();
    expect(cooldownLines({ ...facts, displayName: 'luigi; rm -rf ~' }, UPLOADED + DAY)).toBeNull();
  });
});
