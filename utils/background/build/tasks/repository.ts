// The Repository section: the link PyPI's metadata (or, ahead of it, the page) names, GitHub's and deps.dev's
// facts about it, the build files it holds (starjacking) and the other packages that claim it; verified
// once the attestations are in. Every fetch here needs only the link, so the page's links start them.
import type {
  BuildFile,
  RepositoryClaimants,
  RepositoryFacts,
  RepositoryLink,
  RepositoryVerification,
  Section,
  StarjackingFacts,
} from '../../../contract/report';
import { normalizePackageName } from '../../../lib/package-name';
import { verifiedRepositories } from '../../../analysis/provenance/claim';
import { resolveRepository, verifyRepository } from '../../../analysis/repository';
import { judgeStarjacking, skippedStarjacking } from '../../../analysis/starjacking';
import { depsDevProjectKey, fetchDepsDevProject, fetchDepsDevVersion, fetchRepositoryClaimants } from '../../../sources/deps-dev';
import { fetchGithubRepo } from '../../../sources/github';
import { fetchBuildFiles } from '../../../sources/github-raw';
import type { Http } from '../../../sources/http';
import { fetchReleaseFacts } from '../../../sources/pypi-json';
import { DISABLED } from '../graph';
import { type BuildContext, dependsOn, type ReportFacts, releasesError, task } from '../facts';

type GithubLink = RepositoryLink & { owner: string; name: string };
const onGithub = (link: RepositoryLink | null): link is GithubLink => link?.host === 'github' && link.owner !== null && link.name !== null;
const projectKey = (link: RepositoryLink | null) => (link ? depsDevProjectKey(link) : null);

export const linkTask = task({
  id: 'link',
  needs: ['releases'],
  hinted: ({ hints }) => {
    const shown = hints();
    return shown ? resolveRepository(shown.projectLinks ?? [], null).link : undefined;
  },
  run: ({ releases }) => (releases.state === 'ok' ? resolveRepository(releases.data.projectLinks, releases.data.homePage).link : null),
});

export const githubTask = task({
  id: 'github',
  needs: ['link'],
  enabled: ({ settings }) => settings.sources.github,
  whenOff: ({ link }) => (onGithub(link) ? DISABLED : null),
  run: ({ link }, { http, settings }) =>
    onGithub(link) ? fetchGithubRepo(http, link.owner, link.name, settings.githubToken ?? undefined) : null,
});

export const buildFilesTask = task({
  id: 'buildFiles',
  needs: ['link'],
  enabled: ({ settings }) => settings.sources.github,
  whenOff: () => null,
  run: ({ link }, { http }) => (onGithub(link) ? fetchBuildFiles(http, link.owner, link.name, link.subPath) : null),
});

export const depsDevVersionTask = task({
  id: 'depsDevVersion',
  needs: ['projectName', 'version'],
  enabled: ({ settings }) => settings.sources.depsDev,
  run: ({ projectName, version }, { http }) => (version ? fetchDepsDevVersion(http, projectName, version) : null),
});

export const depsDevProjectTask = task({
  id: 'depsDevProject',
  needs: ['link'],
  enabled: ({ settings }) => settings.sources.depsDev,
  whenOff: ({ link }) => (projectKey(link) ? DISABLED : null),
  run: ({ link }, { http }) => {
    const key = projectKey(link);
    return key ? fetchDepsDevProject(http, key) : null;
  },
});

/** Other PyPI packages deps.dev maps to the repository, without this one. */
export const claimantsTask = task({
  id: 'claimants',
  needs: ['link', 'projectName'],
  enabled: ({ settings }) => settings.sources.depsDev,
  whenOff: ({ link }) => (projectKey(link) ? DISABLED : null),
  run: async ({ link, projectName }, { http }): Promise<Section<RepositoryClaimants> | null> => {
    const key = projectKey(link);
    if (!key) return null;
    const section = await fetchRepositoryClaimants(http, key);
    if (section.state !== 'ok') return section;
    const own = normalizePackageName(projectName);
    return { ...section, data: { ...section.data, packages: section.data.packages.filter((p) => p.name !== own) } };
  },
});

/** Does the repository build this package? Skipped when provenance already proves it did. */
async function judgeRepositoryBuild(
  http: Http,
  packageName: string,
  link: RepositoryLink | null,
  verification: RepositoryVerification,
  files: BuildFile[] | null,
): Promise<StarjackingFacts | null> {
  if (!link) return null;
  if (verification.status === 'verified')
    return skippedStarjacking('The link is verified by provenance: the repository provably built this package');
  if (!files)
    return skippedStarjacking(
      link.host === 'github' ? 'GitHub is turned off in settings' : 'Build files are read from GitHub repositories only',
    );
  const facts = judgeStarjacking({ packageName, files, subPath: link.subPath });
  if (facts.state !== 'mismatch' || !facts.declaredName) return facts;
  // The package the repository does build: its age shows the classic shape (a new name on an old repository).
  const declared = await fetchReleaseFacts(http, facts.declaredName);
  const declaredPackage =
    declared.state === 'ok'
      ? { name: declared.data.displayName, firstUploadAt: declared.data.firstUploadAt, url: declared.data.projectUrl }
      : null;
  return { ...facts, declaredPackage };
}

const REPOSITORY_NEEDS = ['releases', 'link', 'github', 'buildFiles', 'depsDevVersion', 'depsDevProject', 'claimants', 'hints'] as const;
type RepositoryInputs = Pick<ReportFacts, (typeof REPOSITORY_NEEDS)[number]>;

/**
 * The Repository section, verified by the repositories read from verified attestation certificates (PyPI's
 * publisher JSON is unsigned). `pending`: the attestations are not in yet (the early answer).
 */
async function repositorySection(
  inputs: RepositoryInputs,
  ctx: BuildContext,
  attestationRepositories: string[],
  pending: boolean,
): Promise<Section<RepositoryFacts>> {
  const { releases, link, github, buildFiles, depsDevVersion, depsDevProject, claimants, hints } = inputs;
  if (releases.state !== 'ok') return dependsOn(releasesError(releases));
  const depsDev = depsDevVersion ?? DISABLED;
  const verified = verifyRepository(link, {
    attestationRepositories,
    depsDev: depsDev.state === 'ok' ? depsDev.data : null,
    pageVerifiedUrls: hints?.verifiedUrls ?? [],
  });
  const verification = pending ? { ...verified, pending: 'attestations' as const } : verified;
  const { candidates } = resolveRepository(releases.data.projectLinks, releases.data.homePage);
  const starjacking = await judgeRepositoryBuild(ctx.http, releases.data.displayName, link, verified, buildFiles);
  return {
    state: 'ok',
    data: { link, candidates, verification, github, depsDevProject, depsDevVersion: depsDev, starjacking, otherClaimants: claimants },
    fetchedAt: releases.fetchedAt,
    fromCache: releases.fromCache && [github, depsDevProject].every((s) => s === null || s.state !== 'ok' || s.fromCache),
  };
}

export const repositoryPendingTask = task({
  id: 'repositoryPending',
  needs: REPOSITORY_NEEDS,
  run: (inputs, ctx) => repositorySection(inputs, ctx, [], ctx.settings.sources.provenance),
});

export const repositoryTask = task({
  id: 'repository',
  needs: [...REPOSITORY_NEEDS, 'attestations'],
  run: ({ attestations, ...inputs }, ctx) => repositorySection(inputs, ctx, verifiedRepositories(attestations), false),
});
