// PyPI JSON API: GET /pypi/<name>/json (all releases) and /pypi/<name>/<version>/json (one release,
// with PyPI's own advisories for it) → ReleaseFacts.
import * as z from 'zod/mini';
import type { DistributionFile, Ownership, ProjectLink, PypiVulnerability, ReleaseFacts, ReleaseInfo, Section } from '../contract/report';
import { normalizePackageName } from '../lib/package-name';
import { safeHttpsUrl, upgradeToHttps } from '../lib/safe-url';
import { compareVersions, isPrerelease, sortVersions } from '../lib/versions';
import type { Http, HttpResult } from './http';
import { HOUR_MS } from '../lib/time';
import { firstSentence } from '../lib/prose';

export const PYPI_TTL_MS = HOUR_MS;
/** A project's JSON can be large (numpy's is 1.3 MB); refuse anything absurd. */
const PYPI_MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Requires-Dist lines kept per release: the largest real releases declare a few hundred, with extras. */
const MAX_REQUIREMENTS = 500;
/** A PEP 508 line longer than this is no requirement a person wrote. */
const MAX_REQUIREMENT_CHARS = 1000;

const PypiFile = z.object({
  filename: z.string(),
  url: z.optional(z.string()),
  packagetype: z.optional(z.nullable(z.string())),
  digests: z.optional(z.object({ sha256: z.optional(z.nullable(z.string())) })),
  size: z.optional(z.nullable(z.number())),
  upload_time_iso_8601: z.optional(z.nullable(z.string())),
  upload_time: z.optional(z.nullable(z.string())),
  yanked: z.optional(z.nullable(z.boolean())),
  yanked_reason: z.optional(z.nullable(z.string())),
});
type PypiFile = z.infer<typeof PypiFile>;

const PypiVuln = z.object({
  id: z.string(),
  aliases: z.optional(z.nullable(z.array(z.string()))),
  summary: z.optional(z.nullable(z.string())),
  details: z.optional(z.nullable(z.string())),
  fixed_in: z.optional(z.nullable(z.array(z.string()))),
  link: z.optional(z.nullable(z.string())),
  withdrawn: z.optional(z.nullable(z.string())),
});

export const PypiJson = z.object({
  info: z.object({
    name: z.string(),
    version: z.string(),
    summary: z.optional(z.nullable(z.string())),
    home_page: z.optional(z.nullable(z.string())),
    project_urls: z.optional(z.nullable(z.record(z.string(), z.nullable(z.string())))),
    requires_python: z.optional(z.nullable(z.string())),
    // One bad entry must not hide the others: each is checked on its own, then dropped if not text.
    requires_dist: z.catch(z.optional(z.nullable(z.array(z.catch(z.nullable(z.string()), null)))), undefined),
    yanked: z.optional(z.nullable(z.boolean())),
    yanked_reason: z.optional(z.nullable(z.string())),
  }),
  releases: z.optional(z.nullable(z.record(z.string(), z.array(PypiFile)))),
  urls: z.optional(z.nullable(z.array(PypiFile))),
  vulnerabilities: z.optional(z.nullable(z.array(PypiVuln))),
  ownership: z.optional(
    z.nullable(
      z.object({
        organization: z.optional(z.nullable(z.string())),
        roles: z.optional(z.nullable(z.array(z.object({ role: z.string(), user: z.string() })))),
      }),
    ),
  ),
});
export type PypiJson = z.infer<typeof PypiJson>;

export function pypiJsonUrl(name: string, version?: string): string {
  const project = encodeURIComponent(normalizePackageName(name));
  return version === undefined
    ? `https://pypi.org/pypi/${project}/json`
    : `https://pypi.org/pypi/${project}/${encodeURIComponent(version)}/json`;
}

/**
 * Fetches the project JSON and, for a version page, the version JSON in parallel.
 * `version` undefined means "the latest" (a project page).
 */
