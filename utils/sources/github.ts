// GitHub's view of a repository: GET https://api.github.com/repos/<owner>/<repo>.
// Without a token GitHub allows 60 requests an hour, so we cache for hours, revalidate with
// the ETag (a 304 costs nothing) and stop asking while GitHub says to wait.
import * as z from 'zod/mini';
import type { GithubRepo, Normalised, Section, SourceError } from '../contract/report';
import { safeHttpsUrl } from '../lib/safe-url';
import { type Http, sourceError } from './http';
import { HOUR_MS } from '../lib/time';

export const GITHUB_API_HOST = 'api.github.com';
/** Stars and pushes change slowly; six hours keeps us far below 60 requests an hour. */
export const GITHUB_TTL_MS = 6 * HOUR_MS;
/** A repository answer is ≈7 KB; anything near this is not one. */
export const GITHUB_MAX_BODY_BYTES = 1024 * 1024;

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;

const optionalString = z.catch(z.nullable(z.string()), null);
const flag = z.catch(z.boolean(), false);

/** The fields of GET /repos/{owner}/{repo} we use; the rest of the body is dropped. */
export const GithubRepoBody = z.object({
  full_name: z.string(),
  html_url: optionalString,
  description: optionalString,
  stargazers_count: z.number(),
  forks_count: z.number(),
  open_issues_count: z.number(),
  pushed_at: optionalString,
  created_at: optionalString,
  archived: flag,
  disabled: flag,
  fork: flag,
  parent: z.catch(z.nullable(z.object({ full_name: z.string() })), null),
  default_branch: optionalString,
});
export type GithubRepoBody = z.infer<typeof GithubRepoBody>;

function isRepoFullName(fullName: string): boolean {
  const [owner = '', repo = '', ...extra] = fullName.split('/');
  return extra.length === 0 && GITHUB_OWNER.test(owner) && GITHUB_REPO.test(repo);
}

/** The html_url GitHub sent, only when it is an https page on github.com; else built from the name. */
function repositoryPage(htmlUrl: string | null, fullName: string): string {
  const safe = safeHttpsUrl(htmlUrl);
  if (safe !== null && new URL(safe).hostname === 'github.com') return safe;
  return `https://github.com/${fullName}`;
}

function toGithubRepo(body: GithubRepoBody, requested: string | null): Normalised<GithubRepo> {
  if (!isRepoFullName(body.full_name)) {
    return { ok: false, error: sourceError('malformed', 'GitHub sent a repository name we do not recognise') };
  }
  const parent = body.parent?.full_name ?? null;
  const renamed = requested !== null && requested.toLowerCase() !== body.full_name.toLowerCase();
  return {
    ok: true,
    data: {
      fullName: body.full_name,
      htmlUrl: repositoryPage(body.html_url, body.full_name),
      description: body.description,
      stars: body.stargazers_count,
      forks: body.forks_count,
      openIssues: body.open_issues_count,
      pushedAt: body.pushed_at,
      createdAt: body.created_at,
      archived: body.archived,
      disabled: body.disabled,
      isFork: body.fork,
      parentFullName: body.fork && parent !== null && isRepoFullName(parent) ? parent : null,
      defaultBranch: body.default_branch,
      renamedFrom: renamed ? requested : null,
    },
  };
}

/**
 * A raw GET /repos body (any JSON) to our GithubRepo. `requested` is the owner/repo we asked for:
 * GitHub answers a renamed repository under its new name (after its 301, followed without the token).
 */
export function normaliseGithubRepo(raw: unknown, requested: string | null = null): Normalised<GithubRepo> {
  const parsed = z.safeParse(GithubRepoBody, raw);
  if (!parsed.success) return { ok: false, error: sourceError('malformed', 'GitHub sent data of an unexpected shape') };
  return toGithubRepo(parsed.data, requested);
}

function hhmmUtc(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

function rateLimited(retryAt: string, hasToken: boolean): SourceError {
  const advice = hasToken ? '' : ' — add a token in settings';
  return sourceError('rate-limited', `GitHub rate limit reached, resets at ${hhmmUtc(retryAt)}${advice}`, retryAt);
}

export async function fetchGithubRepo(http: Http, owner: string, repo: string, token?: string): Promise<Section<GithubRepo>> {
  if (!GITHUB_OWNER.test(owner) || !GITHUB_REPO.test(repo)) {
    return { state: 'error', error: sourceError('malformed', `Not a GitHub repository name: ${owner}/${repo}`.slice(0, 120)) };
  }
  const headers: Record<string, string> = {
    Accept: 'application/vnd.github+json',
    'X-GitHub-Api-Version': '2022-11-28',
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  const url = `https://${GITHUB_API_HOST}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  // While GitHub has told us to wait (http.rateLimitedUntil), Http sends nothing to it but still
  // serves what it has cached, so there is no early return here: a cached repository stays visible.
  const result = await http.getJson(url, GithubRepoBody, {
    headers,
    ttlMs: GITHUB_TTL_MS,
    revalidateWithEtag: true,
    maxBodyBytes: GITHUB_MAX_BODY_BYTES,
    // GitHub answers a renamed or transferred repository with a 301 to /repositories/<id>: asked again
    // without the token, the browser follows it, so renames keep working and the token goes nowhere.
    redirectWithoutToken: true,
  });
  if (!result.ok) {
    const { error } = result;
    if (error.kind === 'rate-limited' && error.retryAt) return { state: 'error', error: rateLimited(error.retryAt, Boolean(token)) };
    if (error.kind === 'not-found') {
      return { state: 'error', error: sourceError('not-found', `GitHub has no public repository ${owner}/${repo}`) };
    }
    return { state: 'error', error };
  }
  const normalised = toGithubRepo(result.data, `${owner}/${repo}`);
  if (!normalised.ok) return { state: 'error', error: normalised.error };
  return { state: 'ok', data: normalised.data, fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}
