// PyPI's Simple index in JSON (PEP 691): every file of a project with its provenance URL (PEP 740),
// yanked state (PEP 592) and the project's status (PEP 792). It is the cheapest place to learn
// which releases were attested.
import { clean, compare, eq, valid } from '@renovatebot/pep440';
import * as z from 'zod/mini';
import type { Normalised, ProjectStatus, ReleaseProvenanceSummary, Section } from '../contract/report';
import { isValidPackageName, normalizePackageName } from '../lib/package-name';
import { safeHttpsUrl } from '../lib/safe-url';
import { type Http, sourceError } from './http';
import { HOUR_MS } from '../lib/time';

export const SIMPLE_TTL_MS = HOUR_MS;
export const SIMPLE_ACCEPT = 'application/vnd.pypi.simple.v1+json';

const text = z.catch(z.optional(z.string()), undefined);

const SimpleFileBody = z.object({
  filename: z.string(),
  url: z.string(),
  hashes: z.catch(z.optional(z.object({ sha256: text })), undefined),
  provenance: z.catch(z.optional(z.nullable(z.string())), undefined),
  'upload-time': text,
  // PEP 592: false, true, or the reason as a string.
  yanked: z.catch(z.optional(z.union([z.boolean(), z.string()])), undefined),
  size: z.catch(z.optional(z.number()), undefined),
  'requires-python': z.catch(z.optional(z.nullable(z.string())), undefined),
});

export const SimpleIndexBody = z.object({
  name: text,
  // A file entry we cannot read is left out rather than losing the whole index.
  files: z.array(z.catch(z.nullable(SimpleFileBody), null)),
  versions: z.catch(z.optional(z.array(z.string())), undefined),
  'project-status': z.catch(
    z.optional(z.object({ status: text, reason: z.catch(z.optional(z.nullable(z.string())), undefined) })),
    undefined,
  ),
});
export type SimpleIndexBody = z.infer<typeof SimpleIndexBody>;

export type SimpleFile = {
  filename: string;
  /** https download URL, or null when the index gave something else. */
  url: string | null;
  sha256: string | null;
  /** PEP 740 Integrity API URL, only when it is https://pypi.org/integrity/…; null when none. */
  provenanceUrl: string | null;
  uploadedAt: string | null;
  yanked: boolean;
  yankedReason: string | null;
  size: number | null;
  requiresPython: string | null;
};

export type SimpleIndex = {
  name: string;
  projectStatus: ProjectStatus;
  files: SimpleFile[];
  versions: string[];
  /** https://pypi.org/simple/<name>/ */
  simpleUrl: string;
};

const STATUSES: ProjectStatus['status'][] = ['active', 'archived', 'quarantined', 'deprecated'];
const SHA256 = /^[0-9a-f]{64}$/i;

export function simpleIndexUrl(name: string): string {
  return `https://pypi.org/simple/${encodeURIComponent(normalizePackageName(name))}/`;
}

/** Only PyPI's own Integrity API may be asked for provenance. */
export function integrityUrl(raw: unknown): string | null {
  const safe = safeHttpsUrl(raw);
  if (safe === null) return null;
  const url = new URL(safe);
  return url.hostname === 'pypi.org' && url.pathname.startsWith('/integrity/') ? safe : null;
}

function toProjectStatus(body: SimpleIndexBody['project-status']): ProjectStatus {
  if (body === undefined) return { status: 'active', reason: null }; // PEP 792: absent means active
  const status = STATUSES.find((s) => s === body.status?.toLowerCase()) ?? 'unknown';
  return { status, reason: body.reason?.trim() || null };
}

function toSimpleFile(file: NonNullable<SimpleIndexBody['files'][number]>): SimpleFile {
  const sha256 = file.hashes?.sha256;
  return {
    filename: file.filename,
    url: safeHttpsUrl(file.url),
    sha256: sha256 && SHA256.test(sha256) ? sha256.toLowerCase() : null,
    provenanceUrl: integrityUrl(file.provenance),
    uploadedAt: file['upload-time'] ?? null,
    yanked: file.yanked === true || typeof file.yanked === 'string',
    yankedReason: typeof file.yanked === 'string' ? file.yanked.trim() || null : null,
    size: file.size ?? null,
    requiresPython: file['requires-python'] ?? null,
  };
}

function toSimpleIndex(body: SimpleIndexBody, requestedName: string): SimpleIndex {
  const name = body.name !== undefined && isValidPackageName(body.name) ? body.name : requestedName;
  const files = body.files.flatMap((file) => (file ? [toSimpleFile(file)] : []));
  // Before API 1.1 there is no `versions`: derive it from the filenames.
  const versions = body.versions ?? [...new Set(files.flatMap((f) => versionOfFile(f.filename, name) ?? []))].sort(compareVersions);
  return { name, projectStatus: toProjectStatus(body['project-status']), files, versions, simpleUrl: simpleIndexUrl(name) };
}