export async function fetchReleaseFacts(http: Http, name: string, version?: string): Promise<Section<ReleaseFacts>> {
  const options = { ttlMs: PYPI_TTL_MS, maxBodyBytes: PYPI_MAX_BODY_BYTES };
  const [project, release] = await Promise.all([
    http.getJson(pypiJsonUrl(name), PypiJson, { ...options, keep: compactProjectJson }),
    version === undefined ? Promise.resolve(null) : http.getJson(pypiJsonUrl(name, version), PypiJson, options),
  ]);
  if (!project.ok) return { state: 'error', error: describeError(project, `${name} was not found on PyPI`) };
  if (release && !release.ok) {
    return { state: 'error', error: describeError(release, `Version ${version} of ${name} is not on PyPI`) };
  }
  const data = normaliseReleaseFacts(project.data, release?.data ?? null, version);
  const fromCache = project.fromCache && (release?.fromCache ?? true);
  return { state: 'ok', data, fetchedAt: project.fetchedAt, fromCache };
}

function describeError(result: Extract<HttpResult<unknown>, { ok: false }>, notFound: string) {
  return result.error.kind === 'not-found' ? { ...result.error, message: notFound } : result.error;
}

/**
 * What the cache keeps of a project's JSON: its info, advisories and ownership whole, the files of the release a
 * project page shows whole, and of every other release only what its standing is read from (upload time, type,
 * yank) — not each file's name, URL, digests and size, three quarters of a big project's body (numpy's 1,832
 * files: 904 KB parsed, 231 KB kept). `normaliseReleaseFacts` gives the same facts from either (tested).
 */
export function compactProjectJson(project: PypiJson): PypiJson {
  if (!project.releases) return project;
  const whole = new Set([project.info.version]);
  const latest = pickLatest(sortVersions(Object.keys(project.releases)).map((v) => toReleaseInfo(v, project.releases![v] ?? [])));
  if (latest) whole.add(latest);
  const releases: Record<string, PypiFile[]> = {};
  for (const [version, files] of Object.entries(project.releases)) {
    releases[version] = whole.has(version)
      ? files
      : files.map((f) => ({
          filename: '',
          packagetype: f.packagetype,
          upload_time_iso_8601: f.upload_time_iso_8601,
          upload_time: f.upload_time_iso_8601 ? undefined : f.upload_time,
          yanked: f.yanked,
          yanked_reason: f.yanked_reason,
        }));
  }
  return { ...project, releases };
}

/** Pure: recorded project JSON (+ optional version JSON) → ReleaseFacts. */
export function normaliseReleaseFacts(project: PypiJson, versionJson: PypiJson | null, requestedVersion?: string): ReleaseFacts {
  const releaseFiles = project.releases ?? versionJson?.releases ?? {};
  const releases = sortVersions(Object.keys(releaseFiles)).map((v) => toReleaseInfo(v, releaseFiles[v] ?? []));
  // Without a releases map (a trimmed or version-only body), the info block still names one release.
  if (releases.length === 0) releases.push(toReleaseInfo(project.info.version, project.urls ?? []));

  const latestVersion = pickLatest(releases) ?? project.info.version;
  const viewedVersion = requestedVersion ?? latestVersion;
  const viewed =
    releases.find((r) => compareVersions(r.version, viewedVersion) === 0 && r.version === viewedVersion) ??
    releases.find((r) => compareVersions(r.version, viewedVersion) === 0) ??
    null;

  const viewedBody = versionJson ?? (project.info.version === viewedVersion ? project : null);
  const viewedFiles = viewedBody?.urls ?? (viewed ? releaseFiles[viewed.version] : undefined) ?? [];
  const uploadTimes = releases
    .map((r) => r.uploadedAt)
    .filter((t): t is string => t !== null)
    .sort();
  const viewedIsPre = isPrerelease(viewedVersion);
  const releasesBehind = releases.filter(
    (r) => !r.yanked && (viewedIsPre || !r.isPrerelease) && compareVersions(r.version, viewedVersion) > 0,
  ).length;

  // The version JSON knows the viewed release's yank state even when the project JSON omits it.
  const viewedInfo =
    viewed && versionJson?.info.yanked
      ? { ...viewed, yanked: true, yankedReason: versionJson.info.yanked_reason ?? viewed.yankedReason }
      : viewed;

  return {
    projectUrl: `https://pypi.org/project/${encodeURIComponent(normalizePackageName(project.info.name))}/`,
    displayName: project.info.name,
    summary: project.info.summary?.trim() || null,
    releaseCount: releases.length,
    firstUploadAt: uploadTimes[0] ?? null,
    latestUploadAt: uploadTimes[uploadTimes.length - 1] ?? null,
    releases: viewedInfo ? releases.map((r) => (r.version === viewedInfo.version ? viewedInfo : r)) : releases,
    latestVersion,
    viewedVersion,
    viewed: viewedInfo,
    releasesBehind,
    yankedCount: releases.filter((r) => r.yanked).length,
    files: viewedFiles.map(toDistributionFile),
    vulnerabilities: (viewedBody?.vulnerabilities ?? []).map(toVulnerability),
    requiresDist: viewedBody ? toRequiresDist(viewedBody.info.requires_dist) : null,
    projectLinks: toProjectLinks(project.info.project_urls),
    homePage: upgradeToHttps(project.info.home_page),
    ownership: toOwnership(project.ownership ?? versionJson?.ownership ?? null),
    requiresPython: (versionJson ?? project).info.requires_python?.trim() || null,
  };
}

