// Ownership drift on PyPI's recorded `ownership` (aiohttp 3.12.15: organization aio-libs and five
// maintainers; octocheese: one owner, DomDF) against synthetic earlier snapshots — what this browser
// would have remembered from a visit before the change. The earlier snapshots are the only made-up part.
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { createOwnershipMemory, MAX_REMEMBERED_PROJECTS, OWNERSHIP_KEY } from '../../../../utils/background/ownership-memory';
import { type OwnershipRecord, SHOW_CHANGE_DAYS, visitOwnership } from '../../../../utils/analysis/ownership-drift';
import type { KeyValueArea } from '../../../../utils/sources/http';
import { normaliseReleaseFacts, PypiJson } from '../../../../utils/sources/pypi-json';
import { ownershipDrift } from '../../../../utils/trust/rules/ownership-drift';
import type { TrustInput } from '../../../../utils/trust/types';
import { readRecorded } from '../../../support/fixtures';

const aiohttp = normaliseReleaseFacts(z.parse(PypiJson, readRecorded('pypi.org/json/aiohttp-3.12.15.json')), null);
const octocheese = normaliseReleaseFacts(z.parse(PypiJson, readRecorded('pypi.org/json/octocheese.json')), null);

/** Synthetic: aiohttp's owners as remembered on 2025-07-20, before bdraco was listed (a made-up history). */
const AIOHTTP_BEFORE: OwnershipRecord = {
  organization: 'aio-libs',
  roles: aiohttp.ownership!.roles.filter((r) => r.user !== 'bdraco'),
  seenAt: '2025-07-20T10:00:00.000Z',
};

function input(drift: ReturnType<typeof visitOwnership>['drift'], name: string): TrustInput {
  return {
    package: { name, normalizedName: name, viewedVersion: '', latestVersion: null },
    releases: { state: 'disabled' },
    repository: { state: 'disabled' },
    advisories: { state: 'disabled' },
    provenance: { state: 'disabled' },
    identity: {
      state: 'ok',
      data: {
        topList: { state: 'missing', lastUpdate: null, count: 0, floorDownloads: null, url: 'https://hugovk.github.io/' },
        typosquat: null,
        ownership: drift,
      },
      fetchedAt: '2025-08-01T00:00:00.000Z',
      fromCache: false,
    },
  };
}

describe('the recorded ownership', () => {
  it('is what PyPI sent', () => {
    expect(aiohttp.ownership).toMatchObject({ organization: 'aio-libs' });
    expect(aiohttp.ownership!.roles.map((r) => r.user)).toEqual(['Andrew.Svetlov', 'Dreamsorcerer', 'bdraco', 'fafhrd', 'webknjaz']);
    expect(octocheese.ownership).toEqual({ organization: null, roles: [{ role: 'Owner', user: 'DomDF' }] });
  });
});

