// The typosquat check on the recorded top-pypi-packages list (2026-04-01, 15,000 names). Every pair
// below is two real names from that list: the "squat" is taken out of the list, as an unlisted
// package would be, and must then point at its look-alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTyposquatIndex, checkTyposquat, isTransposition, maxDistanceFor } from '../../../../../utils/analysis/typosquat';
import { isValidPackageName } from '../../../../../utils/lib/package-name';
import { fetchTopPackages, normaliseTopPackages, TOP_PACKAGES_URL, topListStatus } from '../../../../../utils/sources/top-packages';
import type { TopPackages } from '../../../../../utils/contract/report';
import { readRecorded, readRecordedText } from '../../../../support/fixtures';
import { recordingHttp } from '../../sources/recorded-responses';
import { DAY_MS } from '../../../../../utils/lib/time';

const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!;
const index = buildTyposquatIndex(top);

function without(list: TopPackages, name: string): TopPackages {
  const keep = list.names.map((n) => n !== name);
  return { ...list, names: list.names.filter((_, i) => keep[i]), downloads: list.downloads.filter((_, i) => keep[i]) };
}

describe('the recorded list', () => {
  it('normalises all 15,000 rows, most downloaded first', () => {
    expect(top.names).toHaveLength(15_000);
    expect(top.names.slice(0, 3)).toEqual(['boto3', 'packaging', 'setuptools']);
    expect(top.downloads[0]).toBe(1_880_218_825);
    expect(top.lastUpdate).toBe('2026-04-01T06:34:06.000Z');
    expect(index.floor).toBe(top.downloads[14_999]);
  });
});

