// The single fetch path (design §6): timeout, body size cap, zod parse, error kinds, cache with TTL,
// stale-while-revalidate, ETag revalidation, in-flight de-duplication, per-host concurrency and
// rate-limit memory. Every upstream request of the extension goes through `Http`.
import pLimit, { type LimitFunction } from 'p-limit';
import * as z from 'zod/mini';
import type { ErrorKind, SourceError } from '../../contract/report';
import { type CacheEntry, type CacheStore, MemoryCache } from './cache';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Big enough for Django's Simple index (≈0.5 MB) with room to spare; larger bodies are refused. */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Browsers open about six connections per host; more only queues inside the browser. */
export const PER_HOST_CONCURRENCY = 6;
/** How long a stale cache entry may still be served while it is refreshed in the background. */
export const MAX_STALE_MS = 7 * 24 * 3600_000;
/** Network-level failures are tried three times in all, after short pauses (see fetchAndStore): by then
 *  the browser has dropped dead pooled connections; a host that is really down costs only ~250 ms more. */
const NETWORK_ATTEMPTS = 3;
const NETWORK_RETRY_DELAYS_MS = [50, 200];
/** A "does not exist" answer is remembered at most this long (a package may be published soon). */
export const NOT_FOUND_TTL_MS = 3600_000;
/**
 * Cache writes wait this long after the last one, then go together: serialising a body for storage
 * (the 15,000-name top list takes ~20 ms in a fresh worker) must not run between the answers a page is
 * waiting for. Reads see the queued writes, so nothing is asked twice meanwhile.
 */
export const CACHE_WRITE_DELAY_MS = 150;
/**
 * Chromium holds back an extension's requests to a URL that answered 5xx a few times in a row, for a
 * growing back-off ("anti-DDoS throttling of extension-originated requests", dev.chromium.org/throttling):
 * such a request fails before reaching the network, exactly like an unreachable host. Within this long of
 * a server error from the same URL, a network-level failure is reported as that server error, not "offline".
 */
export const SERVER_ERROR_MEMORY_MS = 60_000;
/** A 429 with no hint about when to retry: wait this long before asking that host again. */
const DEFAULT_RATE_LIMIT_BACKOFF_MS = 60_000;

/** Only this host may ever receive an Authorization header. */
const TOKEN_HOST = 'api.github.com';

export type HttpOk<T> = { ok: true; data: T; fromCache: boolean; fetchedAt: string; status: number };
export type HttpErr = { ok: false; error: SourceError; status: number | null };
export type HttpResult<T> = HttpOk<T> | HttpErr;

export type RequestOptions = {
  headers?: Record<string, string>;
  /** Cache the parsed body for this long; 0 or absent: no caching. */
  ttlMs?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Send If-None-Match with the cached ETag when the entry is stale (GitHub: a 304 is free). */
  revalidateWithEtag?: boolean;
  /** Serve a stale entry immediately and refresh it in the background. Default true when cached. */
  staleWhileRevalidate?: boolean;
  /** 'text': the body is kept as text (getText), not parsed as JSON. */
  bodyAs?: 'json' | 'text';
};

export type HttpDeps = {
  fetch?: typeof fetch;
  cache?: CacheStore;
  now?: () => number;
  concurrency?: number;
};

export function sourceError(kind: ErrorKind, message: string, retryAt?: string): SourceError {
  return retryAt ? { kind, message, retryAt } : { kind, message };
}

export class Http {
  readonly cache: CacheStore;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly limits = new Map<string, LimitFunction>();
  private readonly inFlight = new Map<string, Promise<HttpResult<unknown>>>();
  /** host → epoch ms before which we do not ask it again (rate limited). */
  private readonly blockedUntil = new Map<string, number>();
  /** The user's cache-TTL setting: when set, it replaces every source's own TTL. */
  ttlOverrideMs: number | null = null;
  /** Cache writes not yet handed to the store (see CACHE_WRITE_DELAY_MS). */
  private readonly queuedWrites = new Map<string, CacheEntry>();
  private writeTimer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** request key → the last 5xx answer for it and when (see SERVER_ERROR_MEMORY_MS). */
  private readonly serverErrors = new Map<string, { error: SourceError; at: number }>();

  constructor(deps: HttpDeps = {}) {
    this.fetchImpl = deps.fetch ?? ((...args) => fetch(...args));
    this.cache = deps.cache ?? new MemoryCache();
    this.now = deps.now ?? (() => Date.now());
    this.concurrency = deps.concurrency ?? PER_HOST_CONCURRENCY;
  }

  getJson<S extends z.ZodMiniType>(url: string, schema: S, options: RequestOptions = {}) {
    return this.request<z.infer<S>>('GET', url, undefined, schema, options);
  }

