// Builds a Report: every source asked in parallel, and only data that truly depends on other data
// waits (GitHub and deps.dev's project wait for the repository URL; Integrity waits for the file
// list). Version-keyed requests start at once from the version the page shows (a hint), so a
// project page does not wait for PyPI JSON before asking OSV; the in-flight de-duplication of
// Http makes the later "real" call reuse that request.
import type { EarlyReport, PageHints, Report, ReportPackage, Section, SourceError } from '../../contract/report';
import type { AdvisoryFacts, BadgeSummary, CodeFacts, ProvenanceFacts, ReleaseFacts, RepositoryFacts } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import type { Settings } from '../../contract/settings';
import { fetchDepsDevProject, fetchDepsDevVersion, depsDevProjectKey } from '../../sources/deps-dev';
import { fetchGithubRepo } from '../../sources/github';
import type { Http } from '../../sources/http/client';
import { fetchAdvisories } from '../../sources/osv';
import { fetchBatchSummary } from '../../sources/osv-batch';
import { fetchProvenance } from '../../sources/pypi-integrity';
import { fetchReleaseFacts } from '../../sources/pypi-json';
import { fetchSimpleIndex } from '../../sources/pypi-simple';
import { scanReleaseCode } from '../../sources/files';
import { resolveRepository, verifyRepository } from '../../analysis/repository';
import { judgeBadge } from '../../trust/badge';
import { judge } from '../../trust';
import { applyClaimedRepository, verifiedRepositories } from '../../analysis/provenance/claim';
import { buildIdentity, type IdentityDeps, judgeRepositoryBuild, otherClaimants, startBuildFiles } from './identity';

export type BuildDeps = {
  http: Http;
  settings: Settings;
  now: () => number;
  /** The typosquat list and ownership memory (the background's); without them a report has no identity section. */
  identity?: IdentityDeps;
};
export type ReportRequest = {
  name: string;
  version?: string;
  /**
   * What only the page shows. A promise when the build starts before the page is parsed (the content
   * script's prefetch at document_start): requests that need nothing from the page start at once, and
   * only the repository's verification waits for the hints.
   */
  pageHints?: PageHints | Promise<PageHints | undefined>;
  /**
   * Install-time code checks. 'start' begins downloading and scanning but returns without them (the
   * verdict never waits for archives); 'wait' includes them (the scanCode message). Absent: no scan.
   */
  code?: { mode: 'start' | 'wait'; allowLarge?: boolean };
};

const DISABLED = { state: 'disabled' } as const;

export async function buildReport(deps: BuildDeps, request: ReportRequest): Promise<Report> {
  return buildReportStages(deps, request).report;
}

export type ReportStages = {
  /** Repository, releases and advisories, as soon as they are final (see EarlyReport); null when the whole report is as near. */
  early: Promise<EarlyReport | null>;
  report: Promise<Report>;
};

/** One build, two answers: the early sections and the whole report (the second never waits for the first). */
export function buildReportStages(deps: BuildDeps, request: ReportRequest): ReportStages {
  const { http, settings } = deps;
  const { sources } = settings;
  const name = request.name;
  const hintsP = Promise.resolve(request.pageHints);
  const hintedVersion = request.version ?? (request.pageHints instanceof Promise ? undefined : request.pageHints?.shownVersion);

  // Start everything that needs nothing but the name, then what the page's hints allow.
  const releasesP = fetchReleaseFacts(http, name, request.version);
  const simpleP = sources.provenance ? fetchSimpleIndex(http, name) : null;
  // The typosquat list needs neither PyPI nor the page: load it with the first requests.
  void deps.identity?.topList().catch(() => undefined);
  void hintsP.then((hints) => startFromHints(deps, name, request.version, hints)).catch(() => undefined);

  const releasedP = releasesP.then((releases) => {
    const viewedVersion = releases.state === 'ok' ? releases.data.viewedVersion : (request.version ?? hintedVersion ?? '');
    const latestVersion = releases.state === 'ok' ? releases.data.latestVersion : null;
    const pkg: ReportPackage = {
      name: releases.state === 'ok' ? releases.data.displayName : name,
      normalizedName: normalizePackageName(name),
      viewedVersion,
      latestVersion,
    };
    return { releases, viewedVersion, latestVersion, pkg };
  });

  const advisoriesP: Promise<Section<AdvisoryFacts>> = releasedP.then(({ releases, viewedVersion, latestVersion }) =>
    !sources.osv
      ? DISABLED
      : releases.state === 'ok'
        ? fetchAdvisories(http, name, viewedVersion, latestVersion, releases.data.vulnerabilities)
        : dependsOn(releases.state === 'error' ? releases.error : null),
  );

  let provenanceSettled = false;
  const provenanceP: Promise<Section<ProvenanceFacts>> = (async () => {
    if (!simpleP) return DISABLED;
    const [simple, { releases, viewedVersion }] = await Promise.all([simpleP, releasedP]);
    if (simple.state !== 'ok') return simple;
    if (!viewedVersion) return dependsOn(releases.state === 'error' ? releases.error : null);
    return fetchProvenance(http, name, viewedVersion, simple);
  })().finally(() => (provenanceSettled = true));

  const baseP = releasedP.then(({ releases, viewedVersion }) => repositoryBase(deps, releases, viewedVersion, hintsP));
  const repositoryP = baseP.then(async (base) => finishRepository(deps, base, verifiedRepositories(await provenanceP), false));

  const early: Promise<EarlyReport | null> = (async () => {
    const [{ pkg, releases }, advisories, base] = await Promise.all([releasedP, advisoriesP, baseP]);
    // Provenance already in (no attestations, or a fast Integrity): the whole report follows at once, and an
    // early answer would only cost the page a render in front of the badge's.
    if (provenanceSettled) return null;
    const repository = await finishRepository(deps, base, [], sources.provenance);
    return { package: pkg, releases, repository, advisories, generatedAt: new Date(deps.now()).toISOString() };
  })();
  early.catch(() => undefined);

  const report = (async (): Promise<Report> => {
    const { releases, viewedVersion, pkg } = await releasedP;
    const identityP = deps.identity ? buildIdentity(deps.identity, name, releases, new Date(deps.now()).toISOString()) : null;
    const codeP = codeBranch(deps, request, releases, viewedVersion);
    const [repository, advisories, verifiedProvenance, identity, code] = await Promise.all([repositoryP, advisoriesP, provenanceP, identityP, codeP]);
    // Verified, but from another repository than the project links: known only once both are in.
    const provenance = applyClaimedRepository(verifiedProvenance, repository);
    const input = { package: pkg, releases, repository, advisories, provenance, ...(identity ? { identity } : {}), ...(code ? { code } : {}) };
    const nowIso = new Date(deps.now()).toISOString();
    const { findings, verdict } = judge(input, { now: nowIso });
    return { ...input, findings, verdict, generatedAt: nowIso };
  })();
  return { early, report };
}

