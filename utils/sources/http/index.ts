// The HTTP client's public face: importers write `from '…/sources/http'` and never depend on how its parts are split.

// client.ts is the fetch path; cache.ts the bounded cache and extension storage; idb-cache.ts IndexedDB; write-queue.ts the delayed writes; rate-limits.ts what hosts told
// us and per-host concurrency; body-caps.ts capped, checked bodies.
export { DEFAULT_MAX_BODY_BYTES } from './body-caps';
export {
  BoundedCache,
  type CacheBackend,
  type CacheEntry,
  type CacheStore,
  DEFAULT_MAX_CACHE_BYTES,
  type KeyValueArea,
  MAX_STALE_MS,
  MemoryCache,
  NOT_FOUND_TTL_MS,
  planEviction,
  removeStoredCacheEntries,
  STORAGE_MARGIN_BYTES,
  STORAGE_QUOTA_BYTES,
  StorageCache,
  storedBytes,
} from './cache';
export { IDB_MAX_CACHE_BYTES, IdbBackend, IdbCache, PreferIdbCache } from './idb-cache';
export {
  DEFAULT_TIMEOUT_MS,
  Http,
  type HttpDeps,
  type HttpErr,
  type HttpOk,
  type HttpResult,
  type RequestOptions,
  sourceError,
} from './client';
export { PER_HOST_CONCURRENCY, rateLimitRetryAt, SERVER_ERROR_MEMORY_MS } from './rate-limits';
export { CACHE_WRITE_DELAY_MS } from './write-queue';
