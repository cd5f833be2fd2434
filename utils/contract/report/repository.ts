// The repository section: the linked repository, how far the link is proven, and what GitHub and deps.dev say of it.
import type { Section } from './common';
import type { RepositoryClaimants, StarjackingFacts } from './identity';

export type RepositoryHost = 'github' | 'gitlab' | 'codeberg' | 'bitbucket' | 'sourcehut' | 'other';

export type RepositoryLink = {
  host: RepositoryHost;
  /** Canonical https URL of the repository (no sub-path, no .git). */
  url: string;
  /** owner/name for forge hosts, lower-cased where the host is case-insensitive (GitHub). */
  owner: string | null;
  name: string | null;
  /** Path inside the repository the project link pointed at (monorepos), e.g. "libs/core". */
  subPath: string | null;
  /** Where the link was found: a project_urls label or "home_page". */
  label: string;
};

/**
 * What bears on the link. `attestation` and `deps.dev` are evidence: either makes the status 'verified'. `page` is
 * pypi.org's sidebar marking the link verified: a hint only (a README can imitate the sidebar's markup), listed so
 * the reader knows, never enough for 'verified'.
 */
export type VerificationEvidence =
  | { kind: 'attestation'; detail: string; url: string }
  | { kind: 'deps.dev'; detail: string; url: string }
  | { kind: 'page'; detail: string; url: string };

export type RepositoryVerification = {
  /** 'verified' only on attestation or deps.dev evidence, never on the page's hint alone. */
  status: 'verified' | 'claimed';
  evidence: VerificationEvidence[];
  /**
   * Only in an early report: the verified attestations (which may verify the link) are not in yet. The
   * final report never carries it.
   */
  pending?: 'attestations';
};

export type GithubRepo = {
  fullName: string;
  htmlUrl: string;
  description: string | null;
  stars: number;
  forks: number;
  openIssues: number;
  pushedAt: string | null;
  createdAt: string | null;
  archived: boolean;
  disabled: boolean;
  isFork: boolean;
  parentFullName: string | null;
  defaultBranch: string | null;
  /** Set when the requested owner/name redirected to another (renamed or transferred). */
  renamedFrom: string | null;
};

export type ScorecardCheck = { name: string; score: number | null; reason: string | null; url: string | null };

export type DepsDevProject = {
  projectKey: string;
  stars: number | null;
  forks: number | null;
  openIssues: number | null;
  scorecard: { score: number; date: string | null; checks: ScorecardCheck[] } | null;
  url: string;
};

/** What deps.dev says about one package version. */
export type DepsDevVersion = {
  relatedProjects: { projectKey: string; relation: string; provenance: 'verified' | 'claimed' | 'unknown' }[];
  attestationCount: number;
  advisoryKeys: string[];
  url: string;
};

export type RepositoryFacts = {
  /** The repository we judge, or null when the project links none. */
  link: RepositoryLink | null;
  /** Every repository-looking link found, including non-GitHub hosts. */
  candidates: RepositoryLink[];
  verification: RepositoryVerification;
  /** GitHub's view; null when the link is not on GitHub. */
  github: Section<GithubRepo> | null;
  /** deps.dev's view of the repository (stars fallback, Scorecard); null when not applicable. */
  depsDevProject: Section<DepsDevProject> | null;
  depsDevVersion: Section<DepsDevVersion> | null;
  /** Does the linked repository build this package? null when there is nothing to check. */
  starjacking?: StarjackingFacts | null;
  /** Other PyPI packages deps.dev maps to the same repository; null when not applicable. */
  otherClaimants?: Section<RepositoryClaimants> | null;
};
