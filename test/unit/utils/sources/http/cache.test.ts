import { describe, expect, it } from 'vitest';
import { MemoryCache, StorageCache } from '../../../../../utils/sources/http';
import { memoryArea } from '../../../../support/memory-area';

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
