// The Report and its parts: our own types, never an upstream's shape (design §4).
// Everything here is plain, serialisable data: it crosses the message boundary as is.

export type Level = 'good' | 'info' | 'caution' | 'danger';
export type VerdictLevel = Level | 'unknown';

/** A link to the evidence behind a fact. `url` is always https: (checked by `safeHttpsUrl` when built). */
export type Evidence = { label: string; url: string };

export type Finding = {
  rule: string;
  level: Level;
  title: string;
  detail: string;
  evidence: Evidence[];
};

export type ErrorKind = 'not-found' | 'rate-limited' | 'offline' | 'timeout' | 'upstream' | 'malformed';
export type SourceError = { kind: ErrorKind; message: string; retryAt?: string };

export type Section<T> =
  | { state: 'ok'; data: T; fetchedAt: string; fromCache: boolean }
  | { state: 'error'; error: SourceError }
  | { state: 'disabled' };

// ---------------------------------------------------------------- Releases (PyPI JSON)

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
};

// ---------------------------------------------------------------- Repository

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

export type VerificationEvidence =
  | { kind: 'attestation'; detail: string; url: string }
  | { kind: 'deps.dev'; detail: string; url: string }
  | { kind: 'page'; detail: string; url: string };

export type RepositoryVerification = {
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

// ---------------------------------------------------------------- Identity (typosquat, starjacking, ownership)

/** How a name resembles a popular one (the strongest kind found). */
export type TyposquatKind = 'separators' | 'affix' | 'look-alike' | 'transposition' | 'edit';

export type TyposquatCandidate = {
  /** The popular name, PEP 503 normalised as the list has it. */
  name: string;
  downloads: number;
  /** 1-based position in the list. */
  rank: number;
  kind: TyposquatKind;
  /** Edit distance (a transposition counts 1; 0 for separator/affix/look-alike matches). */
  distance: number;
  /** target downloads ÷ the list's smallest count: a lower bound on how many times more it is downloaded. */
  timesMoreAtLeast: number;
  url: string;
};

/** The most-downloaded list the check ran against. */
export type TopListStatus = {
  state: 'fresh' | 'stale' | 'missing';
  /** When hugovk's dump was made (ISO), null when unknown or missing. */
  lastUpdate: string | null;
  count: number;
  /** Download count of the last listed name: anything not listed has fewer. */
  floorDownloads: number | null;
  url: string;
  error?: SourceError;
};

export type TyposquatFacts = {
  /** Is the package itself among the most downloaded? Then it is not checked. */
  listed: boolean;
  rank: number | null;
  /** Most downloaded first; empty when nothing resembles the name. */
  candidates: TyposquatCandidate[];
};

export type OwnershipSnapshot = { organization: string | null; roles: { role: string; user: string }[]; seenAt: string };

export type OwnershipDrift = {
  /** When this browser last saw the project's owners (ISO); null on the first visit. */
  lastSeenAt: string | null;
  /** The owners before a change noticed recently; null when nothing changed (or on the first visit). */
  previous: OwnershipSnapshot | null;
  current: { organization: string | null; roles: { role: string; user: string }[] };
  added: { role: string; user: string }[];
  removed: { role: string; user: string }[];
  organizationChanged: { from: string | null; to: string | null } | null;
  /** Releases uploaded after the previous snapshot was seen, oldest first. */
  releasesSince: { version: string; uploadedAt: string }[];
};

export type IdentityFacts = {
  topList: TopListStatus;
  /** null when the top list is missing. */
  typosquat: TyposquatFacts | null;
  /** null when PyPI reported no ownership (or release data is missing). */
  ownership: OwnershipDrift | null;
};

export type DeclaredNameSource = 'pyproject.toml' | 'setup.cfg' | 'setup.py';

export type StarjackingFacts = {
  /**
   * match: the repository declares this package's name; mismatch: it declares another name;
   * unconfirmed: no file, a monorepo, or a name we could not read; skipped: not checked (verified or not GitHub).
   */
  state: 'match' | 'mismatch' | 'unconfirmed' | 'skipped';
  reason: string;
  declaredName: string | null;
  source: DeclaredNameSource | null;
  /** https link to the file on GitHub that declares the name. */
  fileUrl: string | null;
  /** For a mismatch: the package with the declared name, when PyPI knows it. */
  declaredPackage: { name: string; firstUploadAt: string | null; url: string } | null;
};

export type RepositoryClaimant = { name: string; versions: number; verified: boolean; url: string };

export type RepositoryClaimants = {
  projectKey: string;
  /** Other PyPI packages (not this one), most versions first. */
  packages: RepositoryClaimant[];
  url: string;
};

// ---------------------------------------------------------------- Advisories (OSV + PyPI)

export type SeverityBand = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export type Severity = {
  band: SeverityBand;
  score: number | null;
  vector: string | null;
  /** Where the band came from. */
  source: 'cvss-v4' | 'cvss-v3' | 'cvss-v2' | 'database' | 'none';
};

export type Advisory = {
  id: string;
  aliases: string[];
  summary: string | null;
  severity: Severity;
  /** Versions that fix it for this PyPI package, PEP 440 ascending. */
  fixedIn: string[];
  published: string | null;
  modified: string | null;
  withdrawn: string | null;
  malicious: boolean;
  /** https link to the advisory (osv.dev page). */
  url: string;
  /** Which upstreams reported it. */
  reportedBy: ('osv' | 'pypi')[];
  affectsViewed: boolean;
  affectsLatest: boolean;
};

export type AdvisoryFacts = {
  viewedVersion: string;
  latestVersion: string | null;
  advisories: Advisory[];
};

// ---------------------------------------------------------------- Provenance (Simple + Integrity)

export type ProjectStatus = {
  status: 'active' | 'archived' | 'quarantined' | 'deprecated' | 'unknown';
  reason: string | null;
};

export type Publisher = {
  kind: string;
  repository: string | null;
  workflow: string | null;
  environment: string | null;
  email: string | null;
  /** https link to the publisher's repository or workflow, when it has one. */
  url: string | null;
};

export type FileProvenance = {
  filename: string;
  sha256: string | null;
  provenanceUrl: string | null;
  /** attested: bundles found; none: no provenance; error: the Integrity request failed. */
  state: 'attested' | 'none' | 'error';
  publishers: Publisher[];
  attestationCount: number;
  subjects: { name: string; sha256: string | null }[];
  /** Does a statement subject name this file with its sha256? null when not attested. */
  digestMatch: boolean | null;
  error: SourceError | null;
  /** The cryptographic verification of every attestation of the file (utils/provenance/). */
  verification: FileVerification;
};

/** Who signed an attestation, read from its verified Fulcio certificate, never from PyPI's publisher JSON. */
export type CertificateIdentity = {
  /** OIDC issuer (1.3.6.1.4.1.57264.1.8, or the legacy …1.1). */
  issuer: string | null;
  /** Subject Alternative Name: the workflow URI or an e-mail address. */
  subject: string | null;
  forge: 'github' | 'gitlab' | null;
  /** owner/name (GitLab: group/…/project), from the Source Repository URI (…1.12). */
  repository: string | null;
  repositoryUrl: string | null;
  /** Workflow file inside the repository, from the Build Config URI (…1.18), e.g. ".github/workflows/release.yml". */
  workflow: string | null;
  buildConfigUri: string | null;
  /** Build Signer URI (…1.9): differs from the Build Config URI when a reusable workflow signed. */
  buildSignerUri: string | null;
  /** Source Repository Ref (…1.14) and Digest (…1.13). */
  ref: string | null;
  commit: string | null;
  /** Build Trigger (…1.20), Run Invocation URI (…1.21), Runner Environment (…1.11), Visibility (…1.22). */
  trigger: string | null;
  runUrl: string | null;
  runner: string | null;
  visibility: string | null;
};

/** Why an attestation did not verify (or could not be checked): the stage that decided it. */
export type VerificationReason =
  | 'malformed'
  | 'certificate-chain'
  | 'sct'
  | 'key-usage'
  | 'inclusion-promise'
  | 'inclusion-proof'
  | 'checkpoint'
  | 'integrated-time'
  | 'dsse-signature'
  | 'tlog-body-consistency'
  | 'statement'
  | 'subject-count'
  | 'subject-name'
  | 'subject-digest'
  | 'policy'
  | 'unknown-predicate'
  | 'trust-root-outdated'
  | 'unsupported-format'
  | 'unsupported-publisher'
  | 'too-many-attestations'
  | 'unavailable'
  | 'api-disabled'
  | 'not-checked'
  | 'verifier-error';

export type AttestationVerification = {
  state: 'verified' | 'publisher-mismatch' | 'invalid' | 'cannot-verify';
  reason: VerificationReason | null;
  /** One plain sentence for the reader; never HTML. */
  detail: string | null;
  predicateType: string | null;
  /** From the certificate, only once the signature, chain and log checks passed. */
  identity: CertificateIdentity | null;
  /** Rekor's global log index (a decimal string) and its https://search.sigstore.dev link. */
  logIndex: string | null;
  logUrl: string | null;
  /** The log's integrated time (ISO), bound by its signed entry timestamp. */
  integratedAt: string | null;
};

/**
 * Per-file state (PROVENANCE.md §6): verified; verified but from another repository than the project
 * claims (claim-mismatch, caution); publisher-mismatch and invalid (danger); no-attestation (neutral);
 * cannot-verify (grey: trust root too old, unsupported format, Integrity API unavailable).
 */
export type FileVerificationState = 'verified' | 'claim-mismatch' | 'publisher-mismatch' | 'invalid' | 'no-attestation' | 'cannot-verify';

export type FileVerification = {
  state: FileVerificationState;
  reason: VerificationReason | null;
  detail: string | null;
  attestations: AttestationVerification[];
  /** The verified signer of the file (its first verified attestation), or null. */
  identity: CertificateIdentity | null;
  /** sha256 of the Sigstore trust root the file was verified against; null when nothing was checked. */
  trustRootSha256: string | null;
  /** The repository the project links, when the verified one differs from it (state claim-mismatch). */
  claimedRepository?: string | null;
};

/** The verified signer of an earlier release (one of its files), for provenance continuity. */
export type PreviousReleaseVerification = {
  filename: string;
  provenanceUrl: string;
  state: FileVerificationState;
  identity: CertificateIdentity | null;
};

export type ReleaseProvenanceSummary = {
  version: string;
  attested: boolean;
  fileCount: number;
  /** Checked for the releases just before the viewed one (PREVIOUS_VERIFIED); absent for the others. */
  verified?: PreviousReleaseVerification;
};

export type ProvenanceFacts = {
  version: string;
  projectStatus: ProjectStatus;
  files: FileProvenance[];
  /** Provenance presence of the releases before the viewed one (newest first), from the Simple index. */
  previous: ReleaseProvenanceSummary[];
  simpleUrl: string;
  /** Files of the version left unchecked because of the per-release cap (0 or absent: all checked). */
  uncheckedFileCount?: number;
};

// ---------------------------------------------------------------- Code (install-time red flags)

/** What a code check looked for; one trust finding per check (rule install-code). */
export type CodeCheck =
  | 'sdist-only'
  | 'network'
  | 'process'
  | 'decoded-exec'
  | 'install-hook'
  | 'obfuscated-line'
  | 'pth-file'
  | 'data-script'
  | 'shadowed-package';

export type CodeFinding = {
  check: CodeCheck;
  level: Level;
  /** The distribution file, e.g. "foo-1.0.tar.gz"; null for findings about the release as a whole. */
  filename: string | null;
  /** Path inside the archive, e.g. "foo-1.0/setup.py". */
  path: string | null;
  line: number | null;
  /** The matched source text, trimmed to ~200 characters. Remote text: render as text only. */
  excerpt: string | null;
  detail: string;
  /** https link to the file (and line) on inspector.pypi.io; null when none can be built. */
  url: string | null;
};

export type ScannedDistribution = {
  filename: string;
  packageType: DistributionFile['packageType'];
  size: number | null;
  sha256: string | null;
  state: 'scanned' | 'error';
  error: SourceError | null;
  /** Entries in the archive, and the paths whose content was read and checked. */
  entryCount: number;
  checkedPaths: string[];
  /** The archive on inspector.pypi.io (https), when it can be built. */
  inspectorUrl: string | null;
};

export type CodeFacts = {
  version: string;
  /** too-large: the chosen files exceed the automatic cap; scanning waits for the reader's go-ahead. */
  status: 'scanned' | 'too-large' | 'no-files';
  totalBytes: number;
  capBytes: number;
  hasSdist: boolean;
  hasWheel: boolean;
  distributions: ScannedDistribution[];
  findings: CodeFinding[];
};

// ---------------------------------------------------------------- The report

export type PageHints = {
  /** URLs pypi.org lists as verified on the page ("Verified details", GitHub statistics block). */
  verifiedUrls: string[];
  /** The version the page's title shows: lets version-keyed requests start before PyPI JSON answers. */
  shownVersion?: string;
  /**
   * The project links the page lists (the same project_urls PyPI JSON carries): lets the repository's
   * requests (GitHub, deps.dev, build files) start before PyPI JSON answers. A hint only: the report
   * judges the links from PyPI JSON.
   */
  projectLinks?: ProjectLink[];
};

export type ReportPackage = {
  name: string;
  normalizedName: string;
  viewedVersion: string;
  latestVersion: string | null;
};

export type Verdict = { level: VerdictLevel; headline: string };

export type Report = {
  package: ReportPackage;
  repository: Section<RepositoryFacts>;
  releases: Section<ReleaseFacts>;
  advisories: Section<AdvisoryFacts>;
  provenance: Section<ProvenanceFacts>;
  /** Typosquat, ownership drift (optional: reports built before these checks lack it). */
  identity?: Section<IdentityFacts>;
  /** Install-time code checks; absent until scanned (asked separately with scanCode so the verdict never waits for downloads). */
  code?: Section<CodeFacts>;
  findings: Finding[];
  verdict: Verdict;
  generatedAt: string;
};

/**
 * The first three sections of a report, sent as soon as they are final, before provenance (which for an
 * attested project needs a second round-trip: Simple, then Integrity) and the verdict. The badge waits
 * for the whole report; the panel shows these at once.
 */
export type EarlyReport = Pick<Report, 'package' | 'repository' | 'releases' | 'advisories' | 'generatedAt'>;

/** What a search result badge needs: cheap sources only. */
export type BadgeSummary = {
  name: string;
  verdict: Verdict;
  latestVersion: string | null;
  advisoryCount: number;
  malicious: boolean;
};
