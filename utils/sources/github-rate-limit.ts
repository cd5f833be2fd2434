// Checks a GitHub token before it is stored: GET https://api.github.com/rate_limit with it. GitHub
// documents that this call does not count against the quota, so checking costs the user nothing.
import * as z from 'zod/mini';
import type { SourceError } from '../contract/report';
import { type Http, sourceError } from './http';

export const RATE_LIMIT_URL = 'https://api.github.com/rate_limit';

const Bucket = z.object({ limit: z.number(), remaining: z.number(), reset: z.optional(z.number()), used: z.optional(z.number()) });
/** GitHub's documented shape: `resources.core` is the REST quota; `rate` repeats it (kept for older answers). */
export const RateLimitBody = z.object({
  resources: z.optional(z.object({ core: z.optional(Bucket) })),
  rate: z.optional(Bucket),
});

export type TokenQuota = { limit: number; remaining: number; resetAt: string | null };
export type TokenVerdict = { ok: true; quota: TokenQuota } | { ok: false; rejected: boolean; reason: string; error?: SourceError };

export async function checkGithubToken(http: Http, token: string): Promise<TokenVerdict> {
  // No cache (ttlMs 0): a token check must ask GitHub every time. Http sends Authorization to api.github.com only.
  const result = await http.getJson(RATE_LIMIT_URL, RateLimitBody, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!result.ok) {
    if (result.status === 401) {
      return {
        ok: false,
        rejected: true,
        reason: 'GitHub rejected this token (401 Bad credentials): it is wrong, expired or revoked. It was not saved.',
      };
    }
    if (result.status === 403) {
      return { ok: false, rejected: true, reason: 'GitHub refused this token (403). It was not saved.' };
    }
    return {
      ok: false,
      rejected: false,
      reason: `Could not check the token with GitHub (${result.error.message}). It was not saved; try again later.`,
      error: result.error,
    };
  }
  const core = result.data.resources?.core ?? result.data.rate;
  if (!core) {
    return {
      ok: false,
      rejected: false,
      reason: 'GitHub answered without a rate limit; the token was not saved.',
      error: sourceError('malformed', 'no core quota'),
    };
  }
  const resetAt = core.reset !== undefined && Number.isFinite(core.reset) ? new Date(core.reset * 1000).toISOString() : null;
  return { ok: true, quota: { limit: core.limit, remaining: core.remaining, resetAt } };
}
