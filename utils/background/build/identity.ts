// The identity facts of a report: is the name a look-alike of a popular one (typosquat), did its
// owners change since this browser last looked, and does its repository build it (starjacking).
// Called by report-builder; network only through Http, memory only through the ownership store.
import type { IdentityFacts, ReleaseFacts, RepositoryClaimants, RepositoryLink, RepositoryVerification, Section, StarjackingFacts } from '../../contract/report';
import type { OwnershipMemory } from '../ownership-memory';
import type { TopListLoader } from '../top-list';
import { checkTyposquat } from '../../analysis/typosquat';
import { judgeStarjacking, skippedStarjacking } from '../../analysis/starjacking';
import { normalizePackageName } from '../../lib/package-name';
import type { Settings } from '../../contract/settings';
import { fetchRepositoryClaimants } from '../../sources/deps-dev';
import { type BuildFile, fetchBuildFiles } from '../../sources/github-raw';
import type { Http } from '../../sources/http/client';
import { fetchReleaseFacts } from '../../sources/pypi-json';

export type IdentityDeps = { topList: TopListLoader; ownership: OwnershipMemory };

export async function buildIdentity(
  identity: IdentityDeps,
  name: string,
  releases: Section<ReleaseFacts>,
  nowIso: string,
): Promise<Section<IdentityFacts>> {
  const top = await identity.topList();
  const facts = releases.state === 'ok' ? releases.data : null;
  const ownership = facts?.ownership
    ? await identity.ownership.visit(normalizePackageName(name), facts.ownership, facts.releases, nowIso).catch(() => null)
    : null;
  return {
    state: 'ok',
    data: { topList: top.status, typosquat: top.index ? checkTyposquat(name, top.index) : null, ownership },
    fetchedAt: nowIso,
    fromCache: false,
  };
}

/** Started as soon as the link is known (no waterfall); judged once verification is known. */
export function startBuildFiles(http: Http, settings: Settings, link: RepositoryLink | null): Promise<BuildFile[]> | null {
  if (!link || link.host !== 'github' || !link.owner || !link.name || !settings.sources.github) return null;
  return fetchBuildFiles(http, link.owner, link.name, link.subPath);
}

export async function judgeRepositoryBuild(
  http: Http,
  packageName: string,
  link: RepositoryLink | null,
  verification: RepositoryVerification,
  files: Promise<BuildFile[]> | null,
): Promise<StarjackingFacts | null> {
  if (!link) return null;
  if (verification.status === 'verified') return skippedStarjacking('The link is verified by provenance: the repository provably built this package');
  if (!files) return skippedStarjacking(link.host === 'github' ? 'GitHub is turned off in settings' : 'Build files are read from GitHub repositories only');
  const facts = judgeStarjacking({ packageName, files: await files, subPath: link.subPath });
  if (facts.state !== 'mismatch' || !facts.declaredName) return facts;
  // The package the repository does build: its age shows the classic shape (a new name on an old repository).
  const declared = await fetchReleaseFacts(http, facts.declaredName);
  const declaredPackage =
    declared.state === 'ok'
      ? { name: declared.data.displayName, firstUploadAt: declared.data.firstUploadAt, url: declared.data.projectUrl }
      : null;
  return { ...facts, declaredPackage };
}

/** Other PyPI packages deps.dev maps to the repository, without this one. */
export async function otherClaimants(
  http: Http,
  settings: Settings,
  projectKey: string | null,
  packageName: string,
): Promise<Section<RepositoryClaimants> | null> {
  if (!projectKey) return null;
  if (!settings.sources.depsDev) return { state: 'disabled' };
  const section = await fetchRepositoryClaimants(http, projectKey);
  if (section.state !== 'ok') return section;
  const own = normalizePackageName(packageName);
  return { ...section, data: { ...section.data, packages: section.data.packages.filter((p) => p.name !== own) } };
}