describe('checkTyposquat', () => {
  it('flags 0requests (OSV MAL-2026-15859, "a one-character variant of requests") as requests plus one letter', () => {
    expect(top.names).not.toContain('0requests');
    const facts = checkTyposquat('0requests', index);
    expect(facts.listed).toBe(false);
    const first = facts.candidates[0]!;
    expect(first).toMatchObject({ name: 'requests', kind: 'edit', distance: 1, rank: 7, downloads: 1_291_814_272 });
    expect(first.timesMoreAtLeast).toBe(Math.floor(1_291_814_272 / index.floor));
    expect(first.url).toBe('https://pypi.org/project/requests/');
  });

  // [unlisted squat, the listed name it resembles, kind]: both names are in the recorded list.
  it.each([
    ['authlib', 'oauthlib', 'edit'],
    ['pymoo', 'pyomo', 'transposition'],
    ['mypy-boto3-drs', 'mypy-boto3-rds', 'transposition'],
    ['uri-template', 'uritemplate', 'separators'],
    ['git-python', 'gitpython', 'separators'],
    ['py-redis', 'redis', 'affix'],
    ['dotenv', 'python-dotenv', 'affix'],
    ['kafka', 'kafka-python', 'affix'],
    ['jsons', 'json5', 'look-alike'],
  ])('%s (taken out of the list) → did you mean %s? (%s)', (squat, target, kind) => {
    expect(top.names).toContain(squat);
    expect(top.names).toContain(target);
    const facts = checkTyposquat(squat, buildTyposquatIndex(without(top, squat)));
    expect(facts.candidates.find((c) => c.name === target)?.kind).toBe(kind);
  });

  it('never flags any of the top 1000 packages', () => {
    const flagged = top.names.slice(0, 1000).filter((name) => {
      const facts = checkTyposquat(name, index);
      return !facts.listed || facts.candidates.length > 0;
    });
    expect(flagged).toEqual([]);
  });

  it('would flag few of the top 1000 by a slip even if each were missing from the list (edit thresholds are not too loose)', () => {
    const slips = new Set(['separators', 'look-alike', 'transposition', 'doubled-letter', 'edit']);
    const flagged: string[] = [];
    for (const [i, name] of top.names.slice(0, 1000).entries()) {
      index.rankOf.delete(name);
      const facts = checkTyposquat(name, index);
      index.rankOf.set(name, i);
      if (facts.candidates.some((c) => slips.has(c.kind) && c.name !== name && c.downloads > top.downloads[i]!)) flagged.push(name);
    }
    // 11 at these thresholds (e.g. authlib ~ oauthlib, toml ~ tomli): real neighbours, info on an established project.
    // Combosquat shapes are left out: many top names are plugins of others (requests-oauthlib), which is no slip.
    expect(flagged.length).toBeLessThanOrEqual(15);
    expect(flagged).toContain('authlib');
  });

  it('lists the most downloaded resemblance first and at most three', () => {
    const facts = checkTyposquat('0requests', index);
    const downloads = facts.candidates.map((c) => c.downloads);
    expect(downloads).toEqual([...downloads].sort((a, b) => b - a));
    expect(facts.candidates.length).toBeLessThanOrEqual(3);
  });

  it('does not count edits in short names, where every name has real neighbours', () => {
    expect([3, 4, 5, 8, 9].map(maxDistanceFor)).toEqual([0, 0, 1, 1, 2]);
    // "sixx" is one letter from "six" (listed) but too short for one letter to mean anything.
    expect(checkTyposquat('sixx', index).candidates.map((c) => c.name)).not.toContain('six');
  });

  it('never names the package itself and only names listed packages (any valid name)', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,30}[a-z0-9]$/).filter(isValidPackageName);
    fc.assert(
      fc.property(name, (raw) => {
        const facts = checkTyposquat(raw, index);
        for (const candidate of facts.candidates) {
          expect(index.rankOf.get(candidate.name)).toBe(candidate.rank - 1);
          expect(candidate.name).not.toBe(raw.toLowerCase().replace(/[-_.]+/g, '-'));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('isTransposition', () => {
  it('is one swap of neighbours, nothing else', () => {
    expect(isTransposition('reqeusts', 'requests')).toBe(true);
    expect(isTransposition('requests', 'requests')).toBe(false);
    expect(isTransposition('rqeuests', 'requests')).toBe(true);
    expect(isTransposition('sreuqest', 'requests')).toBe(false);
    expect(isTransposition('requestss', 'requests')).toBe(false);
  });
});

describe('normaliseTopPackages on hostile input', () => {
  it('returns a list of normalised names with counts, or null; never throws', () => {
    const row = fc.record({
      project: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('Requests', 'typing_extensions', '')),
      download_count: fc.oneof(fc.integer(), fc.double()),
    });
    const body = fc.oneof(
      fc.anything(),
      fc.record({
        last_update: fc.oneof(fc.string(), fc.constant('2026-04-01 06:34:06')),
        rows: fc.array(fc.oneof(row, fc.anything()), { maxLength: 20 }),
      }),
    );
    fc.assert(
      fc.property(body, (raw) => {
        const list = normaliseTopPackages(raw);
        if (list === null) return;
        expect(list.names).toHaveLength(list.downloads.length);
        expect(new Set(list.names).size).toBe(list.names.length);
        for (const name of list.names) expect(name).toBe(name.toLowerCase().replace(/[-_.]+/g, '-'));
        for (const count of list.downloads) expect(Number.isInteger(count) && count >= 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fetching the list', () => {
  it('asks hugovk.github.io once, then serves the cached copy for 30 days', async () => {
    const body = readRecordedText('data/top-pypi-packages.json');
    const { http, calls, clock } = recordingHttp(() => new Response(body, { headers: { 'content-type': 'application/json' } }));
    const first = await fetchTopPackages(http);
    expect(first.ok && first.data.names.length).toBe(15_000);
    expect(calls.map((c) => c.url)).toEqual([TOP_PACKAGES_URL]);
    clock.now += 29 * DAY_MS;
    const cached = await fetchTopPackages(http);
    expect(cached.ok && cached.fromCache).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('says fresh, stale or missing', () => {
    const ok = { ok: true as const, data: top, fetchedAt: '2026-04-02T00:00:00.000Z', fromCache: false };
    expect(topListStatus(ok, Date.parse('2026-04-20T00:00:00Z'))).toMatchObject({
      state: 'fresh',
      count: 15_000,
      floorDownloads: index.floor,
    });
    expect(topListStatus(ok, Date.parse('2026-11-25T00:00:00Z')).state).toBe('stale');
    const missing = topListStatus({ ok: false, error: { kind: 'offline', message: 'Could not reach hugovk.github.io' } }, 0);
    expect(missing).toMatchObject({ state: 'missing', count: 0, error: { kind: 'offline' } });
  });
});