export function normaliseSimpleIndex(raw: unknown, requestedName: string): Normalised<SimpleIndex> {
  const parsed = z.safeParse(SimpleIndexBody, raw);
  if (!parsed.success) return { ok: false, error: sourceError('malformed', 'PyPI sent a Simple index of an unexpected shape') };
  return { ok: true, data: toSimpleIndex(parsed.data, requestedName) };
}

function compareVersions(a: string, b: string): number {
  const aValid = valid(a) !== null;
  const bValid = valid(b) !== null;
  if (aValid && bValid) return compare(a, b);
  if (aValid !== bValid) return aValid ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameVersion(a: string, b: string): boolean {
  if (valid(a) !== null && valid(b) !== null) return eq(a, b);
  return a.toLowerCase() === b.toLowerCase();
}

const SDIST_SUFFIXES = ['.tar.gz', '.tar.bz2', '.tar.xz', '.tar.Z', '.tgz', '.tbz', '.zip', '.tar'];

/**
 * The version a distribution filename carries, for `projectName`, or null. Wheels and eggs put it in
 * the second dash-separated field (PEP 427 escapes '-' to '_'); sdists put it after the name, which
 * itself may contain dashes, so the split is where the prefix normalises to the project name.
 */
export function versionOfFile(filename: string, projectName: string): string | null {
  const wanted = normalizePackageName(projectName);
  if (/\.(whl|egg)$/i.test(filename)) {
    const [name = '', version = ''] = filename.replace(/\.(whl|egg)$/i, '').split('-');
    return normalizePackageName(name) === wanted && version ? version.replace(/_/g, '-') : null;
  }
  const suffix = SDIST_SUFFIXES.find((s) => filename.toLowerCase().endsWith(s.toLowerCase()));
  if (!suffix) return null;
  const stem = filename.slice(0, -suffix.length);
  for (let dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
    if (normalizePackageName(stem.slice(0, dash)) !== wanted) continue;
    const version = stem.slice(dash + 1);
    // "requests-toolbelt-1.0.0" is not version "toolbelt-1.0.0" of requests: a dash needs PEP 440.
    return version && (valid(version) !== null || !version.includes('-')) ? version : null;
  }
  return null;
}

/** The files of one release, matched by the version in each filename (normalised, PEP 440). */
export function filesForVersion(simple: SimpleIndex, version: string): SimpleFile[] {
  return simple.files.filter((file) => {
    const fileVersion = versionOfFile(file.filename, simple.name);
    return fileVersion !== null && sameVersion(fileVersion, version);
  });
}

/**
 * Provenance of the `count` releases before `viewedVersion`, newest first. A release counts as
 * attested when any of its files has provenance; releases without files are skipped.
 */
export function previousReleasesProvenance(simple: SimpleIndex, viewedVersion: string, count: number): ReleaseProvenanceSummary[] {
  if (valid(viewedVersion) === null || count <= 0) return [];
  // Grouped by the normalised version once: Django has ≈800 files over ≈430 releases.
  const declared = new Map(simple.versions.flatMap((v) => (clean(v) ? [[clean(v)!, v] as const] : [])));
  const byVersion = new Map<string, SimpleFile[]>();
  for (const file of simple.files) {
    const fileVersion = versionOfFile(file.filename, simple.name);
    const key = fileVersion === null ? null : clean(fileVersion);
    if (key) byVersion.set(key, [...(byVersion.get(key) ?? []), file]);
  }
  return [...byVersion.keys()]
    .filter((version) => compare(version, viewedVersion) < 0)
    .sort((a, b) => compare(b, a))
    .slice(0, count)
    .map((version) => {
      const files = byVersion.get(version) ?? [];
      const attested = files.some((f) => f.provenanceUrl !== null);
      return { version: declared.get(version) ?? version, attested, fileCount: files.length };
    });
}

export async function fetchSimpleIndex(http: Http, name: string): Promise<Section<SimpleIndex>> {
  if (!isValidPackageName(name)) return { state: 'error', error: sourceError('malformed', 'Not a valid package name') };
  const result = await http.getJson(simpleIndexUrl(name), SimpleIndexBody, {
    headers: { Accept: SIMPLE_ACCEPT },
    ttlMs: SIMPLE_TTL_MS,
  });
  if (!result.ok) return { state: 'error', error: result.error };
  return { state: 'ok', data: toSimpleIndex(result.data, name), fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}
