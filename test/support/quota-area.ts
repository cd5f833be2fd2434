// A fake browser.storage.local that counts what Chrome's quota counts and refuses a write past it, as Chrome does
// ("QUOTA_BYTES quota exceeded"): each item is the UTF-8 bytes of its key and of its JSON, in which Chrome's JSON
// writer escapes `<` and U+2028/U+2029. Counted here with TextEncoder, independently of the cache's own count.
import type { KeyValueArea } from '../../utils/sources/http';

const encoder = new TextEncoder();

function chromeJson(value: unknown): string {
  return (JSON.stringify(value) ?? '').replace(/[<\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Bytes Chrome counts for one stored item. */
export function itemBytes(key: string, value: unknown): number {
  return encoder.encode(key).length + encoder.encode(chromeJson(value)).length;
}

export function quotaArea(quotaBytes: number): KeyValueArea & { data: Record<string, unknown>; bytes(prefix?: string): number } {
  const data: Record<string, unknown> = {};
  const bytes = (prefix = '') =>
    Object.entries(data)
      .filter(([key]) => key.startsWith(prefix))
      .reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
  return {
    QUOTA_BYTES: quotaBytes,
    data,
    bytes,
    async get(keys) {
      if (keys === null) return structuredClone(data);
      const list = Array.isArray(keys) ? keys : [keys];
      return structuredClone(Object.fromEntries(list.filter((k) => k in data).map((k) => [k, data[k]])));
    },
    async set(items) {
      const after = { ...data, ...structuredClone(items) };
      const total = Object.entries(after).reduce((sum, [key, value]) => sum + itemBytes(key, value), 0);
      if (total > quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
      Object.assign(data, structuredClone(items));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) delete data[k];
    },
  };
}
