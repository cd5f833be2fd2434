// Response cache: parsed (schema-checked) bodies keyed by request, so a page renders again without asking. Errors are never stored.
import { DAY_MS, HOUR_MS } from '../../lib/time';

/** How long a stale cache entry may still be served while it is refreshed in the background. */
export const MAX_STALE_MS = 7 * DAY_MS;
/** A "does not exist" answer is remembered at most this long (a package may be published soon). */
export const NOT_FOUND_TTL_MS = HOUR_MS;

export type CacheEntry = {
  value: unknown;
  storedAt: number;
  expiresAt: number;
  etag?: string;
  /** A remembered "does not exist" answer (404/410): an answer, not an error, so it may be cached. */
  notFound?: { message: string };
};

/**
 * A cached entry read at `now`: `fresh` while within its TTL (an answer, "does not exist" included);
 * else `stale` when it holds data no older than MAX_STALE_MS past its TTL (served while refreshed).
 */
export function cacheState(entry: CacheEntry | undefined, now: number): { fresh?: CacheEntry; stale?: CacheEntry } {
  if (!entry) return {};
  if (entry.expiresAt > now) return { fresh: entry };
  return !entry.notFound && now - entry.expiresAt < MAX_STALE_MS ? { stale: entry } : {};
}

/** An answer kept for `ttlMs` from `now` (with the ETag to revalidate it, if any). */
export function answerEntry(value: unknown, now: number, ttlMs: number, etag: string | undefined): CacheEntry {
  return { value, storedAt: now, expiresAt: now + ttlMs, etag };
}

/** A "does not exist" answer kept for `ttlMs` from `now` (negative caching). */
export function notFoundEntry(message: string, now: number, ttlMs: number): CacheEntry {
  return { value: null, storedAt: now, expiresAt: now + ttlMs, notFound: { message } };
}

export interface CacheStore {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
  /** Removes every entry; resolves to how many were removed. */
  clear(): Promise<number>;
  size(): Promise<number>;
}

export class MemoryCache implements CacheStore {
  private readonly entries = new Map<string, CacheEntry>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async set(key: string, entry: CacheEntry) {
    this.entries.set(key, entry);
  }
  async clear() {
    const count = this.entries.size;
    this.entries.clear();
    return count;
  }
  async size() {
    return this.entries.size;
  }
}

/** The part of `browser.storage.local` we use (lets tests pass a fake). Chrome's area says its quota. */
export type KeyValueArea = {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  readonly QUOTA_BYTES?: number;
};

const PREFIX = 'cache:';
/** Chrome's storage.local quota without `unlimitedStorage` (5 MB before Chrome 114), used when the area does not say. */
export const STORAGE_QUOTA_BYTES = 10 * 1024 * 1024;
/** Kept free below the quota for the settings, the ownership memory and the popup's recent lookups. */
export const STORAGE_MARGIN_BYTES = 2 * 1024 * 1024;
/** The cache's own bound (never more than the quota less the margin). */
export const DEFAULT_MAX_CACHE_BYTES = 6 * 1024 * 1024;

type IndexEntry = { bytes: number; storedAt: number };

/**
 * Cache in extension storage, bounded in total size as Chrome counts it (UTF-8 bytes, see storedBytes):
 * when a write would pass the bound, the oldest entries are evicted first. A small in-memory index
 * (key → bytes, storedAt) is built once from storage and kept in step with every write that succeeds.
 */
export class StorageCache implements CacheStore {
  private index: Map<string, IndexEntry> | null = null;
  private loading: Promise<Map<string, IndexEntry>> | null = null;
  private readonly maxBytes: number;

  constructor(
    private readonly area: KeyValueArea,
    maxBytes = DEFAULT_MAX_CACHE_BYTES,
  ) {
    this.maxBytes = Math.min(maxBytes, (area.QUOTA_BYTES ?? STORAGE_QUOTA_BYTES) - STORAGE_MARGIN_BYTES);
  }