describe('visitOwnership', () => {
  it('remembers the first visit and reports nothing', () => {
    const { drift, next } = visitOwnership(null, aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z');
    expect(drift).toMatchObject({ previous: null, lastSeenAt: null, added: [], removed: [] });
    expect(next).toMatchObject({ organization: 'aio-libs', seenAt: '2025-08-01T00:00:00.000Z' });
    expect(ownershipDrift.evaluate(input(drift, 'aiohttp'), { now: '2025-08-01T00:00:00.000Z' })).toEqual([]);
  });

  it('treats reports minutes apart (panel, code scan, popup) as one look, and a later visit as the next', () => {
    const first = visitOwnership(null, aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z');
    const again = visitOwnership(first.next, aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:03.000Z');
    expect(again.drift).toMatchObject({ lastSeenAt: null, previous: null });
    const tomorrow = visitOwnership(again.next, aiohttp.ownership!, aiohttp.releases, '2025-08-02T09:00:00.000Z');
    expect(tomorrow.drift).toMatchObject({ lastSeenAt: '2025-08-01T00:00:03.000Z', previous: null });
    const reload = visitOwnership(tomorrow.next, aiohttp.ownership!, aiohttp.releases, '2025-08-02T09:01:00.000Z');
    expect(reload.drift.lastSeenAt).toBe('2025-08-01T00:00:03.000Z');
  });

  it('finds the added maintainer and the release that followed (3.12.15, uploaded 2025-07-29): caution', () => {
    const now = '2025-08-01T00:00:00.000Z';
    const { drift, next } = visitOwnership(AIOHTTP_BEFORE, aiohttp.ownership!, aiohttp.releases, now);
    expect(drift.added).toEqual([{ role: 'Maintainer', user: 'bdraco' }]);
    expect(drift.removed).toEqual([]);
    expect(drift.organizationChanged).toBeNull();
    expect(drift.releasesSince).toEqual([{ version: '3.12.15', uploadedAt: '2025-07-29T05:49:43.584Z' }]);
    expect(next.previous?.seenAt).toBe(AIOHTTP_BEFORE.seenAt);

    const [finding] = ownershipDrift.evaluate(input(drift, 'aiohttp'), { now });
    expect(finding).toMatchObject({ rule: 'ownership-drift', level: 'caution', title: 'New owner, then release 3.12.15 within days' });
    expect(finding!.detail).toContain('added bdraco (Maintainer)');
    expect(finding!.evidence.map((e) => e.url)).toEqual([
      'https://pypi.org/pypi/aiohttp/json',
      'https://pypi.org/project/aiohttp/3.12.15/',
      'https://pypi.org/project/aiohttp/',
    ]);
  });

  it('only notes a change when the release came long after the last look', () => {
    const longAgo = { ...AIOHTTP_BEFORE, seenAt: '2025-01-10T00:00:00.000Z' };
    const { drift } = visitOwnership(longAgo, aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z');
    expect(ownershipDrift.evaluate(input(drift, 'aiohttp'), { now: '2025-08-01T00:00:00.000Z' })[0]?.level).toBe('info');
  });

  it('reports a removed co-maintainer and an organization change on octocheese as info (no new owner)', () => {
    const before: OwnershipRecord = {
      organization: 'domdfcoding',
      roles: [...octocheese.ownership!.roles, { role: 'Maintainer', user: 'synthetic-co-maintainer' }],
      seenAt: '2024-01-01T00:00:00.000Z',
    };
    const { drift } = visitOwnership(before, octocheese.ownership!, octocheese.releases, '2024-02-01T00:00:00.000Z');
    expect(drift.removed).toEqual([{ role: 'Maintainer', user: 'synthetic-co-maintainer' }]);
    expect(drift.organizationChanged).toEqual({ from: 'domdfcoding', to: null });
    expect(drift.releasesSince.map((r) => r.version)).toEqual(['0.7.0']);
    const [finding] = ownershipDrift.evaluate(input(drift, 'octocheese'), { now: '2024-02-01T00:00:00.000Z' });
    expect(finding?.level).toBe('info');
  });

  it(`keeps showing a change for ${SHOW_CHANGE_DAYS} days (a reload, the popup), then forgets it`, () => {
    const first = visitOwnership(AIOHTTP_BEFORE, aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z');
    const reload = visitOwnership(first.next, aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:05:00.000Z');
    expect(reload.drift.added).toEqual([{ role: 'Maintainer', user: 'bdraco' }]);
    const later = visitOwnership(reload.next, aiohttp.ownership!, aiohttp.releases, '2025-08-20T00:00:00.000Z');
    expect(later.drift).toMatchObject({ previous: null, lastSeenAt: '2025-08-01T00:05:00.000Z', added: [] });
  });
});

function memoryArea(): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (typeof key === 'string' && key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
    remove: async (keys) => [keys].flat().forEach((k) => delete data[k]),
  };
}

describe('createOwnershipMemory', () => {
  it('keeps every project under one key and drops the oldest past the bound', async () => {
    const area = memoryArea();
    const memory = createOwnershipMemory(area);
    for (let i = 0; i <= MAX_REMEMBERED_PROJECTS; i++) {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      await memory.visit(`project-${i}`, octocheese.ownership!, [], at);
    }
    await memory.flush();
    const stored = area.data[OWNERSHIP_KEY] as Record<string, OwnershipRecord>;
    expect(Object.keys(area.data)).toEqual([OWNERSHIP_KEY]);
    expect(Object.keys(stored)).toHaveLength(MAX_REMEMBERED_PROJECTS);
    expect(stored['project-0']).toBeUndefined();
    expect(stored[`project-${MAX_REMEMBERED_PROJECTS}`]?.roles).toEqual([{ role: 'Owner', user: 'DomDF' }]);
  });

  it('serialises visits so the panel and the popup at once both see the change', async () => {
    const area = memoryArea();
    area.data[OWNERSHIP_KEY] = { aiohttp: AIOHTTP_BEFORE };
    const memory = createOwnershipMemory(area);
    const [a, b] = await Promise.all([
      memory.visit('aiohttp', aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z'),
      memory.visit('aiohttp', aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:01.000Z'),
    ]);
    expect(a.added).toEqual([{ role: 'Maintainer', user: 'bdraco' }]);
    expect(b.added).toEqual([{ role: 'Maintainer', user: 'bdraco' }]);
  });

  it('reads storage once and answers a visit from memory, without waiting for the write (writes coalesced)', async () => {
    const area = memoryArea();
    area.data[OWNERSHIP_KEY] = { aiohttp: AIOHTTP_BEFORE };
    let gets = 0;
    const writes: Record<string, OwnershipRecord>[] = [];
    let releaseWrites!: () => void;
    const writesHeld = new Promise<void>((resolve) => (releaseWrites = resolve));
    const slow = {
      ...area,
      get: (keys: string | string[] | null) => ((gets += 1), area.get(keys)),
      set: async (items: Record<string, unknown>) => {
        await writesHeld;
        writes.push(structuredClone(items[OWNERSHIP_KEY]) as Record<string, OwnershipRecord>);
        await area.set(items);
      },
    };
    const memory = createOwnershipMemory(slow);
    const first = await memory.visit('aiohttp', aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z');
    expect(first.added).toEqual([{ role: 'Maintainer', user: 'bdraco' }]);
    for (let i = 0; i < 5; i++) await memory.visit(`project-${i}`, octocheese.ownership!, [], '2025-08-01T00:00:01.000Z');
    expect(gets).toBe(1);
    expect(writes).toEqual([]); // every visit answered while the first write is still held
    releaseWrites();
    await memory.flush();
    // The held write, then one with everything since: not one per visit.
    expect(writes.length).toBeLessThanOrEqual(2);
    expect(Object.keys(area.data[OWNERSHIP_KEY] as object).sort()).toEqual([
      'aiohttp',
      'project-0',
      'project-1',
      'project-2',
      'project-3',
      'project-4',
    ]);
    // A new worker reads what was written.
    const again = await createOwnershipMemory(area).visit('aiohttp', aiohttp.ownership!, aiohttp.releases, '2025-12-01T00:00:00.000Z');
    expect(again.added).toEqual([]);
  });

  it('a refused write does not fail the visit; flush reports it, and the next visit writes everything again', async () => {
    const area = memoryArea();
    let refuse = true;
    const flaky = {
      ...area,
      set: async (items: Record<string, unknown>) => {
        if (refuse) throw new Error('QUOTA_BYTES quota exceeded');
        await area.set(items);
      },
    };
    const memory = createOwnershipMemory(flaky);
    const drift = await memory.visit('aiohttp', aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z');
    expect(drift.added).toEqual([]);
    await expect(memory.flush()).rejects.toThrow('QUOTA_BYTES');
    refuse = false;
    await memory.visit('octocheese', octocheese.ownership!, [], '2025-08-01T00:00:01.000Z');
    await memory.flush();
    expect(Object.keys(area.data[OWNERSHIP_KEY] as object).sort()).toEqual(['aiohttp', 'octocheese']);
  });

  it('a failed read is tried again on the next visit', async () => {
    const area = memoryArea();
    area.data[OWNERSHIP_KEY] = { aiohttp: AIOHTTP_BEFORE };
    let fail = true;
    const flaky = { ...area, get: (keys: string | string[] | null) => (fail ? Promise.reject(new Error('read failed')) : area.get(keys)) };
    const memory = createOwnershipMemory(flaky);
    await expect(memory.visit('aiohttp', aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z')).rejects.toThrow('read failed');
    fail = false;
    const drift = await memory.visit('aiohttp', aiohttp.ownership!, aiohttp.releases, '2025-08-01T00:00:00.000Z');
    expect(drift.added).toEqual([{ role: 'Maintainer', user: 'bdraco' }]);
  });
});
