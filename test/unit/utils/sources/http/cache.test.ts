import { describe, expect, it } from 'vitest';
import { saveSettings } from '../../../../../utils/background/settings-store';
import { DEFAULT_SETTINGS } from '../../../../../utils/contract/settings';
import {
  MemoryCache,
  planEviction,
  PreferIdbCache,
  STORAGE_MARGIN_BYTES,
  StorageCache,
  storedBytes,
} from '../../../../../utils/sources/http';
import { readRecorded } from '../../../../support/fixtures';
import { memoryArea } from '../../../../support/memory-area';
import { itemBytes, quotaArea } from '../../../../support/quota-area';

describe('StorageCache', () => {
  it('evicts the oldest entries when the total passes the bound', async () => {
    const area = memoryArea();
    const cache = new StorageCache(area, 300);
    const value = 'x'.repeat(60);
    for (let i = 0; i < 5; i++) await cache.set(`k${i}`, { value, storedAt: i, expiresAt: i + 10 });
    expect(await cache.get('k0')).toBeUndefined();
    expect((await cache.get('k4'))?.value).toBe(value);
    expect(await cache.size()).toBeLessThan(5);
  });

  it('clear removes only cache entries and says how many', async () => {
    const area = memoryArea();
    area.data.settings = { githubToken: 't' };
    const cache = new StorageCache(area);
    await cache.set('a', { value: 1, storedAt: 1, expiresAt: 2 });
    await cache.set('b', { value: 2, storedAt: 1, expiresAt: 2 });
    expect(await cache.clear()).toBe(2);
    expect(area.data.settings).toEqual({ githubToken: 't' });
  });

  it('MemoryCache clear counts too', async () => {
    const cache = new MemoryCache();
    await cache.set('a', { value: 1, storedAt: 1, expiresAt: 2 });
    expect(await cache.clear()).toBe(1);
  });
});

// Chrome's storage.local quota counts UTF-8 bytes; a string's length counts UTF-16 code units. A CJK README is
// three bytes a character: counted as one, the cache filled storage past the quota and later writes failed.
describe('StorageCache and the storage quota', () => {
  const MB = 1024 * 1024;
  /** luigi's recorded PyPI JSON with its README made CJK at test time (no recorded PyPI body holds one). */
  function cjkRelease(i: number) {
    const body = readRecorded('pypi.org/json/luigi.json') as { info: Record<string, unknown> };
    body.info.description = `${i} ${'日本語のドキュメント。'.repeat(3000)}`;
    return body;
  }
  const entry = (value: unknown, storedAt: number) => ({ value, storedAt, expiresAt: storedAt + 10 });

  it('counts a non-ASCII body in UTF-8 bytes, as the quota does', async () => {
    const value = cjkRelease(0);
    const key = 'GET https://pypi.org/pypi/luigi/json';
    expect(storedBytes(`cache:${key}`, entry(value, 1))).toBe(itemBytes(`cache:${key}`, entry(value, 1)));
    expect(storedBytes(`cache:${key}`, entry(value, 1))).toBeGreaterThan(JSON.stringify(entry(value, 1)).length + 50_000);
    // Chrome's JSON writer spells `<` as \u003C (six bytes) and escapes U+2028; surrogate pairs are four bytes.
    expect(storedBytes('k', '<\u2028😀')).toBe(itemBytes('k', '<\u2028😀'));
  });

  it('evicts by bytes: CJK bodies stay within the bound', async () => {
    const area = quotaArea(10 * MB);
    const cache = new StorageCache(area, MB);
    for (let i = 0; i < 20; i++) await cache.set(`GET https://pypi.org/pypi/p${i}/json`, entry(cjkRelease(i), i));
    expect(area.bytes('cache:')).toBeLessThanOrEqual(MB);
    expect(await cache.usedBytes()).toBe(area.bytes('cache:'));
    expect((await cache.get('GET https://pypi.org/pypi/p19/json'))?.storedAt).toBe(19);
  });

  it('keeps the cache under the quota less the margin, so the settings can still be written', async () => {
    const area = quotaArea(3 * MB);
    const cache = new StorageCache(area);
    for (let i = 0; i < 40; i++) await cache.set(`GET https://pypi.org/pypi/p${i}/json`, entry(cjkRelease(i), i)).catch(() => undefined);
    expect(area.bytes('cache:')).toBeLessThanOrEqual(3 * MB - STORAGE_MARGIN_BYTES);
    await expect(saveSettings(area, { ...DEFAULT_SETTINGS, cacheTtlMinutes: 60 })).resolves.toBeUndefined();
  });

  it('a write storage refuses leaves the index as storage is: no phantom entry, the replaced entry still counted', async () => {
    const area = quotaArea(3 * MB);
    area.data['ownership-memory'] = { filler: 'x'.repeat(2.5 * MB) }; // another part of the extension's storage
    const cache = new StorageCache(area);
    const failures: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      await cache.set(`GET https://pypi.org/pypi/p${i}/json`, entry(cjkRelease(i), i)).catch((error: unknown) => failures.push(error));
    }
    expect(failures.length).toBeGreaterThan(0);
    const storedKeys = () => Object.keys(area.data).filter((k) => k.startsWith('cache:'));
    expect(await cache.size()).toBe(storedKeys().length);
    expect(await cache.usedBytes()).toBe(area.bytes('cache:'));
    // Replacing a stored entry with a bigger one that does not fit: the old one stays, in storage and in the index.
    const [first] = storedKeys();
    const key = first!.slice('cache:'.length);
    await expect(cache.set(key, entry({ big: '語'.repeat(200_000) }, 99))).rejects.toThrow(/quota/);
    expect(await cache.size()).toBe(storedKeys().length);
    expect(await cache.usedBytes()).toBe(area.bytes('cache:'));
    expect((await cache.get(key))?.storedAt).not.toBe(99);
  });
});

