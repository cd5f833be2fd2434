// The releases section: a project's releases and the viewed version's files, from PyPI JSON.

export type ReleaseInfo = {
  version: string;
  /** Earliest upload time of the release's files (ISO), null when the release has no files. */
  uploadedAt: string | null;
  fileCount: number;
  /** A release is yanked when all of its files are (PEP 592); the reason of the first yanked file. */
  yanked: boolean;
  yankedReason: string | null;
  isPrerelease: boolean;
};

export type DistributionFile = {
  filename: string;
  url: string;
  packageType: 'sdist' | 'bdist_wheel' | 'other';
  sha256: string | null;
  size: number | null;
  uploadedAt: string | null;
  yanked: boolean;
};

/** An advisory as PyPI's JSON API lists it for one version (PyPI's own OSV feed). */
export type PypiVulnerability = {
  id: string;
  aliases: string[];
  summary: string | null;
  fixedIn: string[];
  url: string | null;
  withdrawn: string | null;
};

export type ProjectLink = { label: string; url: string };

export type Ownership = {
  organization: string | null;
  roles: { role: string; user: string }[];
};

export type ReleaseFacts = {
  /** https://pypi.org/project/<name>/ */
  projectUrl: string;
  displayName: string;
  summary: string | null;
  releaseCount: number;
  firstUploadAt: string | null;
  latestUploadAt: string | null;
  /** Every release in PEP 440 order, oldest first. */
  releases: ReleaseInfo[];
  /** Highest non-yanked final release (PEP 440); falls back to the highest release at all. */
  latestVersion: string | null;
  viewedVersion: string;
  viewed: ReleaseInfo | null;
  /** How many non-yanked releases are newer than the viewed one. */
  releasesBehind: number;
  yankedCount: number;
  /** Files of the viewed version. */
  files: DistributionFile[];
  /** PyPI's per-version advisories for the viewed version. */
  vulnerabilities: PypiVulnerability[];
  projectLinks: ProjectLink[];
  homePage: string | null;
  ownership: Ownership | null;
  requiresPython: string | null;
  /**
   * The viewed release's Requires-Dist lines (PEP 508, extras and markers as written); null when PyPI lists
   * none for it; absent in facts cached before the Dependencies section.
   */
  requiresDist?: string[] | null;
};
