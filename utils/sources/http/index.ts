// The HTTP client's public face: importers write `from '…/sources/http'` and never depend on how its parts are split.

// client.ts is the fetch path; cache.ts the stores; write-queue.ts the delayed writes; rate-limits.ts what hosts told
// us and per-host concurrency; body-caps.ts capped, checked bodies.
export { DEFAULT_MAX_BODY_BYTES } from './body-caps';
export {
  type CacheEntry,
  type CacheStore,
  DEFAULT_MAX_CACHE_BYTES,
  type KeyValueArea,
  MAX_STALE_MS,
  MemoryCache,
  NOT_FOUND_TTL_MS,
  STORAGE_MARGIN_BYTES,
  STORAGE_QUOTA_BYTES,
  StorageCache,
  storedBytes,
} from './cache';
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
