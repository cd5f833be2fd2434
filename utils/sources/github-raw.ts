// raw.githubusercontent.com: the build files of a linked GitHub repository, read as plain text to learn
// which package the repository really builds (starjacking check). The raw host spends no API quota.
import type { BuildFile, DeclaredNameSource } from '../contract/report';
import type { Http } from './http';
import { HOUR_MS } from '../lib/time';

export const RAW_ORIGIN = 'https://raw.githubusercontent.com';
/** Build files change rarely; the GitHub API's six hours is fresh enough. */
export const RAW_TTL_MS = 6 * HOUR_MS;
/** Real build files are a few KB; a huge one is not worth reading for a name. */
export const RAW_MAX_BODY_BYTES = 512 * 1024;
/** In the order their answer is believed: pyproject.toml is the standard, setup.py a best effort. */
export const BUILD_FILES: DeclaredNameSource[] = ['pyproject.toml', 'setup.cfg', 'setup.py'];

const SEGMENT = /^[A-Za-z0-9._-]{1,100}$/;

function encodePath(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  if (parts.some((part) => part === '.' || part === '..' || part.length > 255)) return null;
  return parts.map(encodeURIComponent).join('/');
}

/** https://raw.githubusercontent.com/<o>/<r>/HEAD/<path>: HEAD is the default branch, whatever its name. */
export function rawFileUrl(owner: string, repo: string, path: string): string | null {
  const encoded = encodePath(path);
  if (!SEGMENT.test(owner) || !SEGMENT.test(repo) || !encoded) return null;
  return `${RAW_ORIGIN}/${owner}/${repo}/HEAD/${encoded}`;
}

export function githubFileUrl(owner: string, repo: string, path: string): string {
  return `https://github.com/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/blob/HEAD/${encodePath(path) ?? ''}`;
}

/**
 * The three build files at `subPath` (or the root), asked in parallel. When the sub-folder holds none we can read
 * (missing, mistyped, or chosen to dodge the check), the root's three follow: they say what the repository builds.
 */
export async function fetchBuildFiles(http: Http, owner: string, repo: string, subPath: string | null): Promise<BuildFile[]> {
  const folder = subPath?.replace(/^\/+|\/+$/g, '') || null;
  const files = await fetchFolder(http, owner, repo, folder);
  if (folder === null || files.some((file) => file.text !== null)) return files;
  return [...files, ...(await fetchFolder(http, owner, repo, null))];
}

function fetchFolder(http: Http, owner: string, repo: string, folder: string | null): Promise<BuildFile[]> {
  return Promise.all(
    BUILD_FILES.map(async (source): Promise<BuildFile> => {
      const path = folder ? `${folder}/${source}` : source;
      const htmlUrl = githubFileUrl(owner, repo, path);
      const url = rawFileUrl(owner, repo, path);
      if (!url) return { source, path, text: null, error: { kind: 'malformed', message: 'Not a repository path' }, htmlUrl };
      const result = await http.getText(url, { ttlMs: RAW_TTL_MS, maxBodyBytes: RAW_MAX_BODY_BYTES });
      return result.ok
        ? { source, path, text: result.data, error: null, htmlUrl }
        : { source, path, text: null, error: result.error, htmlUrl };
    }),
  );
}
