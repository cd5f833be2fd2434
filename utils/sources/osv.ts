// Known advisories from OSV (api.osv.dev) for a PyPI package version, merged with PyPI's own list.
// OSV's records carry what PyPI's list lacks: severity vectors and malicious-package reports.
import { compare, valid } from '@renovatebot/pep440';
import * as z from 'zod/mini';
import type { Advisory, AdvisoryFacts, Normalised, PypiVulnerability, Section, SourceError } from '../contract/report';
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from '../lib/package-name';
import { safeHttpsUrl } from '../lib/safe-url';
import { type Http, sourceError } from './http';
import { bandRank, loadSeverityCalculator, severityOf } from './osv-severity';
import { byCodeUnits } from '../lib/order';
import { SUMMARY_MAX_CHARS, clip, firstSentence } from '../lib/prose';
import { HOUR_MS } from '../lib/time';

export const OSV_API = 'https://api.osv.dev';
export const OSV_TTL_MS = HOUR_MS;
/** A package with more than ten pages of advisories is already judged; more pages only cost time. */
export const MAX_QUERY_PAGES = 10;
/** PyPI lists a handful per version; past this, severity stays unread rather than a page costing dozens of requests. */
export const MAX_PYPI_ONLY_RECORDS = 20;
/** OSV's documented limit of queries per querybatch request. */
export const BATCH_CHUNK_SIZE = 1000;
/** CWE-506, "Embedded Malicious Code": how GitHub and the OSSF mark malware under a PYSEC-/GHSA- id. */
const EMBEDDED_MALICIOUS_CODE = 'CWE-506';
/** OSV ids end up in URLs: only this shape is accepted. */
export const OSV_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const text = z.catch(z.optional(z.string()), undefined);
const strings = z.catch(z.array(z.string()), []);
const OsvEvent = z.object({ introduced: text, fixed: text, last_affected: text, limit: text });
const OsvAffected = z.object({
  package: z.catch(z.optional(z.object({ ecosystem: text, name: text })), undefined),
  ranges: z.catch(z.array(z.object({ type: text, events: z.catch(z.array(OsvEvent), []) })), []),
  versions: strings,
  // OSSF's malicious-packages records put the CWE here (`cwes[].cweId`).
  database_specific: z.catch(z.optional(z.object({ cwes: z.catch(z.array(z.object({ cweId: text })), []) })), undefined),
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
  // GitHub's records put the CWEs here (`cwe_ids`).
  database_specific: z.catch(z.optional(z.object({ severity: text, cwe_ids: strings })), undefined),
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

/** The summary, or the first sentence of the details' prose (markdown headings and rules skipped), capped. */
function summaryOf(summary: string | undefined, details: string | undefined): string | null {
  const trimmed = summary?.trim();
  return trimmed ? clip(trimmed, SUMMARY_MAX_CHARS) : firstSentence(details);
}

/** A MAL- id, a MAL- alias, or CWE-506 anywhere in the record marks malicious code. */
export function marksMaliciousCode(id: string, aliases: string[], cwes: string[]): boolean {
  return [id, ...aliases].some((name) => name.startsWith('MAL-')) || cwes.includes(EMBEDDED_MALICIOUS_CODE);
}

function sortVersions(versions: Iterable<string>): string[] {
  return [...new Set(versions)].filter((v) => valid(v) !== null).sort(compare);
}

/** `fixed` events of this PyPI package's ECOSYSTEM ranges (GIT ranges name commits, not versions). */
function fixedVersions(body: OsvVulnBody, packageName: string): string[] {
  const fixes: string[] = [];
  for (const entry of affectedOf(body, packageName)) {
    for (const range of entry.ranges) {
      if (range.type !== 'ECOSYSTEM') continue;
      for (const event of range.events) if (event.fixed) fixes.push(event.fixed);
    }
  }
  return sortVersions(fixes);
}

/** This PyPI package's entries of the record. */
function affectedOf(body: OsvVulnBody, packageName: string): OsvVulnBody['affected'] {
  const wanted = normalizePackageName(packageName);
  return body.affected.filter((entry) => entry.package?.ecosystem === 'PyPI' && normalizePackageName(entry.package.name ?? '') === wanted);
}

function toAdvisory(body: OsvVulnBody, packageName: string): Advisory {
  const affected = affectedOf(body, packageName);
  const cwes = [
    ...(body.database_specific?.cwe_ids ?? []),
    ...body.affected.flatMap((entry) => (entry.database_specific?.cwes ?? []).map((cwe) => cwe.cweId ?? '')),
  ];
  return {
    id: body.id,
    aliases: [...new Set(body.aliases.filter((alias) => alias !== body.id))],
    summary: summaryOf(body.summary, body.details),
    severity: severityOf(body.severity, body.database_specific?.severity),
    fixedIn: fixedVersions(body, packageName),
    published: body.published ?? null,
    modified: body.modified ?? null,
    withdrawn: body.withdrawn ?? null,
    malicious: marksMaliciousCode(body.id, body.aliases, cwes),
    affectedVersions: sortVersions(affected.flatMap((entry) => entry.versions)),
    openRange: affected.some((entry) =>
      entry.ranges.some((range) => range.type === 'ECOSYSTEM' && !range.events.some((e) => e.fixed || e.last_affected || e.limit)),
    ),
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

/** PyPI's advisory list describes the viewed version only, without severity: that is in OSV's record. */
function fromPypi(vuln: PypiVulnerability): Advisory {
  return {
    id: vuln.id,
    aliases: vuln.aliases.filter((alias) => alias !== vuln.id),
    summary: summaryOf(vuln.summary ?? undefined, undefined),
    severity: { band: 'unknown', score: null, vector: null, source: 'unread' },
    fixedIn: sortVersions(vuln.fixedIn),
    published: null,
    modified: null,
    withdrawn: vuln.withdrawn,
    malicious: marksMaliciousCode(vuln.id, vuln.aliases, []),
    affectedVersions: [],
    openRange: false,
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
      affectedVersions: sortVersions(members.flatMap((m) => m.affectedVersions)),
      openRange: members.some((m) => m.openRange),
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
  const calculator = loadSeverityCalculator();
  for (let page = 0; page < MAX_QUERY_PAGES; page++) {
    const body = pageToken ? { ...query, page_token: pageToken } : query;
    const result = await http.postJson(`${OSV_API}/v1/query`, body, OsvQueryBody, { ttlMs: OSV_TTL_MS });
    if (!result.ok) return { ok: false, error: result.error };
    await calculator;
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

/** What the Advisories section adds to OSV's two answers, each fetched apart. */
export type AdvisoryExtras = {
  /** Full records of PyPI-listed ids that OSV's answers lack (`pypiOnlyIds`): their severity. */
  pypiRecords?: Advisory[];
  /** OSV's malicious-code records for the name at any version (osv-batch's `fetchMaliciousHistory`). */
  history?: Section<Advisory[]> | null;
  /** When PyPI's JSON (with its advisory feed) was fetched: given, an OSV failure still yields PyPI's own list. */
  pypiFeedAt?: string;
};

/** The ids PyPI lists for the viewed version that no advisory in OSV's answers (or `known`) names, by id or alias. */
export function pypiOnlyIds(answers: OsvAnswers, pypiVulns: PypiVulnerability[], known: Advisory[] = []): string[] {
  const named = new Set<string>();
  const listed = [answers.viewed, answers.latest].flatMap((answer) => (answer?.ok ? answer.data : []));
  for (const a of [...listed, ...known]) [a.id, ...a.aliases].forEach((name) => named.add(name));
  return pypiVulns
    .filter((v) => OSV_ID.test(v.id) && ![v.id, ...v.aliases].some((name) => named.has(name)))
    .slice(0, MAX_PYPI_ONLY_RECORDS)
    .map((v) => v.id);
}

/** GET /v1/vulns/<id> for `pypiOnlyIds`: an advisory PyPI lists gets its severity from its record. */
export async function fetchPypiOnlyRecords(
  http: Http,
  name: string,
  answers: OsvAnswers,
  pypiVulns: PypiVulnerability[],
  known: Advisory[] = [],
): Promise<Advisory[]> {
  const ids = pypiOnlyIds(answers, pypiVulns, known);
  return ids.length === 0 ? [] : fetchOsvVulns(http, ids, name);
}

/** The Advisories section from OSV's answers and PyPI's own advisories for the viewed version. */
export function advisoryFacts(answers: OsvAnswers, pypiVulns: PypiVulnerability[], extras: AdvisoryExtras = {}): Section<AdvisoryFacts> {
  const { viewedVersion, latestVersion, viewed, latest } = answers;
  const askLatest = latestVersion !== null && latestVersion !== viewedVersion;
  if (!viewed.ok) {
    if (extras.pypiFeedAt === undefined) return { state: 'error', error: viewed.error };
    // One failed upstream never blanks a section that another source can fill: PyPI's feed still names what
    // affects this release; the section and the verdict say OSV was not asked.
    const advisories = mergePypiVulnerabilities([], pypiVulns, { viewed: viewedVersion, latest: latestVersion });
    const data: AdvisoryFacts = {
      viewedVersion,
      latestVersion,
      advisories,
      osv: { state: 'error', kind: viewed.error.kind, message: viewed.error.message },
    };
    return { state: 'ok', data, fetchedAt: extras.pypiFeedAt, fromCache: false };
  }

  const fromViewed = viewed.data.map((a) => ({ ...a, affectsViewed: true, affectsLatest: latestVersion === viewedVersion }));
  const fromLatest = latest?.ok ? latest.data.map((a) => ({ ...a, affectsLatest: true })) : [];
  if (askLatest && latest !== null && !latest.ok) {
    // OSV did not answer for the latest version: judge it from the fixed versions instead.
    for (const advisory of fromViewed) advisory.affectsLatest = probablyAffects(advisory, viewedVersion, latestVersion);
  }
  // PyPI says these affect the viewed version; the latest is judged as for PyPI's own entries.
  const fromRecords = (extras.pypiRecords ?? []).map((a) => ({
    ...a,
    affectsViewed: true,
    affectsLatest: latestVersion !== null && (latestVersion === viewedVersion || probablyAffects(a, viewedVersion, latestVersion)),
  }));
  // A record for another version says only what it names.
  const history = extras.history?.state === 'ok' ? extras.history.data : [];
  const fromHistory = history.map((a) => ({
    ...a,
    affectsViewed: a.affectedVersions.includes(viewedVersion),
    affectsLatest: latestVersion !== null && a.affectedVersions.includes(latestVersion),
  }));
  const advisories = mergePypiVulnerabilities([...fromViewed, ...fromLatest, ...fromRecords, ...fromHistory], pypiVulns, {
    viewed: viewedVersion,
    latest: latestVersion,
  });
  const fetchedAt = latest?.ok && latest.fetchedAt < viewed.fetchedAt ? latest.fetchedAt : viewed.fetchedAt;
  const fromCache = viewed.fromCache && (latest === null || !latest.ok || latest.fromCache);
  const data: AdvisoryFacts = { viewedVersion, latestVersion, advisories };
  if (extras.history?.state === 'ok') data.otherVersions = { state: 'ok' };
  if (extras.history?.state === 'error') data.otherVersions = { state: 'error', message: extras.history.error.message };
  return { state: 'ok', data, fetchedAt, fromCache };
}

/** OSV's answers and the records of PyPI's advisories they lack, as one section (without the history). */
export async function fetchAdvisories(
  http: Http,
  name: string,
  viewedVersion: string,
  latestVersion: string | null,
  pypiVulns: PypiVulnerability[],
): Promise<Section<AdvisoryFacts>> {
  const answers = await queryAdvisories(http, name, viewedVersion, latestVersion);
  const pypiRecords = answers.viewed.ok ? await fetchPypiOnlyRecords(http, name, answers, pypiVulns) : [];
  return advisoryFacts(answers, pypiVulns, { pypiRecords });
}

/** GET /v1/vulns/<id>: one full record, e.g. for ids a querybatch answer only names. */
export async function fetchOsvVuln(http: Http, id: string, packageName: string): Promise<Section<Advisory>> {
  if (!OSV_ID.test(id)) return { state: 'error', error: sourceError('malformed', 'Not an OSV id') };
  const calculator = loadSeverityCalculator();
  const result = await http.getJson(`${OSV_API}/v1/vulns/${encodeURIComponent(id)}`, OsvVulnBody, { ttlMs: OSV_TTL_MS });
  if (!result.ok) return { state: 'error', error: result.error };
  await calculator;
  return { state: 'ok', data: toAdvisory(result.data, packageName), fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

/** Full records for many ids, each asked once; ids OSV could not give are left out. */
export async function fetchOsvVulns(http: Http, ids: string[], packageName: string): Promise<Advisory[]> {
  const sections = await Promise.all([...new Set(ids)].map((id) => fetchOsvVuln(http, id, packageName)));
  return sections.flatMap((section) => (section.state === 'ok' ? [section.data] : []));
}