/**
 * The install-time code checks added to a report already built for this page view (the scanCode message
 * after getReport): only the archives are downloaded; nothing the report holds is asked again.
 */
export async function addCodeScan(deps: BuildDeps, report: Report, request: { name: string; allowLarge: boolean }): Promise<Report> {
  const codeP = codeBranch(deps, { name: request.name, code: { mode: 'wait', allowLarge: request.allowLarge } }, report.releases, report.package.viewedVersion);
  if (!codeP) return report;
  const { findings: _findings, verdict: _verdict, generatedAt: _generatedAt, ...facts } = report;
  const input = { ...facts, code: await codeP };
  const nowIso = new Date(deps.now()).toISOString();
  const { findings, verdict } = judge(input, { now: nowIso });
  return { ...input, findings, verdict, generatedAt: nowIso };
}

type RepositoryBase =
  | { state: 'not-ok'; section: Section<RepositoryFacts> }
  | {
      state: 'ok';
      releases: Extract<Section<ReleaseFacts>, { state: 'ok' }>;
      link: ReturnType<typeof resolveRepository>['link'];
      candidates: ReturnType<typeof resolveRepository>['candidates'];
      github: RepositoryFacts['github'];
      depsDevVersion: NonNullable<RepositoryFacts['depsDevVersion']>;
      depsDevProject: RepositoryFacts['depsDevProject'];
      pageHints: PageHints | undefined;
      buildFiles: ReturnType<typeof startBuildFiles>;
      claimants: ReturnType<typeof otherClaimants>;
    };

/** Everything the Repository section needs except the verified attestations. */
async function repositoryBase(
  deps: BuildDeps,
  releases: Section<ReleaseFacts>,
  viewedVersion: string,
  pageHintsP: Promise<PageHints | undefined>,
): Promise<RepositoryBase> {
  if (releases.state !== 'ok') return { state: 'not-ok', section: dependsOn(releases.state === 'error' ? releases.error : null) };
  const { http, settings } = deps;
  const { link, candidates } = resolveRepository(releases.data.projectLinks, releases.data.homePage);
  const onGithub = link?.host === 'github' && link.owner !== null && link.name !== null;
  const projectKey = link ? depsDevProjectKey(link) : null;

  const buildFiles = startBuildFiles(http, settings, link);
  const claimants = otherClaimants(http, settings, projectKey, releases.data.displayName);
  claimants.catch(() => undefined);
  const [github, depsDevVersion, depsDevProject, pageHints] = await Promise.all([
    !onGithub ? null : settings.sources.github ? fetchGithubRepo(http, link.owner!, link.name!, settings.githubToken ?? undefined) : DISABLED,
    settings.sources.depsDev ? fetchDepsDevVersion(http, releases.data.displayName, viewedVersion) : DISABLED,
    !projectKey ? null : settings.sources.depsDev ? fetchDepsDevProject(http, projectKey) : DISABLED,
    pageHintsP,
  ]);
  return { state: 'ok', releases, link, candidates, github, depsDevVersion, depsDevProject, pageHints, buildFiles, claimants };
}

