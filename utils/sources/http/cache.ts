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

/** The part of `browser.storage.local` we use (lets tests pass a fake). */
export type KeyValueArea = {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
};

const PREFIX = 'cache:';
/** storage.local allows 10 MB without `unlimitedStorage`; keep well below it for settings and history. */
export const DEFAULT_MAX_CACHE_BYTES = 6 * 1024 * 1024;

type IndexEntry = { bytes: number; storedAt: number };

/**
 * Cache in extension storage, bounded in total size: when a write would pass the bound, the
 * oldest entries are evicted first. A small in-memory index (key → bytes, storedAt) is built
 * once from storage and kept in step with every write.
 */
export class StorageCache implements CacheStore {
  private index: Map<string, IndexEntry> | null = null;
  private loading: Promise<Map<string, IndexEntry>> | null = null;

  constructor(
    private readonly area: KeyValueArea,
    private readonly maxBytes = DEFAULT_MAX_CACHE_BYTES,
  ) {}

  private async loadIndex(): Promise<Map<string, IndexEntry>> {
    if (this.index) return this.index;
    this.loading ??= this.area.get(null).then((all) => {
      const index = new Map<string, IndexEntry>();
      for (const [storageKey, raw] of Object.entries(all)) {
        if (!storageKey.startsWith(PREFIX) || !isEntry(raw)) continue;
        index.set(storageKey.slice(PREFIX.length), { bytes: approximateBytes(raw), storedAt: raw.storedAt });
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

  async set(key: string, entry: CacheEntry): Promise<void> {
    const index = await this.loadIndex();
    const bytes = approximateBytes(entry);
    if (bytes > this.maxBytes) return;
    index.delete(key);
    let total = 0;
    for (const item of index.values()) total += item.bytes;
    const evict: string[] = [];
    if (total + bytes > this.maxBytes) {
      const oldestFirst = [...index.entries()].sort((a, b) => a[1].storedAt - b[1].storedAt);
      for (const [oldKey, item] of oldestFirst) {
        if (total + bytes <= this.maxBytes) break;
        total -= item.bytes;
        evict.push(oldKey);
      }
    }
    if (evict.length > 0) {
      for (const oldKey of evict) index.delete(oldKey);
      await this.area.remove(evict.map((k) => PREFIX + k));
    }
    index.set(key, { bytes, storedAt: entry.storedAt });
    await this.area.set({ [PREFIX + key]: entry });
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

function approximateBytes(entry: unknown): number {
  return JSON.stringify(entry)?.length ?? 0;
}