function toReleaseInfo(version: string, files: PypiFile[]): ReleaseInfo {
  const times = files
    .map(uploadTime)
    .filter((t): t is string => t !== null)
    .sort();
  const yankedFile = files.find((f) => f.yanked);
  return {
    version,
    uploadedAt: times[0] ?? null,
    fileCount: files.length,
    yanked: files.length > 0 && files.every((f) => f.yanked === true),
    yankedReason: yankedFile?.yanked_reason?.trim() || null,
    isPrerelease: isPrerelease(version),
  };
}

/** Highest non-yanked final release; else highest non-yanked; else highest of all. */
function pickLatest(releases: ReleaseInfo[]): string | null {
  const withFiles = releases.filter((r) => r.fileCount > 0);
  const pool = withFiles.length > 0 ? withFiles : releases;
  const finals = pool.filter((r) => !r.yanked && !r.isPrerelease);
  const unyanked = pool.filter((r) => !r.yanked);
  const best = finals.at(-1) ?? unyanked.at(-1) ?? pool.at(-1);
  return best?.version ?? null;
}

function uploadTime(file: PypiFile): string | null {
  const raw = file.upload_time_iso_8601 ?? (file.upload_time ? `${file.upload_time}Z` : null);
  if (!raw) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function toDistributionFile(file: PypiFile): DistributionFile {
  const sha256 = file.digests?.sha256;
  return {
    filename: file.filename,
    url: safeHttpsUrl(file.url) ?? '',
    packageType: file.packagetype === 'sdist' ? 'sdist' : file.packagetype === 'bdist_wheel' ? 'bdist_wheel' : 'other',
    sha256: sha256 && /^[0-9a-f]{64}$/i.test(sha256) ? sha256.toLowerCase() : null,
    size: file.size ?? null,
    uploadedAt: uploadTime(file),
    yanked: file.yanked === true,
  };
}

function toVulnerability(v: z.infer<typeof PypiVuln>): PypiVulnerability {
  return {
    id: v.id,
    aliases: v.aliases ?? [],
    summary: v.summary?.trim() || firstSentence(v.details),
    fixedIn: sortVersions(v.fixed_in ?? []),
    url: safeHttpsUrl(v.link) ?? `https://osv.dev/vulnerability/${encodeURIComponent(v.id)}`,
    withdrawn: v.withdrawn ?? null,
  };
}

function toProjectLinks(urls: Record<string, string | null> | null | undefined): ProjectLink[] {
  const links: ProjectLink[] = [];
  for (const [label, raw] of Object.entries(urls ?? {})) {
    const url = upgradeToHttps(raw);
    if (url) links.push({ label: label.slice(0, 100), url });
  }
  return links;
}

function toOwnership(raw: PypiJson['ownership']): Ownership | null {
  if (!raw) return null;
  return { organization: raw.organization ?? null, roles: raw.roles ?? [] };
}

/** The viewed release's Requires-Dist lines as PyPI lists them; null when its metadata declares none or is not known. */
function toRequiresDist(lines: (string | null)[] | null | undefined): string[] | null {
  if (!lines) return null;
  return lines
    .filter((line): line is string => typeof line === 'string' && line.length > 0 && line.length <= MAX_REQUIREMENT_CHARS)
    .slice(0, MAX_REQUIREMENTS);
}
