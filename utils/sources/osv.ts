// Known advisories from OSV (api.osv.dev) for a PyPI package version, merged with PyPI's own list.
// OSV's records carry what PyPI's list lacks: severity vectors and malicious-package reports.
import { compare, valid } from '@renovatebot/pep440';
import * as z from 'zod/mini';
import type { Advisory, AdvisoryFacts, Normalised, PypiVulnerability, Section, SourceError } from '../contract/report';
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from '../lib/package-name';
import { safeHttpsUrl } from '../lib/safe-url';
import { type Http, sourceError } from './http';
import { bandRank, severityOf } from './osv-severity';
import { byCodeUnits } from '../lib/order';
import { HOUR_MS } from '../lib/time';

export const OSV_API = 'https://api.osv.dev';
export const OSV_TTL_MS = HOUR_MS;
/** A package with more than ten pages of advisories is already judged; more pages only cost time. */
export const MAX_QUERY_PAGES = 10;
/** OSV's documented limit of queries per querybatch request. */
export const BATCH_CHUNK_SIZE = 1000;
const SUMMARY_MAX_CHARS = 300;
/** OSV ids end up in URLs: only this shape is accepted. */
export const OSV_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const text = z.catch(z.optional(z.string()), undefined);
const strings = z.catch(z.array(z.string()), []);
const OsvEvent = z.object({ introduced: text, fixed: text, last_affected: text, limit: text });
const OsvAffected = z.object({
  package: z.catch(z.optional(z.object({ ecosystem: text, name: text })), undefined),
  ranges: z.catch(z.array(z.object({ type: text, events: z.catch(z.array(OsvEvent), []) })), []),
});
/** One OSV record (the OSV schema), only the fields we use; `id` is the one thing we cannot do without. */
export const OsvVulnBody = z.object({
  id: z.string(),
  summary: text,
  details: text,
  aliases: strings,
  modified: text,
  published: text,
  withdrawn: text,
  severity: z.catch(z.array(z.object({ type: z.string(), score: z.string() })), []),
  affected: z.catch(z.array(OsvAffected), []),
  database_specific: z.catch(z.optional(z.object({ severity: text })), undefined),
});
export type OsvVulnBody = z.infer<typeof OsvVulnBody>;

// OSV answers `{}` when nothing is known, so a missing `vulns` means none; a broken one is malformed.
export const OsvQueryBody = z.object({ vulns: z.optional(z.array(OsvVulnBody)), next_page_token: text });
export const OsvBatchBody = z.object({
  results: z.array(z.object({ vulns: z.optional(z.array(z.object({ id: z.string(), modified: text }))), next_page_token: text })),
});

function osvPage(id: string): string {
  return `https://osv.dev/vulnerability/${encodeURIComponent(id)}`;
}

