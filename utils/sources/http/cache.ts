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

export type IndexEntry = { bytes: number; storedAt: number };

/**
 * Where a bounded cache keeps its entries: extension storage (StorageCache) or IndexedDB (IdbCache). The
 * bound, the byte count and the eviction order are the cache's (BoundedCache); a backend only stores.
 */
export interface CacheBackend {
  /** Every stored entry's size and age, read once to build the cache's index. */
  readIndex(): Promise<Map<string, IndexEntry>>;
  read(key: string): Promise<CacheEntry | undefined>;
  /** Stores one entry (replacing any); rejects when the store refuses it, keeping what it held. */
  write(key: string, entry: CacheEntry, meta: IndexEntry): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** Removes every entry; resolves to how many were removed. */
  removeAll(): Promise<number>;
}

/**
 * The entries to evict, oldest first, so that `bytes` more fit within `maxBytes`; `index` does not hold the key
 * being written. Pure, and the same for every backend.
 */
export function planEviction(index: Map<string, IndexEntry>, bytes: number, maxBytes: number): [string, IndexEntry][] {
  let total = 0;
  for (const item of index.values()) total += item.bytes;
  if (total + bytes <= maxBytes) return [];
  const evicted: [string, IndexEntry][] = [];
  const oldestFirst = [...index.entries()].sort((a, b) => a[1].storedAt - b[1].storedAt);
  for (const [oldKey, item] of oldestFirst) {
    if (total + bytes <= maxBytes) break;
    total -= item.bytes;
    evicted.push([oldKey, item]);
  }
  return evicted;
}

/**
 * A cache bounded in total size (bytes as storedBytes counts them): when a write would pass the bound, the
 * oldest entries are evicted first. A small in-memory index (key → bytes, storedAt) is read once from the
 * backend and kept in step with every write that succeeds; writes go one at a time.
 */
export class BoundedCache implements CacheStore {
  private index: Map<string, IndexEntry> | null = null;
  private loading: Promise<Map<string, IndexEntry>> | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    protected readonly backend: CacheBackend,
    readonly maxBytes: number,
  ) {}

  private async loadIndex(): Promise<Map<string, IndexEntry>> {
    if (this.index) return this.index;
    this.loading ??= this.backend.readIndex().then((index) => {
      this.index = index;
      return index;
    });
    return this.loading;
  }

  get(key: string): Promise<CacheEntry | undefined> {
    // A key the index does not hold is not stored (this cache is the backend's only writer): a miss answered at once,
    // not after a storage round-trip that queues behind the answers being parsed (a cold page's every request).
    if (this.index && !this.index.has(key)) return Promise.resolve(undefined);
    // Else read through to the backend: another context (or a test) may have cleared it, and keeping bodies in
    // memory would grow the service worker's heap with every project seen.
    return this.backend.read(key);
  }

  /** Loads the index now (the entrypoint does at start), so misses are answered from it; a failure only waits. */
  async warm(): Promise<void> {
    await this.loadIndex().catch(() => {
      this.loading = null;
    });
  }

  /** Stores `entry`; rejects (the index unchanged by what failed) when the backend refuses a write. */
  set(key: string, entry: CacheEntry): Promise<void> {
    const run = this.writing.then(() => this.setNow(key, entry));
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async setNow(key: string, entry: CacheEntry): Promise<void> {
    const index = await this.loadIndex();
    const bytes = storedBytes(PREFIX + key, entry);
    if (bytes > this.maxBytes) return;
    const previous = index.get(key);
    index.delete(key);
    const evicted = planEviction(index, bytes, this.maxBytes);
    const restore = (items: [string, IndexEntry][]) => {
      for (const [oldKey, item] of items) index.set(oldKey, item);
    };
    if (evicted.length > 0) {
      for (const [oldKey] of evicted) index.delete(oldKey);
      try {
        await this.backend.remove(evicted.map(([k]) => k));
      } catch (error) {
        restore(previous ? [...evicted, [key, previous]] : evicted);
        throw error;
      }
    }
    const meta = { bytes, storedAt: entry.storedAt };
    index.set(key, meta);
    try {
      await this.backend.write(key, entry, meta);
    } catch (error) {
      // The backend kept what it held: the old entry for this key, if any, is still there.
      index.delete(key);
      if (previous) restore([[key, previous]]);
      throw error;
    }
  }

  async clear(): Promise<number> {
    await this.writing;
    this.index = null;
    this.loading = null;
    return this.backend.removeAll();
  }

  async size(): Promise<number> {
    return (await this.loadIndex()).size;
  }

  /** The bytes the cache's entries take, as storedBytes counts them. */
  async usedBytes(): Promise<number> {
    let total = 0;
    for (const item of (await this.loadIndex()).values()) total += item.bytes;
    return total;
  }
}

/** Extension storage (`storage.local`) as a cache backend: entries under "cache:<key>", beside the settings. */
export class StorageBackend implements CacheBackend {
  constructor(private readonly area: KeyValueArea) {}

  async readIndex(): Promise<Map<string, IndexEntry>> {
    const all = await this.area.get(null);
    const index = new Map<string, IndexEntry>();
    for (const [storageKey, raw] of Object.entries(all)) {
      if (!storageKey.startsWith(PREFIX) || !isEntry(raw)) continue;
      index.set(storageKey.slice(PREFIX.length), { bytes: storedBytes(storageKey, raw), storedAt: raw.storedAt });
    }
    return index;
  }

  async read(key: string): Promise<CacheEntry | undefined> {
    const stored = (await this.area.get(PREFIX + key))[PREFIX + key];
    return isEntry(stored) ? stored : undefined;
  }

  write(key: string, entry: CacheEntry): Promise<void> {
    return this.area.set({ [PREFIX + key]: entry });
  }

  remove(keys: string[]): Promise<void> {
    return this.area.remove(keys.map((k) => PREFIX + k));
  }

  async removeAll(): Promise<number> {
    return removeStoredCacheEntries(this.area);
  }
}

/** Removes every "cache:" entry from extension storage (also what an older version left there); how many. */
export async function removeStoredCacheEntries(area: KeyValueArea): Promise<number> {
  const all = await area.get(null);
  const keys = Object.keys(all).filter((k) => k.startsWith(PREFIX));
  if (keys.length > 0) await area.remove(keys);
  return keys.length;
}

/**
 * The cache in extension storage, bounded by Chrome's quota (UTF-8 bytes, see storedBytes) less a margin for
 * the settings and memories. Used where IndexedDB is not available (and in tests).
 */
export class StorageCache extends BoundedCache {
  constructor(area: KeyValueArea, maxBytes = DEFAULT_MAX_CACHE_BYTES) {
    super(new StorageBackend(area), Math.min(maxBytes, (area.QUOTA_BYTES ?? STORAGE_QUOTA_BYTES) - STORAGE_MARGIN_BYTES));
  }
}

export function isEntry(raw: unknown): raw is CacheEntry {
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