  postJson<S extends z.ZodMiniType>(url: string, body: unknown, schema: S, options: RequestOptions = {}) {
    return this.request<z.infer<S>>('POST', url, JSON.stringify(body), schema, options);
  }

  /** A plain-text body (raw repository files), with the same cache, timeout and size cap as JSON. */
  getText(url: string, options: RequestOptions = {}) {
    const headers = { Accept: 'text/plain, */*', ...options.headers };
    return this.request<string>('GET', url, undefined, z.string(), { ...options, headers, bodyAs: 'text' });
  }

  /**
   * A binary body (distribution archives): https only, size-capped, timed out, rate limits honoured.
   * Never cached here: archives are large, so callers cache what they derive (keyed by sha256).
   */
  async getBytes(url: string, options: { maxBodyBytes: number; timeoutMs?: number }): Promise<HttpResult<Uint8Array>> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, status: null, error: sourceError('malformed', `Not a URL: ${url.slice(0, 80)}`) };
    }
    if (parsed.protocol !== 'https:') return { ok: false, status: null, error: sourceError('malformed', 'Only https: requests are made') };
    const host = parsed.hostname;
    const waitUntil = this.rateLimitedUntil(host);
    if (waitUntil) return { ok: false, status: null, error: sourceError('rate-limited', `${host} asked us to wait`, waitUntil) };
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const run = () =>
      this.limitFor(host)(async (): Promise<HttpResult<Uint8Array>> => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        const timeout = (): HttpErr => ({ ok: false, status: null, error: sourceError('timeout', `${host} did not answer within ${timeoutMs / 1000} s`) });
        try {
          const response = await this.fetchImpl(parsed.href, { signal: controller.signal, credentials: 'omit', redirect: 'follow' });
          this.rememberRateLimit(host, response);
          if (!response.ok) {
            void response.body?.cancel().catch(() => undefined);
            return { ok: false, status: response.status, error: this.statusError(host, response) };
          }
          const bytes = await readCappedBytes(response, options.maxBodyBytes);
          if (bytes === null) return { ok: false, status: response.status, error: sourceError('upstream', `${host} sent a file larger than we accept`) };
          return { ok: true, data: bytes, fromCache: false, fetchedAt: iso(this.now()), status: response.status };
        } catch {
          return controller.signal.aborted ? timeout() : { ok: false, status: null, error: sourceError('offline', `Could not reach ${host}`) };
        } finally {
          clearTimeout(timer);
        }
      });
    return this.dedupe(`GET bytes ${parsed.href} ${options.maxBodyBytes}`, run);
  }

  /** When a host told us to wait, the time (ISO) until which we will not ask it. */
  rateLimitedUntil(host: string): string | null {
    const until = this.blockedUntil.get(host);
    return until !== undefined && until > this.now() ? new Date(until).toISOString() : null;
  }

  private async request<T>(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    schema: z.ZodMiniType,
    requestOptions: RequestOptions,
  ): Promise<HttpResult<T>> {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      return { ok: false, status: null, error: sourceError('malformed', `Not a URL: ${url.slice(0, 80)}`) };
    }
    if (parsedUrl.protocol !== 'https:') {
      return { ok: false, status: null, error: sourceError('malformed', 'Only https: requests are made') };
    }
    const key = `${method} ${parsedUrl.href}${body === undefined ? '' : ` ${body}`}`;
    const ttlMs =
      requestOptions.ttlMs && this.ttlOverrideMs !== null ? this.ttlOverrideMs : (requestOptions.ttlMs ?? 0);
    const options = { ...requestOptions, ttlMs };
    // Queued writes are checked again after the read: an answer for this key may have arrived (and left
    // the in-flight map) while storage was being read, and must not be asked for a second time.
    const cached = ttlMs > 0 ? (this.queuedWrites.get(key) ?? (await this.cache.get(key)) ?? this.queuedWrites.get(key)) : undefined;
    const now = this.now();
    if (cached?.notFound) {
      if (cached.expiresAt > now) {
        return { ok: false, status: 404, error: sourceError('not-found', cached.notFound.message) };
      }
    } else if (cached && cached.expiresAt > now) {
      return { ok: true, data: cached.value as T, fromCache: true, fetchedAt: iso(cached.storedAt), status: 200 };
    }
    const usableStale = cached && !cached.notFound && now - cached.expiresAt < MAX_STALE_MS ? cached : undefined;

    const run = () => this.fetchAndStore<T>(method, parsedUrl, body, schema, options, key, usableStale);
    if (usableStale && (options.staleWhileRevalidate ?? true)) {
      // Serve what we have now; refresh for the next caller.
      void this.dedupe(key, run);
      return {
        ok: true,
        data: usableStale.value as T,
        fromCache: true,
        fetchedAt: iso(usableStale.storedAt),
        status: 200,
      };
    }
    const result = await this.dedupe(key, run);
    if (!result.ok && usableStale) {
      // An upstream failure never hides data we already had.
      return { ok: true, data: usableStale.value as T, fromCache: true, fetchedAt: iso(usableStale.storedAt), status: 200 };
    }
    return result as HttpResult<T>;
  }

  private dedupe<T>(key: string, run: () => Promise<HttpResult<T>>): Promise<HttpResult<T>> {
    const existing = this.inFlight.get(key);
    if (existing) return existing as Promise<HttpResult<T>>;
    const promise = run().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private limitFor(host: string): LimitFunction {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(this.concurrency);
      this.limits.set(host, limit);
    }
    return limit;
  }

  private async fetchAndStore<T>(
    method: 'GET' | 'POST',
    url: URL,
    body: string | undefined,
    schema: z.ZodMiniType,
    options: RequestOptions,
    key: string,
    stale: Awaited<ReturnType<CacheStore['get']>>,
  ): Promise<HttpResult<T>> {
    const host = url.hostname;
    const blockedUntil = this.blockedUntil.get(host);
    if (blockedUntil !== undefined && blockedUntil > this.now()) {
      return {
        ok: false,
        status: null,
        error: sourceError('rate-limited', `${host} asked us to wait`, iso(blockedUntil)),
      };
    }
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (host !== TOKEN_HOST) {
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.revalidateWithEtag && stale?.etag) headers['If-None-Match'] = stale.etag;

    return this.limitFor(host)(async (): Promise<HttpResult<T>> => {
      const controller = new AbortController();
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        let response: Response | null = null;
        const init: RequestInit = { method, headers, body, signal: controller.signal, credentials: 'omit', redirect: 'follow' };
        // Quick retries when the request failed at the network level: a kept-alive connection the server
        // had already closed fails this way (browsers do not replay a POST on it); a host that is really
        // down refuses again at once, so the retries cost little then.
        for (let attempt = 0; attempt < NETWORK_ATTEMPTS && response === null && !timedOut; attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, NETWORK_RETRY_DELAYS_MS[attempt - 1]));
          try {
            response = await this.fetchImpl(url.href, init);
          } catch {
            response = null;
          }
        }
        if (response === null) {
          if (timedOut) return { ok: false, status: null, error: sourceError('timeout', `${host} did not answer within ${timeoutMs / 1000} s`) };
          // Most likely the browser holding back a URL that just answered 5xx: say what the server said.
          const recent = this.serverErrors.get(key);
          if (recent && this.now() - recent.at < SERVER_ERROR_MEMORY_MS) return { ok: false, status: null, error: recent.error };
          return { ok: false, status: null, error: sourceError('offline', `Could not reach ${host}`) };
        }

        this.rememberRateLimit(host, response);
        if (response.status < 500) this.serverErrors.delete(key);
        if (response.status === 304 && stale) {
          this.store(key, stale.value, options.ttlMs ?? 0, stale.etag);
          return { ok: true, data: stale.value as T, fromCache: true, fetchedAt: iso(this.now()), status: 304 };
        }
        if (!response.ok) {
          void response.body?.cancel().catch(() => undefined);
          const error = this.statusError(host, response);
          if (response.status >= 500) {
            this.serverErrors.delete(key);
            this.serverErrors.set(key, { error, at: this.now() });
            // Bounded: the oldest goes first (Map order is insertion order).
            if (this.serverErrors.size > 200) this.serverErrors.delete(this.serverErrors.keys().next().value!);
          }
          if (error.kind === 'not-found' && (options.ttlMs ?? 0) > 0) {
            // Remember "does not exist" (negative caching) so a revisit asks nothing.
            this.storeNotFound(key, error.message, Math.min(options.ttlMs ?? 0, NOT_FOUND_TTL_MS));
          }
          return { ok: false, status: response.status, error };
        }

        const text = await readCapped(response, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
        if (text === null) {
          return {
            ok: false,
            status: response.status,
            error: sourceError('upstream', `${host} sent a response larger than we accept`),
          };
        }
        if (options.bodyAs === 'text' && /^\s*text\/html\b/i.test(response.headers.get('content-type') ?? '')) {
          // A file is never served as a web page: this is a challenge, login or captive-portal page. Read as setup.py,
          // its <meta name="viewport"> would pass for the name of another package.
          return { ok: false, status: response.status, error: sourceError('malformed', `${host} sent a web page instead of the file`) };
        }
        let json: unknown = text;
        try {
          if (options.bodyAs !== 'text') json = JSON.parse(text);
        } catch {
          return { ok: false, status: response.status, error: sourceError('malformed', `${host} did not send JSON`) };
        }
        const parsed = z.safeParse(schema, json);
        if (!parsed.success) {
          return {
            ok: false,
            status: response.status,
            error: sourceError('malformed', `${host} sent data of an unexpected shape`),
          };
        }
        const etag = response.headers.get('etag') ?? undefined;
        // Written behind the answer (queued): the caller never waits for storage.
        if ((options.ttlMs ?? 0) > 0) this.store(key, parsed.data, options.ttlMs ?? 0, etag);
        return { ok: true, data: parsed.data as T, fromCache: false, fetchedAt: iso(this.now()), status: response.status };
      } catch (error) {
        if (timedOut) {
          return { ok: false, status: null, error: sourceError('timeout', `${host} did not answer within ${timeoutMs / 1000} s`) };
        }
        return { ok: false, status: null, error: sourceError('offline', `Reading from ${host} failed: ${String(error).slice(0, 120)}`) };
      } finally {
        clearTimeout(timer);
      }
    });
  }

  private store(key: string, value: unknown, ttlMs: number, etag: string | undefined) {
    const now = this.now();
    this.queueWrite(key, { value, storedAt: now, expiresAt: now + ttlMs, etag });
  }

  private storeNotFound(key: string, message: string, ttlMs: number) {
    const now = this.now();
    this.queueWrite(key, { value: null, storedAt: now, expiresAt: now + ttlMs, notFound: { message } });
  }

  /** Cached through the queue, like every response (for what callers derive: the code scan's result). */
  cacheSet(key: string, entry: CacheEntry): void {
    this.queueWrite(key, entry);
  }

  /** A cache read that sees queued writes. */
  async cacheGet(key: string): Promise<CacheEntry | undefined> {
    return this.queuedWrites.get(key) ?? this.cache.get(key);
  }

  private queueWrite(key: string, entry: CacheEntry) {
    this.queuedWrites.set(key, entry);
    if (this.writeTimer !== null) clearTimeout(this.writeTimer);
    this.writeTimer = setTimeout(() => void this.flushWrites(), CACHE_WRITE_DELAY_MS);
  }

  /** Hands every queued write to the store now; resolves when they are stored (tests, clearing). */
  flushWrites(): Promise<void> {
    if (this.writeTimer !== null) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    const batch = [...this.queuedWrites];
    this.writing = this.writing.then(async () => {
      for (const [key, entry] of batch) {
        try {
          await this.cache.set(key, entry);
        } catch {
          // A full or broken cache costs a refetch, never a result.
        }
        // Readable from the queue until stored (unless a newer answer replaced it meanwhile).
        if (this.queuedWrites.get(key) === entry) this.queuedWrites.delete(key);
      }
    });
    return this.writing;
  }

  /** Empties the cache, queued writes included; resolves to how many stored entries were removed. */
  async clearCache(): Promise<number> {
    if (this.writeTimer !== null) clearTimeout(this.writeTimer);
    this.writeTimer = null;
    this.queuedWrites.clear();
    await this.writing;
    return this.cache.clear();
  }

  private rememberRateLimit(host: string, response: Response) {
    const retryAt = rateLimitRetryAt(response, this.now());
    if (retryAt !== null) this.blockedUntil.set(host, retryAt);
  }

  private statusError(host: string, response: Response): SourceError {
    const status = response.status;
    if (status === 404 || status === 410) return sourceError('not-found', `${host} has no such resource (${status})`);
    const retryAt = rateLimitRetryAt(response, this.now());
    if (status === 429 || (status === 403 && retryAt !== null)) {
      const until = retryAt ?? this.now() + DEFAULT_RATE_LIMIT_BACKOFF_MS;
      this.blockedUntil.set(host, until);
      return sourceError('rate-limited', `${host} rate limit reached`, iso(until));
    }
    return sourceError('upstream', `${host} answered ${status}${status >= 500 ? ' (a server error; try again later)' : ''}`);
  }
}

/**
 * When the response says we are out of requests: epoch ms at which to retry, else null.
 * Reads GitHub's x-ratelimit-remaining/x-ratelimit-reset and the standard retry-after.
 */
export function rateLimitRetryAt(response: Pick<Response, 'status' | 'headers'>, now: number): number | null {
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter && (response.status === 429 || response.status === 403 || response.status === 503)) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return now + seconds * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(date, now);
  }
  const remaining = response.headers.get('x-ratelimit-remaining');
  if (remaining !== null && Number(remaining) === 0) {
    const reset = Number(response.headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) return Math.max(reset * 1000, now);
    return response.status === 403 || response.status === 429 ? now + DEFAULT_RATE_LIMIT_BACKOFF_MS : null;
  }
  if (response.status === 429) return now + DEFAULT_RATE_LIMIT_BACKOFF_MS;
  return null;
}

/** Reads the body as text, or null when it exceeds `maxBytes` (stops reading at the cap). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return response.text();
  const bytes = await readCappedBytes(response, maxBytes);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** Reads the body as bytes, or null when it exceeds `maxBytes` (stops reading at the cap). */
async function readCappedBytes(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
