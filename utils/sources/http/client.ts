// The single fetch path (design §6): every upstream request goes through `Http`, so each gets the same timeout, cap, checks and errors.
// Over 300 lines (about 335): the one request path stays in one class, read top to bottom (its parts are in this folder).
import * as z from 'zod/mini';
import type { ErrorKind, SourceError } from '../../contract/report';
import { DEFAULT_MAX_BODY_BYTES, readBody, readCappedBytes } from './body-caps';
import { answerEntry, type CacheEntry, type CacheStore, cacheState, MemoryCache, NOT_FOUND_TTL_MS, notFoundEntry } from './cache';
import { HostLimits, PER_HOST_CONCURRENCY, RateLimitMemory, ServerErrorMemory } from './rate-limits';
import { WriteQueue } from './write-queue';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Network-level failures are tried three times in all, after short pauses (see fetchAndStore): by then
 *  the browser has dropped dead pooled connections; a host that is really down costs only ~250 ms more. */
const NETWORK_ATTEMPTS = 3;
const NETWORK_RETRY_DELAYS_MS = [50, 200];

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
  /**
   * A request carrying the token never follows a redirect (it would go on with the token). With this set, a
   * redirect is asked again without the token, following it (GitHub's 301 for a renamed repository); else it is an error.
   */
  redirectWithoutToken?: boolean;
  /**
   * What to keep of a parsed body: applied once, to a fresh answer, before it is cached and returned, so the cache
   * holds what pages need (a project's release history without every file's URL and digests), not the whole body.
   */
  keep?: (data: never) => unknown;
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
  private readonly limits: HostLimits;
  private readonly inFlight = new Map<string, Promise<HttpResult<unknown>>>();
  private readonly rateLimits: RateLimitMemory;
  /** The user's cache-TTL setting: when set, it replaces every source's own TTL. */
  ttlOverrideMs: number | null = null;
  private readonly writes: WriteQueue;
  private readonly serverErrors: ServerErrorMemory;

  constructor(deps: HttpDeps = {}) {
    this.fetchImpl = deps.fetch ?? ((...args) => fetch(...args));
    this.cache = deps.cache ?? new MemoryCache();
    this.now = deps.now ?? (() => Date.now());
    this.limits = new HostLimits(deps.concurrency ?? PER_HOST_CONCURRENCY);
    this.rateLimits = new RateLimitMemory(this.now);
    this.writes = new WriteQueue(this.cache);
    this.serverErrors = new ServerErrorMemory(this.now);
  }

  getJson<S extends z.ZodMiniType>(
    url: string,
    schema: S,
    options: Omit<RequestOptions, 'keep'> & { keep?: (data: z.infer<S>) => z.infer<S> } = {},
  ) {
    return this.request<z.infer<S>>('GET', url, undefined, schema, options as RequestOptions);
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
    const parsed = httpsUrl(url);
    if (!(parsed instanceof URL)) return parsed;
    const host = parsed.hostname;
    const blocked = this.blocked(host);
    if (blocked) return blocked;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const run = () =>
      this.limits.for(host)(async (): Promise<HttpResult<Uint8Array>> => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        try {
          const response = await this.fetchImpl(parsed.href, { signal: controller.signal, credentials: 'omit', redirect: 'follow' });
          this.rateLimits.remember(host, response);
          if (!response.ok) {
            void response.body?.cancel().catch(() => undefined);
            return { ok: false, status: response.status, error: this.statusError(host, response) };
          }
          const bytes = await readCappedBytes(response, options.maxBodyBytes);
          if (bytes === null)
            return { ok: false, status: response.status, error: sourceError('upstream', `${host} sent a file larger than we accept`) };
          return { ok: true, data: bytes, fromCache: false, fetchedAt: iso(this.now()), status: response.status };
        } catch {
          return controller.signal.aborted
            ? timeout(host, timeoutMs)
            : { ok: false, status: null, error: sourceError('offline', `Could not reach ${host}`) };
        } finally {
          clearTimeout(timer);
        }
      });
    return this.dedupe(`GET bytes ${parsed.href} ${options.maxBodyBytes}`, run);
  }

  /** When a host told us to wait, the time (ISO) until which we will not ask it. */
  rateLimitedUntil(host: string): string | null {
    const until = this.rateLimits.until(host);
    return until !== null ? iso(until) : null;
  }

  /** While `host` has told us to wait: the error that says so (no request is made). */
  private blocked(host: string): HttpErr | null {
    const until = this.rateLimits.until(host);
    return until === null ? null : { ok: false, status: null, error: sourceError('rate-limited', `${host} asked us to wait`, iso(until)) };
  }

  private async request<T>(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    schema: z.ZodMiniType,
    requestOptions: RequestOptions,
  ): Promise<HttpResult<T>> {
    const parsedUrl = httpsUrl(url);
    if (!(parsedUrl instanceof URL)) return parsedUrl;
    const key = `${method} ${parsedUrl.href}${body === undefined ? '' : ` ${body}`}`;
    const ttlMs = requestOptions.ttlMs && this.ttlOverrideMs !== null ? this.ttlOverrideMs : (requestOptions.ttlMs ?? 0);
    const options = { ...requestOptions, ttlMs };
    // Queued writes are checked again after the read: an answer for this key may have arrived (and left
    // the in-flight map) while storage was being read, and must not be asked for a second time.
    const cached = ttlMs > 0 ? (this.writes.get(key) ?? (await this.cache.get(key)) ?? this.writes.get(key)) : undefined;
    const { fresh, stale: usableStale } = cacheState(cached, this.now());
    if (fresh?.notFound) return { ok: false, status: 404, error: sourceError('not-found', fresh.notFound.message) };
    if (fresh) return { ok: true, data: fresh.value as T, fromCache: true, fetchedAt: iso(fresh.storedAt), status: 200 };

    const run = () => this.fetchAndStore<T>(method, parsedUrl, body, schema, options, key, usableStale);
    if (usableStale && (options.staleWhileRevalidate ?? true)) {
      // Serve what we have now; refresh for the next caller.
      void this.dedupe(key, run);
      return { ok: true, data: usableStale.value as T, fromCache: true, fetchedAt: iso(usableStale.storedAt), status: 200 };
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
    const blocked = this.blocked(host);
    if (blocked) return blocked;
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (host !== TOKEN_HOST) {
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.revalidateWithEtag && stale?.etag) headers['If-None-Match'] = stale.etag;
    const carriesToken = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');

    return this.limits.for(host)(async (): Promise<HttpResult<T>> => {
      const controller = new AbortController();
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        let response: Response | null = null;
        // 'manual': a redirect comes back to us instead of taking the token with it (browsers strip Authorization
        // on a cross-origin redirect only since 2023, Chrome 119, and never on a same-origin one).
        const redirect = carriesToken ? 'manual' : 'follow';
        const init: RequestInit = { method, headers, body, signal: controller.signal, credentials: 'omit', redirect };
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
          if (timedOut) return timeout(host, timeoutMs);
          // Most likely the browser holding back a URL that just answered 5xx: say what the server said.
          const recent = this.serverErrors.recent(key);
          if (recent) return { ok: false, status: null, error: recent };
          return { ok: false, status: null, error: sourceError('offline', `Could not reach ${host}`) };
        }

        this.rateLimits.remember(host, response);
        if (carriesToken && isRedirect(response)) {
          void response.body?.cancel().catch(() => undefined);
          if (!options.redirectWithoutToken) {
            return {
              ok: false,
              status: null,
              error: sourceError('upstream', `${host} answered with a redirect, not followed with the token`),
            };
          }
          // The token-less answer says nothing of the token's quota: it is not remembered as a rate limit.
          const withoutToken = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
          response = await this.fetchImpl(url.href, { ...init, headers: withoutToken, redirect: 'follow' });
          if (!response.ok && response.status !== 304) {
            void response.body?.cancel().catch(() => undefined);
            const said = `${host} answered ${response.status} after a redirect (asked without the token)`;
            return { ok: false, status: response.status, error: sourceError(response.status === 404 ? 'not-found' : 'upstream', said) };
          }
        }
        if (response.status < 500) this.serverErrors.forget(key);
        if (response.status === 304 && stale) {
          this.writes.set(key, answerEntry(stale.value, this.now(), options.ttlMs ?? 0, stale.etag));
          return { ok: true, data: stale.value as T, fromCache: true, fetchedAt: iso(this.now()), status: 304 };
        }
        if (!response.ok) {
          void response.body?.cancel().catch(() => undefined);
          const error = this.statusError(host, response);
          if (response.status >= 500) this.serverErrors.remember(key, error);
          if (error.kind === 'not-found' && (options.ttlMs ?? 0) > 0) {
            // Remember "does not exist" (negative caching) so a revisit asks nothing.
            this.writes.set(key, notFoundEntry(error.message, this.now(), Math.min(options.ttlMs ?? 0, NOT_FOUND_TTL_MS)));
          }
          return { ok: false, status: response.status, error };
        }

        const parsed = await readBody(response, schema, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, options.bodyAs);
        if (!parsed.ok) return { ok: false, status: response.status, error: sourceError(parsed.kind, `${host} ${parsed.says}`) };
        const etag = response.headers.get('etag') ?? undefined;
        const data = options.keep ? (options.keep as (d: unknown) => unknown)(parsed.data) : parsed.data;
        // Written behind the answer (queued): the caller never waits for storage.
        if ((options.ttlMs ?? 0) > 0) this.writes.set(key, answerEntry(data, this.now(), options.ttlMs ?? 0, etag));
        return { ok: true, data: data as T, fromCache: false, fetchedAt: iso(this.now()), status: response.status };
      } catch (error) {
        if (timedOut) return timeout(host, timeoutMs);
        return { ok: false, status: null, error: sourceError('offline', `Reading from ${host} failed: ${String(error).slice(0, 120)}`) };
      } finally {
        clearTimeout(timer);
      }
    });
  }

  /** Cached through the queue, like every response (for what callers derive: the code scan's result). */
  cacheSet(key: string, entry: CacheEntry): void {
    this.writes.set(key, entry);
  }

  /** A cache read that sees queued writes. */
  async cacheGet(key: string): Promise<CacheEntry | undefined> {
    return this.writes.get(key) ?? this.cache.get(key);
  }

  /** Hands every queued write to the store now; resolves when they are stored (tests, clearing). */
  flushWrites(): Promise<void> {
    return this.writes.flush();
  }

  /** Empties the cache, queued writes included; resolves to how many stored entries were removed. */
  async clearCache(): Promise<number> {
    await this.writes.clear();
    return this.cache.clear();
  }

  private statusError(host: string, response: Response): SourceError {
    const status = response.status;
    if (status === 404 || status === 410) return sourceError('not-found', `${host} has no such resource (${status})`);
    const until = this.rateLimits.block(host, response);
    if (until !== null) return sourceError('rate-limited', `${host} rate limit reached`, iso(until));
    return sourceError('upstream', `${host} answered ${status}${status >= 500 ? ' (a server error; try again later)' : ''}`);
  }
}

/** The URL when it is one and https:, else the error that says why no request is made. */
function httpsUrl(url: string): URL | HttpErr {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: null, error: sourceError('malformed', `Not a URL: ${url.slice(0, 80)}`) };
  }
  if (parsed.protocol !== 'https:') return { ok: false, status: null, error: sourceError('malformed', 'Only https: requests are made') };
  return parsed;
}

/** A redirect answer under redirect: 'manual' — opaque in a browser, a plain 3xx elsewhere (Node). */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400 && response.status !== 304);
}

function timeout(host: string, timeoutMs: number): HttpErr {
  return { ok: false, status: null, error: sourceError('timeout', `${host} did not answer within ${timeoutMs / 1000} s`) };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
