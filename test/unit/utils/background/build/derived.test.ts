// The one cache of derived facts: made once for concurrent callers, kept for the TTL the value asks for,
// never kept when the TTL is null, and a kept value of the wrong shape is made again.
import { describe, expect, it } from 'vitest';
import { derived, httpStore, memoryStore } from '../../../../../utils/background/build/derived';
import { Http, MemoryCache } from '../../../../../utils/sources/http';

describe('derived', () => {
  it('makes a value once for concurrent callers and keeps it for its TTL', async () => {
    let clock = 1_000;
    let made = 0;
    const store = memoryStore();
    const make = async () => `value ${++made}`;
    const options = { now: () => clock, ttlMs: () => 500 };
    const [a, b] = await Promise.all([derived(store, 'k', options, make), derived(store, 'k', options, make)]);
    expect([a, b]).toEqual([
      { value: 'value 1', fromCache: false },
      { value: 'value 1', fromCache: false },
    ]);
    expect(await derived(store, 'k', options, make)).toEqual({ value: 'value 1', fromCache: true });
    clock += 501;
    expect(await derived(store, 'k', options, make)).toEqual({ value: 'value 2', fromCache: false });
  });

  it('keeps nothing when the TTL is null, and remakes a kept value of the wrong shape', async () => {
    let made = 0;
    const store = memoryStore();
    const make = async () => ++made;
    await derived(store, 'k', { now: () => 0, ttlMs: () => null }, make);
    expect(await derived(store, 'k', { now: () => 0, ttlMs: () => null }, make)).toEqual({ value: 2, fromCache: false });
    await store.set('shape', { value: 'not a number', storedAt: 0, expiresAt: 10 });
    expect(await derived(store, 'shape', { now: () => 0, ttlMs: () => 10, accept: (v) => typeof v === 'number' }, make)).toEqual({
      value: 3,
      fromCache: false,
    });
  });

  it("keeps values in Http's cache, readable before the write queue stores them", async () => {
    const cache = new MemoryCache();
    const http = new Http({ cache, fetch: (() => Promise.reject(new Error('no network'))) as typeof fetch, now: () => 0 });
    await derived(httpStore(http), 'scan:abc', { now: () => 0, ttlMs: () => 60_000 }, async () => ({ ok: 1 }));
    expect(await derived(httpStore(http), 'scan:abc', { now: () => 1, ttlMs: () => 60_000 }, async () => ({ ok: 2 }))).toEqual({
      value: { ok: 1 },
      fromCache: true,
    });
    await http.flushWrites();
    expect((await cache.get('scan:abc'))?.value).toEqual({ ok: 1 });
  });

  it('without a store makes the value every time and never fails on a broken store', async () => {
    expect(await derived(null, 'k', { now: () => 0, ttlMs: () => 10 }, async () => 'x')).toEqual({ value: 'x', fromCache: false });
    const broken = { get: async () => Promise.reject(new Error('quota')), set: () => Promise.reject(new Error('quota')) };
    expect(await derived(broken, 'k', { now: () => 0, ttlMs: () => 10 }, async () => 'y')).toEqual({ value: 'y', fromCache: false });
  });
});