  private async loadIndex(): Promise<Map<string, IndexEntry>> {
    if (this.index) return this.index;
    this.loading ??= this.area.get(null).then((all) => {
      const index = new Map<string, IndexEntry>();
      for (const [storageKey, raw] of Object.entries(all)) {
        if (!storageKey.startsWith(PREFIX) || !isEntry(raw)) continue;
        index.set(storageKey.slice(PREFIX.length), { bytes: storedBytes(storageKey, raw), storedAt: raw.storedAt });
      }
      this.index = index;
      return index;
    });
    return this.loading;
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    // Read through to storage every time: another context (or a test) may have cleared it, and
    // keeping bodies in memory would grow the service worker's heap with every project seen.
    const stored = (await this.area.get(PREFIX + key))[PREFIX + key];
    return isEntry(stored) ? stored : undefined;
  }

  /** Stores `entry`; rejects (the index unchanged by what failed) when storage refuses a write. */
  async set(key: string, entry: CacheEntry): Promise<void> {
    const index = await this.loadIndex();
    const bytes = storedBytes(PREFIX + key, entry);
    if (bytes > this.maxBytes) return;
    const previous = index.get(key);
    index.delete(key);
    let total = 0;
    for (const item of index.values()) total += item.bytes;
    const evicted: [string, IndexEntry][] = [];
    if (total + bytes > this.maxBytes) {
      const oldestFirst = [...index.entries()].sort((a, b) => a[1].storedAt - b[1].storedAt);
      for (const [oldKey, item] of oldestFirst) {
        if (total + bytes <= this.maxBytes) break;
        total -= item.bytes;
        evicted.push([oldKey, item]);
      }
    }
    const restore = (items: [string, IndexEntry][]) => {
      for (const [oldKey, item] of items) index.set(oldKey, item);
    };
    if (evicted.length > 0) {
      for (const [oldKey] of evicted) index.delete(oldKey);
      try {
        await this.area.remove(evicted.map(([k]) => PREFIX + k));
      } catch (error) {
        restore(previous ? [...evicted, [key, previous]] : evicted);
        throw error;
      }
    }
    index.set(key, { bytes, storedAt: entry.storedAt });
    try {
      await this.area.set({ [PREFIX + key]: entry });
    } catch (error) {
      // Storage kept what it held: the old entry for this key, if any, is still there.
      index.delete(key);
      if (previous) restore([[key, previous]]);
      throw error;
    }
  }

  async clear(): Promise<number> {
    this.index = null;
    this.loading = null;
    const all = await this.area.get(null);
    const keys = Object.keys(all).filter((k) => k.startsWith(PREFIX));
    if (keys.length > 0) await this.area.remove(keys);
    return keys.length;
  }

  async size(): Promise<number> {
    return (await this.loadIndex()).size;
  }

  /** The bytes the cache's entries take, as Chrome counts them. */
  async usedBytes(): Promise<number> {
    let total = 0;
    for (const item of (await this.loadIndex()).values()) total += item.bytes;
    return total;
  }
}

function isEntry(raw: unknown): raw is CacheEntry {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    'storedAt' in raw &&
    typeof raw.storedAt === 'number' &&
    'expiresAt' in raw &&
    typeof raw.expiresAt === 'number' &&
    'value' in raw
  );
}

/**
 * What Chrome's quota counts for one item: the UTF-8 bytes of its key and of its value's JSON, which
 * Chrome's JSON writer makes with `<` as `\u003C` and U+2028/U+2029 escaped (6 bytes each).
 */
export function storedBytes(key: string, value: unknown): number {
  return chromeJsonBytes(key) + chromeJsonBytes(JSON.stringify(value) ?? '');
}

function chromeJsonBytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += unit === 0x3c ? 6 : 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point outside the BMP
      i++;
    } else bytes += unit === 0x2028 || unit === 0x2029 ? 6 : 3; // a lone surrogate becomes U+FFFD (3 bytes)
  }
  return bytes;
}
