// Values derived from upstream answers — a verified attestation, a scanned archive, the typosquat index — kept
// beside the answers in the one cache (Http's storage cache, or memory for what cannot be serialised), each under
// its own key and TTL, and made once when several ask at the same time. The one cache of derived facts.
import type { CacheEntry, Http } from '../../sources/http';

/** Where derived values are kept: Http's cache (`httpStore`), a CacheStore, or memory (`memoryStore`). */
export type DerivedStore = { get(key: string): Promise<CacheEntry | undefined>; set(key: string, entry: CacheEntry): void | Promise<void> };

export type DerivedOptions<T> = {
  now: () => number;
  /** How long a value is kept; null: not kept (a failure that may pass). */
  ttlMs: (value: T) => number | null;
  /** A kept value is used only when it still has the expected shape. */
  accept?: (kept: unknown) => boolean;
};

const stores = new WeakMap<Http, DerivedStore>();

/** Http's cache, with its write queue (a value is readable before it is stored). */
export function httpStore(http: Http): DerivedStore {
  let store = stores.get(http);
  if (!store) stores.set(http, (store = { get: (key) => http.cacheGet(key), set: (key, entry) => http.cacheSet(key, entry) }));
  return store;
}

/** For values that cannot be serialised (an index of functions and maps): kept as long as the worker lives. */
export function memoryStore(): DerivedStore {
  const entries = new Map<string, CacheEntry>();
  return { get: async (key) => entries.get(key), set: (key, entry) => void entries.set(key, entry) };
}

const inFlight = new WeakMap<DerivedStore, Map<string, Promise<unknown>>>();

/**
 * The value under `key`: the kept one while it is fresh, else made by `make` (once for concurrent callers) and
 * kept for `ttlMs(value)`. A failing store never fails the value: it only costs making it again.
 */
export function derived<T>(
  store: DerivedStore | null,
  key: string,
  options: DerivedOptions<T>,
  make: () => Promise<T>,
): Promise<{ value: T; fromCache: boolean }> {
  if (!store) return make().then((value) => ({ value, fromCache: false }));
  let running = inFlight.get(store);
  if (!running) inFlight.set(store, (running = new Map()));
  const existing = running.get(key) as Promise<{ value: T; fromCache: boolean }> | undefined;
  if (existing) return existing;
  const promise = lookup(store, key, options, make).finally(() => running.delete(key));
  running.set(key, promise);
  return promise;
}

async function lookup<T>(
  store: DerivedStore,
  key: string,
  options: DerivedOptions<T>,
  make: () => Promise<T>,
): Promise<{ value: T; fromCache: boolean }> {
  const { now, ttlMs, accept = () => true } = options;
  const hit = await (async () => store.get(key))().catch(() => undefined);
  if (hit && hit.expiresAt > now() && accept(hit.value)) return { value: hit.value as T, fromCache: true };
  const value = await make();
  const ttl = ttlMs(value);
  if (ttl !== null) {
    const storedAt = now();
    await (async () => store.set(key, { value, storedAt, expiresAt: storedAt + ttl }))().catch(() => undefined);
  }
  return { value, fromCache: false };
}
