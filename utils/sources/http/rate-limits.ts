// What hosts told us (wait until…, a 5xx just now) is remembered, so we never hammer them or call throttling "offline".
import pLimit, { type LimitFunction } from 'p-limit';
import type { SourceError } from '../../contract/report';
import { MINUTE_MS } from '../../lib/time';

/** Browsers open about six HTTP/1.1 connections per host; more only queues inside the browser. */
export const PER_HOST_CONCURRENCY = 6;
/**
 * Hosts that answer over HTTP/2 (pypi.org, behind Fastly): one connection multiplexes many requests, so a search
 * page's 20 PyPI JSON requests go out at once instead of in waves of six. 24: a page of results plus its Simple
 * and Integrity requests, far below the 100 concurrent streams HTTP/2 servers usually allow.
 */
export const HOST_CONCURRENCY: Readonly<Record<string, number>> = { 'pypi.org': 24 };
/**
 * Chromium holds back an extension's requests to a URL that answered 5xx a few times in a row, for a
 * growing back-off ("anti-DDoS throttling of extension-originated requests", dev.chromium.org/throttling):
 * such a request fails before reaching the network, exactly like an unreachable host. Within this long of
 * a server error from the same URL, a network-level failure is reported as that server error, not "offline".
 */
export const SERVER_ERROR_MEMORY_MS = MINUTE_MS;
/** A 429 with no hint about when to retry: wait this long before asking that host again. */
const DEFAULT_RATE_LIMIT_BACKOFF_MS = MINUTE_MS;
/** Server errors remembered at most (the oldest goes first). */
const MAX_SERVER_ERRORS = 200;

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

/** host → epoch ms before which we do not ask it again (rate limited). */
export class RateLimitMemory {
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** Epoch ms until which `host` must not be asked, or null when it may be. */
  until(host: string): number | null {
    const until = this.blockedUntil.get(host);
    return until !== undefined && until > this.now() ? until : null;
  }

  /** Remembers the wait a response asks for, whatever its status (GitHub's last free request is a 200). */
  remember(host: string, response: Response): void {
    const retryAt = rateLimitRetryAt(response, this.now());
    if (retryAt !== null) this.blockedUntil.set(host, retryAt);
  }

  /** For an error answer: when it is a rate limit (a 429, or a 403 with a reset), blocks `host` and says until when. */
  block(host: string, response: Response): number | null {
    const retryAt = rateLimitRetryAt(response, this.now());
    if (response.status === 429 || (response.status === 403 && retryAt !== null)) {
      const until = retryAt ?? this.now() + DEFAULT_RATE_LIMIT_BACKOFF_MS;
      this.blockedUntil.set(host, until);
      return until;
    }
    return null;
  }
}

/** request key → the last 5xx answer for it and when (see SERVER_ERROR_MEMORY_MS). */
export class ServerErrorMemory {
  private readonly errors = new Map<string, { error: SourceError; at: number }>();

  constructor(private readonly now: () => number) {}

  /** The server error `key` got within SERVER_ERROR_MEMORY_MS, if any. */
  recent(key: string): SourceError | undefined {
    const recent = this.errors.get(key);
    return recent && this.now() - recent.at < SERVER_ERROR_MEMORY_MS ? recent.error : undefined;
  }

  remember(key: string, error: SourceError): void {
    this.errors.delete(key);
    this.errors.set(key, { error, at: this.now() });
    // Bounded: the oldest goes first (Map order is insertion order).
    if (this.errors.size > MAX_SERVER_ERRORS) this.errors.delete(this.errors.keys().next().value!);
  }

  forget(key: string): void {
    this.errors.delete(key);
  }
}

/** One concurrency limit per host. */
export class HostLimits {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(
    private readonly concurrency = PER_HOST_CONCURRENCY,
    private readonly perHost: Readonly<Record<string, number>> = HOST_CONCURRENCY,
  ) {}

  for(host: string): LimitFunction {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(this.perHost[host] ?? this.concurrency);
      this.limits.set(host, limit);
    }
    return limit;
  }
}