/**
 * The Repository section from its base and the repositories read from verified attestation certificates
 * (PyPI's publisher JSON is unsigned). `pending`: the attestations are not in yet (early report).
 */
async function finishRepository(
  deps: BuildDeps,
  base: RepositoryBase,
  attestationRepositories: string[],
  pending: boolean,
): Promise<Section<RepositoryFacts>> {
  if (base.state !== 'ok') return base.section;
  const { releases, link, candidates, github, depsDevVersion, depsDevProject, pageHints } = base;
  const verified = verifyRepository(link, {
    attestationRepositories,
    depsDev: depsDevVersion.state === 'ok' ? depsDevVersion.data : null,
    pageVerifiedUrls: pageHints?.verifiedUrls ?? [],
  });
  const verification = pending ? { ...verified, pending: 'attestations' as const } : verified;
  return {
    state: 'ok',
    data: {
      link,
      candidates,
      verification,
      github,
      depsDevProject,
      depsDevVersion,
      starjacking: await judgeRepositoryBuild(deps.http, releases.data.displayName, link, verified, base.buildFiles),
      otherClaimants: await base.claimants,
    },
    fetchedAt: releases.fetchedAt,
    fromCache: releases.fromCache && [github, depsDevProject].every((s) => s === null || s.state !== 'ok' || s.fromCache),
  };
}

/**
 * Requests the page's hints let us start before PyPI JSON answers (its version, its project links).
 * Only starts them: the builder's own calls, made with PyPI's data, reuse them in flight or cached.
 */
function startFromHints(deps: BuildDeps, name: string, version: string | undefined, hints: PageHints | undefined): void {
  if (!hints) return;
  const { http, settings } = deps;
  const { sources } = settings;
  const shown = version ?? hints.shownVersion;
  if (shown && sources.osv) void fetchAdvisories(http, name, shown, shown, []);
  if (shown && sources.depsDev) void fetchDepsDevVersion(http, name, shown);
  const { link } = resolveRepository(hints.projectLinks ?? [], null);
  if (!link) return;
  if (link.host === 'github' && link.owner && link.name && sources.github) {
    void fetchGithubRepo(http, link.owner, link.name, settings.githubToken ?? undefined);
  }
  void startBuildFiles(http, settings, link)?.catch(() => undefined);
  const projectKey = depsDevProjectKey(link);
  if (projectKey && sources.depsDev) {
    void fetchDepsDevProject(http, projectKey);
    void otherClaimants(http, settings, projectKey, name).catch(() => undefined);
  }
}

/** The install-time code scan, its own branch: awaited only when the request says 'wait'. */
function codeBranch(
  deps: BuildDeps,
  request: ReportRequest,
  releases: Section<ReleaseFacts>,
  viewedVersion: string,
): Promise<Section<CodeFacts>> | null {
  if (!request.code || !viewedVersion) return null;
  if (releases.state !== 'ok') {
    return request.code.mode === 'wait' ? Promise.resolve(dependsOn(releases.state === 'error' ? releases.error : null)) : null;
  }
  const scan = scanReleaseCode(
    deps.http,
    { name: request.name, version: viewedVersion, files: releases.data.files, allowLarge: request.code.allowLarge ?? false },
    deps.now,
  );
  return request.code.mode === 'wait' ? scan : null;
}

/** A section that could not be checked because what it needs (PyPI's data) is missing. */
function dependsOn(cause: SourceError | null): Section<never> {
  return {
    state: 'error',
    error: cause
      ? { ...cause, message: `Not checked: ${cause.message}` }
      : { kind: 'upstream', message: 'Not checked: PyPI data is missing' },
  };
}

/** Search badges: PyPI JSON per name (cached) and ONE OSV querybatch for all of them. */
export async function buildBadges(deps: BuildDeps, names: string[]): Promise<Record<string, BadgeSummary>> {
  const { http, settings } = deps;
  const unique = [...new Map(names.map((n) => [normalizePackageName(n), n])).values()];
  const releases = await Promise.all(unique.map((name) => fetchReleaseFacts(http, name)));
  const queries = unique.map((name, i) => {
    const section = releases[i]!;
    return { name, version: section.state === 'ok' ? (section.data.latestVersion ?? undefined) : undefined };
  });
  const batch = settings.sources.osv ? await fetchBatchSummary(http, queries) : DISABLED;
  const nowIso = new Date(deps.now()).toISOString();
  const badges: Record<string, BadgeSummary> = {};
  unique.forEach((name, i) => {
    const key = normalizePackageName(name);
    const advisories = batch.state === 'ok' ? (batch.data[key] ?? null) : null;
    badges[key] = judgeBadge({
      name,
      releases: releases[i]!,
      advisories: batch.state === 'ok' ? { state: 'ok', ids: advisories?.advisoryIds ?? [] } : batch.state === 'disabled' ? { state: 'disabled' } : { state: 'error', error: batch.error },
      now: nowIso,
    });
  });
  return badges;
}