describe('BoundedCache over any backend, and the choice of IndexedDB', () => {
  it('planEviction: nothing while it fits; else the oldest first, only as many as needed', () => {
    const index = new Map([
      ['b', { bytes: 40, storedAt: 2 }],
      ['a', { bytes: 40, storedAt: 1 }],
      ['c', { bytes: 40, storedAt: 3 }],
    ]);
    expect(planEviction(index, 60, 200)).toEqual([]);
    expect(planEviction(index, 100, 200).map(([k]) => k)).toEqual(['a']);
    expect(planEviction(index, 150, 200).map(([k]) => k)).toEqual(['a', 'b']);
  });

  it('writes go one at a time: ten parallel writes stay within the bound', async () => {
    const area = memoryArea();
    const cache = new StorageCache(area, 500);
    await Promise.all(Array.from({ length: 10 }, (_, i) => cache.set(`k${i}`, { value: 'x'.repeat(80), storedAt: i, expiresAt: 99 })));
    const stored = Object.entries(area.data).filter(([k]) => k.startsWith('cache:'));
    expect(stored.reduce((sum, [k, v]) => sum + storedBytes(k, v), 0)).toBeLessThanOrEqual(500);
    expect(await cache.get('k9')).toBeDefined();
    expect(await cache.get('k0')).toBeUndefined();
  });

  it('once its index is loaded, a key it does not hold is a miss without a storage read; held and new keys are read', async () => {
    const area = memoryArea();
    await new StorageCache(area).set('held', { value: 1, storedAt: 1, expiresAt: 2 });
    const reads: unknown[] = [];
    const counting = { ...area, get: (keys: string | string[] | null) => (reads.push(keys), area.get(keys)) };
    const cache = new StorageCache(counting);
    expect(await cache.get('absent')).toBeUndefined(); // before the index: read through
    expect(reads).toHaveLength(1);
    await cache.warm();
    reads.length = 0;
    expect(await cache.get('absent')).toBeUndefined();
    expect(reads).toEqual([]);
    expect((await cache.get('held'))?.value).toBe(1);
    await cache.set('new', { value: 2, storedAt: 2, expiresAt: 3 });
    expect((await cache.get('new'))?.value).toBe(2);
    expect(reads.length).toBeGreaterThan(0);
  });

  it('an index that fails to load leaves every read going to storage (a hit stays a hit), and is tried again', async () => {
    const area = memoryArea();
    await new StorageCache(area).set('held', { value: 1, storedAt: 1, expiresAt: 2 });
    let fail = true;
    const reads: unknown[] = [];
    const flaky = {
      ...area,
      get: (keys: string | string[] | null) => (
        reads.push(keys), fail && keys === null ? Promise.reject(new Error('no index')) : area.get(keys)
      ),
    };
    const cache = new StorageCache(flaky);
    await cache.warm();
    expect((await cache.get('held'))?.value).toBe(1);
    fail = false;
    await cache.warm(); // loaded this time: an absent key is then answered without a read
    reads.length = 0;
    expect(await cache.get('absent')).toBeUndefined();
    expect(reads).toEqual([]);
    expect((await cache.get('held'))?.value).toBe(1);
  });

  /** An IndexedDB that refuses to open, as Firefox does where IndexedDB is off. */
  const refusingIdb = () =>
    ({
      open() {
        const request: Record<string, unknown> = { error: new DOMException('refused', 'InvalidStateError') };
        queueMicrotask(() => (request.onerror as () => void)());
        return request;
      },
    }) as unknown as IDBFactory;

  it('PreferIdbCache: where IndexedDB does not open (or is absent), the cache lives in extension storage', async () => {
    for (const factory of [refusingIdb(), undefined]) {
      const area = memoryArea();
      const cache = new PreferIdbCache(factory, () => new StorageCache(area));
      await cache.set('k', { value: 1, storedAt: 1, expiresAt: 2 });
      expect(await cache.kind()).toBe('storage');
      expect(area.data['cache:k']).toEqual({ value: 1, storedAt: 1, expiresAt: 2 });
      expect((await cache.get('k'))?.value).toBe(1);
      expect(await cache.clear()).toBe(1);
    }
  });
});