/** The summary, or the first prose line of the details (markdown headings and rules skipped), capped. */
function summaryOf(summary: string | undefined, details: string | undefined): string | null {
  const firstLine = (details ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0 && !/^#+(\s|$)/.test(line) && !/^[-=_*]{3,}$/.test(line));
  const chosen = summary?.trim() || firstLine || '';
  if (chosen.length === 0) return null;
  return chosen.length > SUMMARY_MAX_CHARS ? `${chosen.slice(0, SUMMARY_MAX_CHARS - 1).trimEnd()}…` : chosen;
}

function sortVersions(versions: Iterable<string>): string[] {
  return [...new Set(versions)].filter((v) => valid(v) !== null).sort(compare);
}

/** `fixed` events of this PyPI package's ECOSYSTEM ranges (GIT ranges name commits, not versions). */
function fixedVersions(body: OsvVulnBody, packageName: string): string[] {
  const wanted = normalizePackageName(packageName);
  const fixes: string[] = [];
  for (const entry of body.affected) {
    if (entry.package?.ecosystem !== 'PyPI' || normalizePackageName(entry.package.name ?? '') !== wanted) continue;
    for (const range of entry.ranges) {
      if (range.type !== 'ECOSYSTEM') continue;
      for (const event of range.events) if (event.fixed) fixes.push(event.fixed);
    }
  }
  return sortVersions(fixes);
}

function toAdvisory(body: OsvVulnBody, packageName: string): Advisory {
  return {
    id: body.id,
    aliases: [...new Set(body.aliases.filter((alias) => alias !== body.id))],
    summary: summaryOf(body.summary, body.details),
    severity: severityOf(body.severity, body.database_specific?.severity),
    fixedIn: fixedVersions(body, packageName),
    published: body.published ?? null,
    modified: body.modified ?? null,
    withdrawn: body.withdrawn ?? null,
    malicious: body.id.startsWith('MAL-'),
    url: osvPage(body.id),
    reportedBy: ['osv'],
    affectsViewed: false,
    affectsLatest: false,
  };
}

/** One OSV record (any JSON) to our Advisory, for `packageName` (its fixed versions). */
export function normaliseOsvVuln(raw: unknown, packageName: string): Normalised<Advisory> {
  const parsed = z.safeParse(OsvVulnBody, raw);
  if (!parsed.success || !OSV_ID.test(parsed.data.id)) {
    return { ok: false, error: sourceError('malformed', 'OSV sent a record of an unexpected shape') };
  }
  return { ok: true, data: toAdvisory(parsed.data, packageName) };
}

/** PyPI's advisory list describes the viewed version only. */
function fromPypi(vuln: PypiVulnerability): Advisory {
  return {
    id: vuln.id,
    aliases: vuln.aliases.filter((alias) => alias !== vuln.id),
    summary: summaryOf(vuln.summary ?? undefined, undefined),
    severity: { band: 'unknown', score: null, vector: null, source: 'none' },
    fixedIn: sortVersions(vuln.fixedIn),
    published: null,
    modified: null,
    withdrawn: vuln.withdrawn,
    malicious: vuln.id.startsWith('MAL-'),
    url: safeHttpsUrl(vuln.url) ?? osvPage(vuln.id),
    reportedBy: ['pypi'],
    affectsViewed: true,
    affectsLatest: false,
  };
}

/** The better record to show for a group: OSV's (it has severity), known severity, then GHSA. */
function preference(a: Advisory): number {
  return (a.reportedBy.includes('osv') ? 0 : 4) + (a.severity.band === 'unknown' ? 2 : 0) + (a.id.startsWith('GHSA-') ? 0 : 1);
}

/** Joins advisories that name each other (id or alias): one vulnerability, counted once. */
export function collapseAliases(advisories: Advisory[]): Advisory[] {
  const groups: { names: Set<string>; members: Advisory[] }[] = [];
  for (const advisory of advisories) {
    const names = new Set([advisory.id, ...advisory.aliases]);
    const touching = groups.filter((group) => [...names].some((name) => group.names.has(name)));
    const merged = { names, members: [advisory] };
    for (const group of touching) {
      group.names.forEach((name) => merged.names.add(name));
      merged.members.push(...group.members);
      groups.splice(groups.indexOf(group), 1);
    }
    groups.push(merged);
  }
  return groups.map(({ names, members }) => {
    const [best] = [...members].sort((a, b) => preference(a) - preference(b));
    const lead = best!;
    return {
      ...lead,
      aliases: [...names].filter((name) => name !== lead.id),
      summary: lead.summary ?? members.find((m) => m.summary !== null)?.summary ?? null,
      fixedIn: sortVersions(members.flatMap((m) => m.fixedIn)),
      withdrawn: members.every((m) => m.withdrawn !== null) ? lead.withdrawn : null,
      malicious: members.some((m) => m.malicious),
      reportedBy: (['osv', 'pypi'] as const).filter((source) => members.some((m) => m.reportedBy.includes(source))),
      affectsViewed: members.some((m) => m.affectsViewed),
      affectsLatest: members.some((m) => m.affectsLatest),
    };
  });
}

/**
 * When we could not ask OSV about the latest version: still affected unless a fix was released
 * after the viewed version and at or before the latest.
 */
export function probablyAffects(advisory: Advisory, viewedVersion: string, latestVersion: string): boolean {
  if (valid(viewedVersion) === null || valid(latestVersion) === null) return true;
  return !advisory.fixedIn.some((fix) => compare(fix, viewedVersion) > 0 && compare(fix, latestVersion) <= 0);
}

/** OSV's and PyPI's lists as one: a shared id or alias is one advisory reported by both. */
export function mergePypiVulnerabilities(
  osvAdvisories: Advisory[],
  pypiVulns: PypiVulnerability[],
  versions: { viewed: string; latest: string | null } | null = null,
): Advisory[] {
  const fromPypiList = pypiVulns.map((vuln) => {
    const advisory = fromPypi(vuln);
    if (versions?.latest) {
      advisory.affectsLatest = versions.latest === versions.viewed || probablyAffects(advisory, versions.viewed, versions.latest);
    }
    return advisory;
  });
  return sortAdvisories(collapseAliases([...osvAdvisories, ...fromPypiList]));
}

function sortAdvisories(advisories: Advisory[]): Advisory[] {
  return advisories.sort(
    (a, b) =>
      Number(b.malicious) - Number(a.malicious) ||
      bandRank(a.severity.band) - bandRank(b.severity.band) ||
      (b.severity.score ?? 0) - (a.severity.score ?? 0) ||
      byCodeUnits(a.id, b.id),
  );
}

export type Fetched<T> = { ok: true; data: T; fetchedAt: string; fromCache: boolean } | { ok: false; error: SourceError };

function invalidPackage(name: string, version?: string): SourceError | null {
  if (!isValidPackageName(name)) return sourceError('malformed', 'Not a valid package name');
  if (version !== undefined && !isPlausibleVersion(version)) return sourceError('malformed', 'Not a valid version');
  return null;
}

/**
 * POST /v1/query for one version — or, without a version, every record for the name — following
 * next_page_token up to MAX_QUERY_PAGES.
 */
export async function queryOsv(http: Http, name: string, version?: string): Promise<Fetched<Advisory[]>> {
  const invalid = invalidPackage(name, version);
  if (invalid) return { ok: false, error: invalid };
  const query = { package: { name: normalizePackageName(name), ecosystem: 'PyPI' }, ...(version === undefined ? {} : { version }) };
  const advisories: Advisory[] = [];
  let pageToken: string | undefined;
  let fetchedAt = '';
  let fromCache = true;
  for (let page = 0; page < MAX_QUERY_PAGES; page++) {
    const body = pageToken ? { ...query, page_token: pageToken } : query;
    const result = await http.postJson(`${OSV_API}/v1/query`, body, OsvQueryBody, { ttlMs: OSV_TTL_MS });
    if (!result.ok) return { ok: false, error: result.error };
    fetchedAt = fetchedAt && fetchedAt < result.fetchedAt ? fetchedAt : result.fetchedAt;
    fromCache &&= result.fromCache;
    for (const vuln of result.data.vulns ?? []) {
      if (OSV_ID.test(vuln.id)) advisories.push(toAdvisory(vuln, name));
    }
    pageToken = result.data.next_page_token;
    if (!pageToken) break;
  }
  return { ok: true, data: advisories, fetchedAt, fromCache };
}

/** Advisories for the viewed and the latest version (asked in parallel), merged with PyPI's list. */
/** OSV's answers for the viewed version and, when it is another, the latest (asked in parallel). */
export type OsvAnswers = {
  viewedVersion: string;
  latestVersion: string | null;
  viewed: Fetched<Advisory[]>;
  latest: Fetched<Advisory[]> | null;
};

export async function queryAdvisories(http: Http, name: string, viewedVersion: string, latestVersion: string | null): Promise<OsvAnswers> {
  const askLatest = latestVersion !== null && latestVersion !== viewedVersion;
  const [viewed, latest] = await Promise.all([
    queryOsv(http, name, viewedVersion),
    askLatest ? queryOsv(http, name, latestVersion) : Promise.resolve(null),
  ]);
  return { viewedVersion, latestVersion, viewed, latest };
}

/** The Advisories section from OSV's answers and PyPI's own advisories for the viewed version. */
export function advisoryFacts(answers: OsvAnswers, pypiVulns: PypiVulnerability[]): Section<AdvisoryFacts> {
  const { viewedVersion, latestVersion, viewed, latest } = answers;
  const askLatest = latestVersion !== null && latestVersion !== viewedVersion;
  if (!viewed.ok) return { state: 'error', error: viewed.error };

  const fromViewed = viewed.data.map((a) => ({ ...a, affectsViewed: true, affectsLatest: latestVersion === viewedVersion }));
  const fromLatest = latest?.ok ? latest.data.map((a) => ({ ...a, affectsLatest: true })) : [];
  if (askLatest && latest !== null && !latest.ok) {
    // OSV did not answer for the latest version: judge it from the fixed versions instead.
    for (const advisory of fromViewed) advisory.affectsLatest = probablyAffects(advisory, viewedVersion, latestVersion);
  }
  const advisories = mergePypiVulnerabilities([...fromViewed, ...fromLatest], pypiVulns, {
    viewed: viewedVersion,
    latest: latestVersion,
  });
  const fetchedAt = latest?.ok && latest.fetchedAt < viewed.fetchedAt ? latest.fetchedAt : viewed.fetchedAt;
  const fromCache = viewed.fromCache && (latest === null || !latest.ok || latest.fromCache);
  return { state: 'ok', data: { viewedVersion, latestVersion, advisories }, fetchedAt, fromCache };
}

export async function fetchAdvisories(
  http: Http,
  name: string,
  viewedVersion: string,
  latestVersion: string | null,
  pypiVulns: PypiVulnerability[],
): Promise<Section<AdvisoryFacts>> {
  return advisoryFacts(await queryAdvisories(http, name, viewedVersion, latestVersion), pypiVulns);
}

/** GET /v1/vulns/<id>: one full record, e.g. for ids a querybatch answer only names. */
export async function fetchOsvVuln(http: Http, id: string, packageName: string): Promise<Section<Advisory>> {
  if (!OSV_ID.test(id)) return { state: 'error', error: sourceError('malformed', 'Not an OSV id') };
  const result = await http.getJson(`${OSV_API}/v1/vulns/${encodeURIComponent(id)}`, OsvVulnBody, { ttlMs: OSV_TTL_MS });
  if (!result.ok) return { state: 'error', error: result.error };
  return { state: 'ok', data: toAdvisory(result.data, packageName), fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

/** Full records for many ids, each asked once; ids OSV could not give are left out. */
export async function fetchOsvVulns(http: Http, ids: string[], packageName: string): Promise<Advisory[]> {
  const sections = await Promise.all([...new Set(ids)].map((id) => fetchOsvVuln(http, id, packageName)));
  return sections.flatMap((section) => (section.state === 'ok' ? [section.data] : []));
}
