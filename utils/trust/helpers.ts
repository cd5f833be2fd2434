// Small pure helpers shared by the rules: evidence that is always https, durations from ctx.now.
import type { Advisory, Evidence, Finding, GithubRepo, Level, Section } from '../contract/report';
import { safeHttpsUrl } from '../lib/safe-url';
import { compareVersions, isPrerelease, sortVersions } from '../lib/versions';
import type { TrustInput } from './types';
import { plural } from '../lib/words';
import { DAY_MS, HOUR_MS } from '../lib/time';

/** The data of a section that loaded; rules skip sections that did not (the verdict reports those). */
export function okData<T>(section: Section<T> | null | undefined): T | null {
  return section?.state === 'ok' ? section.data : null;
}

/** The PyPI project page: the evidence of last resort, always available. */
export function projectPage(input: TrustInput): Evidence {
  const fromReleases = okData(input.releases)?.projectUrl;
  const built = `https://pypi.org/project/${encodeURIComponent(input.package.normalizedName || input.package.name)}/`;
  // Normalised by safeHttpsUrl like every other evidence URL ("." segments and all).
  const url = safeHttpsUrl(fromReleases) ?? safeHttpsUrl(built) ?? 'https://pypi.org/';
  return { label: 'Project on PyPI', url };
}

export function versionPage(input: TrustInput, version: string): Evidence {
  const base = projectPage(input).url;
  return { label: `${version} on PyPI`, url: `${base}${encodeURIComponent(version)}/` };
}

/** Builds a finding whose evidence is only https URLs, falling back to the project page. */
export function finding(
  input: TrustInput,
  rule: string,
  level: Level,
  title: string,
  detail: string,
  evidence: (Evidence | null)[],
): Finding {
  const seen = new Set<string>();
  const safe: Evidence[] = [];
  for (const item of evidence) {
    const url = item ? safeHttpsUrl(item.url) : null;
    if (!item || !url || seen.has(url)) continue;
    seen.add(url);
    safe.push({ label: item.label.trim() || url, url });
  }
  if (safe.length === 0) safe.push(projectPage(input));
  return { rule, level, title, detail, evidence: safe };
}

/** Milliseconds from `from` to `to`; null when either is not a date. */
function elapsedMs(from: string, to: string): number | null {
  const start = Date.parse(from);
  const end = Date.parse(to);
  return Number.isNaN(start) || Number.isNaN(end) ? null : end - start;
}

export function hoursBetween(from: string, to: string): number | null {
  const ms = elapsedMs(from, to);
  return ms === null ? null : ms / HOUR_MS;
}

export function daysBetween(from: string, to: string): number | null {
  const ms = elapsedMs(from, to);
  return ms === null ? null : ms / DAY_MS;
}

/** "5 hours", "3 days", "2 years": coarse on purpose, the exact date is in the detail. */
export function describeDuration(hours: number): string {
  const h = Math.max(0, hours);
  if (h < 1) return 'less than an hour';
  if (h < 48) return plural(Math.floor(h), 'hour');
  const days = Math.floor(h / 24);
  if (days < 60) return plural(days, 'day');
  if (days < 730) return plural(Math.floor(days / 30.44), 'month');
  return plural(Math.floor(days / 365.25), 'year');
}

/** YYYY-MM-DD of an ISO timestamp, or the text as is when it is not one. */
export function day(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 10);
}

export function githubUrl(fullName: string): string {
  return `https://github.com/${fullName.split('/').map(encodeURIComponent).join('/')}`;
}

// ---------------------------------------------------------------- advisories

/** Withdrawn advisories were retracted; malicious ones have their own rule. */
export function isOpenAdvisory(advisory: Advisory): boolean {
  return advisory.withdrawn === null && !isMalicious(advisory);
}

export function isMalicious(advisory: Advisory): boolean {
  return advisory.malicious || advisory.id.startsWith('MAL-');
}

export function isSevere(advisory: Advisory): boolean {
  return advisory.severity.band === 'critical' || advisory.severity.band === 'high';
}

/** The lowest fixed-in version above `version` (PEP 440), or null when no release fixes it yet. */
export function lowestFixAbove(advisory: Advisory, version: string): string | null {
  const fixes = [...advisory.fixedIn].sort(compareVersions);
  return fixes.find((fix) => compareVersions(fix, version) > 0) ?? null;
}

export type UpgradeTarget = { version: string; prerelease: boolean };

/**
 * The release to move to: the lowest that fixes every advisory with a fix — a final release when
 * one does (a fix in 22.4.0rc1 holds in 22.4.0 too), a pre-release only when no final one is known.
 * `releases`: the project's installable versions, when known.
 */
export function upgradeTarget(advisories: Advisory[], version: string, releases: readonly string[] = []): UpgradeTarget | null {
  const fixes = advisories.map((a) => lowestFixAbove(a, version)).filter((v): v is string => v !== null);
  const floor = sortVersions(fixes).at(-1);
  if (floor === undefined) return null;
  if (!isPrerelease(floor)) return { version: floor, prerelease: false };
  const finals = [...advisories.flatMap((a) => a.fixedIn), ...releases].filter((v) => !isPrerelease(v) && compareVersions(v, floor) > 0);
  const final = sortVersions(finals)[0];
  return final === undefined ? { version: floor, prerelease: true } : { version: final, prerelease: false };
}

/** "≥ 22.4.0", or "≥ 22.4.0rc1 (a pre-release: no final release fixes it yet)". */
export function describeTarget(target: UpgradeTarget, advisoryCount = 1): string {
  return target.prerelease
    ? `≥ ${target.version} (a pre-release: no final release fixes ${advisoryCount === 1 ? 'it' : 'them'} yet)`
    : `≥ ${target.version}`;
}

/** "GHSA-… (CVE-…): summary — high severity, fixed in 3.13.3" */
export function describeAdvisory(advisory: Advisory, version: string): string {
  const aliases = advisory.aliases.length > 0 ? ` (${advisory.aliases.join(', ')})` : '';
  const summary = advisory.summary ? `: ${advisory.summary}` : '';
  const band = advisory.severity.band;
  const severity =
    band === 'unknown' ? (advisory.severity.source === 'unread' ? 'severity not read' : 'severity not rated') : `${band} severity`;
  const fix = upgradeTarget([advisory], version);
  const fixText = fix ? `fixed in ${fix.version}${fix.prerelease ? ' (a pre-release)' : ''}` : 'no fixed release yet';
  return `${advisory.id}${aliases}${summary} — ${severity}, ${fixText}`;
}

export function advisoryEvidence(advisory: Advisory): Evidence {
  return { label: `${advisory.id} on osv.dev`, url: advisory.url };
}

// ---------------------------------------------------------------- repository

/** GitHub's view of the linked repository, when the repository section and its GitHub part loaded. */
export function githubRepo(input: TrustInput): GithubRepo | null {
  return okData(okData(input.repository)?.github);
}

export function repositoryEvidence(repo: GithubRepo): Evidence {
  return { label: `${repo.fullName} on GitHub`, url: repo.htmlUrl };
}
