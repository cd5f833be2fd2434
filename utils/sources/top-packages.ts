// hugovk's top-pypi-packages: the 15,000 most-downloaded PyPI projects of the last 30 days, the
// reference list of the typosquat check. Parsed once into a compact form (names and counts in rank
// order), which is what the cache keeps, so a revisit does not re-parse 15,000 row objects.
import * as z from 'zod/mini';
import type { SourceError, TopListStatus, TopPackages } from '../contract/report';
import { normalizePackageName } from '../lib/package-name';
import { type Http, sourceError } from './http';
import { DAY_MS } from '../lib/time';

// The scripts read a recorded list through this module.
export type { TopPackages } from '../contract/report';

export const TOP_PACKAGES_URL = 'https://hugovk.github.io/top-pypi-packages/top-pypi-packages.min.json';
/** The dump is rebuilt monthly; asking more often gains nothing. */
export const TOP_PACKAGES_TTL_MS = 30 * DAY_MS;
/** The dump is ≈0.9 MB (15,000 rows): four times that allows growth and still refuses anything absurd. */
export const TOP_PACKAGES_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Two missed monthly rebuilds: the list no longer reflects what people install. */
export const TOP_LIST_STALE_AFTER_DAYS = 62;

// One odd row must not cost the whole list: rows that are not { project: string, download_count:
// number } are dropped. Checked by hand in toTopPackages rather than by a zod schema per row: zod's
// per-object checks over 15,000 rows cost ~15 ms in a freshly started worker, on a page's critical path.
const TopPackagesBody = z.object({
  last_update: z.catch(z.optional(z.string()), undefined),
  rows: z.array(z.unknown()).check(z.minLength(1)),
});

function rowOf(raw: unknown): { project: string; download_count: number } | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { project, download_count } = raw as Record<string, unknown>;
  return typeof project === 'string' && typeof download_count === 'number' && Number.isFinite(download_count)
    ? { project, download_count }
    : null;
}

export const TopPackagesSchema = z.pipe(
  TopPackagesBody,
  z.transform((body): TopPackages => toTopPackages(body)),
);

function toTopPackages(body: z.infer<typeof TopPackagesBody>): TopPackages {
  const names: string[] = [];
  const downloads: number[] = [];
  const seen = new Set<string>();
  for (const raw of body.rows) {
    const row = rowOf(raw);
    if (!row || row.project.length === 0 || row.project.length > 200) continue;
    const name = normalizePackageName(row.project);
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
    downloads.push(Math.max(0, Math.floor(row.download_count)));
  }
  return { lastUpdate: isoOf(body.last_update), names, downloads };
}

/** "2026-04-01 06:34:06" (UTC, as ClickHouse writes it) → ISO. */
function isoOf(raw: string | undefined): string | null {
  if (!raw) return null;
  const ms = Date.parse(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Pure: a recorded body → the compact list (for tests and the benchmark). */
export function normaliseTopPackages(raw: unknown): TopPackages | null {
  const parsed = z.safeParse(TopPackagesSchema, raw);
  return parsed.success ? parsed.data : null;
}

export type TopPackagesResult = { ok: true; data: TopPackages; fetchedAt: string; fromCache: boolean } | { ok: false; error: SourceError };

export async function fetchTopPackages(http: Http): Promise<TopPackagesResult> {
  const result = await http.getJson(TOP_PACKAGES_URL, TopPackagesSchema, {
    ttlMs: TOP_PACKAGES_TTL_MS,
    maxBodyBytes: TOP_PACKAGES_MAX_BODY_BYTES,
  });
  if (!result.ok) return { ok: false, error: result.error };
  if (result.data.names.length === 0) return { ok: false, error: sourceError('malformed', 'The top-packages list is empty') };
  return { ok: true, data: result.data, fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

/** What the panel says about the list: fresh, stale (old dump or old copy) or missing. */
export function topListStatus(result: TopPackagesResult, nowMs: number): TopListStatus {
  if (!result.ok) {
    return { state: 'missing', lastUpdate: null, count: 0, floorDownloads: null, url: TOP_PACKAGES_URL, error: result.error };
  }
  const { data } = result;
  const staleAfterMs = TOP_LIST_STALE_AFTER_DAYS * DAY_MS;
  const madeAt = Date.parse(data.lastUpdate ?? result.fetchedAt);
  const stale = Number.isNaN(madeAt) || nowMs - madeAt > staleAfterMs;
  return {
    state: stale ? 'stale' : 'fresh',
    lastUpdate: data.lastUpdate,
    count: data.names.length,
    floorDownloads: data.downloads.at(-1) ?? null,
    url: TOP_PACKAGES_URL,
  };
}
