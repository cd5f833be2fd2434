// An in-memory stand-in for browser.storage.local (the KeyValueArea the cache and settings use), for unit tests.
// Values are structured-cloned on write, as the real storage does, so a test cannot mutate what was stored.
import type { KeyValueArea } from '../../utils/sources/http';

export function memoryArea(): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(keys) {
      if (keys === null) return { ...data };
      const list = Array.isArray(keys) ? keys : [keys];
      return Object.fromEntries(list.filter((k) => k in data).map((k) => [k, data[k]]));
    },
    async set(items) {
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) delete data[k];
    },
  };
}
