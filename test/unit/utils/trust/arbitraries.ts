// fast-check generators for arbitrary (and hostile) trust facts: odd versions, non-https URLs,
// broken dates, every section state. Used by the property tests only.
import fc from 'fast-check';
import type {
  Advisory,
  AdvisoryFacts,
  CodeFacts,
  CodeFinding,
  DependencyFacts,
  DependencyNode,
  CertificateIdentity,
  FileProvenance,
  Finding,
  GithubRepo,
  IdentityFacts,
  StarjackingFacts,
  Level,
  ProvenanceFacts,
  ReleaseFacts,
  ReleaseInfo,
  RepositoryFacts,
  RepositoryLink,
  Section,
  TyposquatCandidate,
  TyposquatKind,
} from '../../../../utils/contract/report';
import { TYPOSQUAT_KIND_LABELS } from '../../../../utils/contract/typosquat-words';
import type { TrustInput } from '../../../../utils/trust/types';

const version = fc.oneof(
  fc.constantFrom(
    '0.0.1',
    '1.0',
    '1.0.0rc1',
    '2.19.1',
    '2.20.0',
    '3.12.15',
    '3.13.3',
    '21.11b0',
    '10.0.dev1',
    '1!0.1',
    'not-a-version',
    '',
  ),
  fc.string({ maxLength: 12 }),
);
// A few close instants as well, so "hours since upload" and "days since push" rules do fire.
const iso = fc.oneof(
  fc.constantFrom('2026-09-01T00:00:00.000Z', '2026-09-02T12:00:00.000Z', '2024-08-30T00:00:00.000Z'),
  fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom('not a date', '', '2026-02-30T99:00:00Z'),
);
/** Mostly plausible, sometimes hostile: http, javascript:, credentials, garbage. */
const url = fc.oneof(
  fc.webUrl({ validSchemes: ['https'] }),
  fc.webUrl({ validSchemes: ['http'] }),
  fc.constantFrom('javascript:alert(1)', 'https://user:pw@evil.example/', 'https://localhost/', 'data:text/html,x', ''),
  fc.string({ maxLength: 30 }),
);
const text = fc.string({ maxLength: 40 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

export function section<T>(data: fc.Arbitrary<T>): fc.Arbitrary<Section<T>> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ state: fc.constant('ok' as const), data, fetchedAt: iso, fromCache: fc.boolean() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        state: fc.constant('error' as const),
        error: fc.record({
          kind: fc.constantFrom('not-found', 'rate-limited', 'offline', 'timeout', 'upstream', 'malformed'),
          message: text,
        }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ state: 'disabled' as const }) },
  );
}

const releaseInfo: fc.Arbitrary<ReleaseInfo> = fc.record({
  version,
  uploadedAt: maybe(iso),
  fileCount: fc.nat(5),
  yanked: fc.boolean(),
  yankedReason: maybe(text),
  isPrerelease: fc.boolean(),
});

const releases: fc.Arbitrary<ReleaseFacts> = fc.record({
  projectUrl: url,
  displayName: text,
  summary: maybe(text),
  releaseCount: fc.nat(100),
  firstUploadAt: maybe(iso),
  latestUploadAt: maybe(iso),
  releases: fc.array(releaseInfo, { maxLength: 6 }),
  latestVersion: maybe(version),
  viewedVersion: version,
  viewed: maybe(releaseInfo),
  releasesBehind: fc.nat(20),
  yankedCount: fc.nat(5),
  files: fc.constant([]),
  vulnerabilities: fc.constant([]),
  projectLinks: fc.array(fc.record({ label: text, url }), { maxLength: 3 }),
  homePage: maybe(url),
  ownership: fc.constant(null),
  requiresPython: maybe(text),
});

const advisory: fc.Arbitrary<Advisory> = fc.record({
  id: fc.oneof(fc.constantFrom('MAL-2026-15859', 'GHSA-x84v-xcm2-53pg', 'PYSEC-2018-28'), text),
  aliases: fc.array(text, { maxLength: 2 }),
  summary: maybe(text),
  severity: fc.record({
    band: fc.constantFrom('critical', 'high', 'medium', 'low', 'none', 'unknown'),
    score: maybe(fc.double({ min: 0, max: 10, noNaN: true })),
    vector: maybe(text),
    source: fc.constantFrom('cvss-v4', 'cvss-v3', 'cvss-v2', 'database', 'none'),
  }),
  fixedIn: fc.array(version, { maxLength: 3 }),
  published: maybe(iso),
  modified: maybe(iso),
  withdrawn: maybe(iso),
  malicious: fc.boolean(),
  affectedVersions: fc.array(version, { maxLength: 3 }),
  openRange: fc.boolean(),
  url,
  reportedBy: fc.subarray(['osv', 'pypi'] as ('osv' | 'pypi')[]),
  affectsViewed: fc.boolean(),
  affectsLatest: fc.boolean(),
});

const advisories: fc.Arbitrary<AdvisoryFacts> = fc.record({
  viewedVersion: version,
  latestVersion: maybe(version),
  advisories: fc.array(advisory, { maxLength: 4 }),
});

const link: fc.Arbitrary<RepositoryLink> = fc.record({
  host: fc.constantFrom('github', 'gitlab', 'codeberg', 'bitbucket', 'sourcehut', 'other'),
  url,
  owner: maybe(fc.constantFrom('pygithub', 'trailofbits', 'EVIL', '')),
  name: maybe(fc.constantFrom('pygithub', 'pypi-attestations', '')),
  subPath: maybe(text),
  label: text,
});

const github: fc.Arbitrary<GithubRepo> = fc.record({
  fullName: fc.oneof(fc.constantFrom('PyGithub/PyGithub', 'trailofbits/pypi-attestations'), text),
  htmlUrl: url,
  description: maybe(text),
  stars: fc.nat(100_000),
  forks: fc.nat(20_000),
  openIssues: fc.nat(1000),
  pushedAt: maybe(iso),
  createdAt: maybe(iso),
  archived: fc.boolean(),
  disabled: fc.boolean(),
  isFork: fc.boolean(),
  parentFullName: maybe(text),
  defaultBranch: maybe(text),
  renamedFrom: maybe(text),
});

const repository: fc.Arbitrary<RepositoryFacts> = fc.record({
  link: maybe(link),
  candidates: fc.array(link, { maxLength: 2 }),
  verification: fc.record({ status: fc.constantFrom('verified', 'claimed'), evidence: fc.constant([]) }),
  github: maybe(section(github)),
  depsDevProject: maybe(
    section(
      fc.record({
        projectKey: text,
        stars: maybe(fc.nat(100_000)),
        forks: maybe(fc.nat(20_000)),
        openIssues: maybe(fc.nat(1000)),
        scorecard: maybe(
          fc.record({
            score: fc.double({ min: 0, max: 10, noNaN: true }),
            date: maybe(iso),
            checks: fc.array(
              fc.record({ name: text, score: maybe(fc.integer({ min: -1, max: 10 })), reason: maybe(text), url: maybe(url) }),
              { maxLength: 4 },
            ),
          }),
        ),
        url,
      }),
    ),
  ),
  depsDevVersion: fc.constant(null),
  starjacking: maybe(
    fc.record({
      state: fc.constantFrom('match', 'mismatch', 'unconfirmed', 'skipped'),
      reason: text,
      declaredName: maybe(fc.constantFrom('requests', 'scikit-learn', '')),
      source: maybe(fc.constantFrom('pyproject.toml', 'setup.cfg', 'setup.py')),
      fileUrl: maybe(url),
      declaredPackage: maybe(fc.record({ name: text, firstUploadAt: maybe(iso), url })),
    }) as fc.Arbitrary<StarjackingFacts>,
  ),
  otherClaimants: maybe(
    section(
      fc.record({
        projectKey: text,
        packages: fc.array(fc.record({ name: text, versions: fc.nat(50), verified: fc.boolean(), url }), { maxLength: 3 }),
        url,
      }),
    ),
  ),
});

// Every kind the check names (the labels are written once per kind), with or without a partner or word.
const typosquatKinds = Object.keys(TYPOSQUAT_KIND_LABELS) as TyposquatKind[];
const typosquatCandidate: fc.Arbitrary<TyposquatCandidate> = fc.record(
  {
    name: text,
    downloads: fc.nat(),
    rank: fc.integer({ min: 1, max: 15_000 }),
    kind: fc.constantFrom(...typosquatKinds),
    distance: fc.nat(2),
    partner: fc.record({ name: text, rank: fc.integer({ min: 1, max: 15_000 }), url }),
    filler: text,
    timesMoreAtLeast: fc.nat(),
    url,
  },
  { requiredKeys: ['name', 'downloads', 'rank', 'kind', 'distance', 'timesMoreAtLeast', 'url'] },
);
const role = fc.record({ role: fc.constantFrom('Owner', 'Maintainer'), user: fc.constantFrom('DomDF', 'bdraco', 'evil', '') });
const identity: fc.Arbitrary<IdentityFacts> = fc.record({
  topList: fc.record({
    state: fc.constantFrom('fresh', 'stale', 'missing'),
    lastUpdate: maybe(iso),
    count: fc.nat(15_000),
    floorDownloads: maybe(fc.nat(100_000)),
    url,
  }),
  typosquat: maybe(
    fc.record(
      {
        listed: fc.boolean(),
        rank: maybe(fc.nat(15_000)),
        candidates: fc.array(typosquatCandidate, { maxLength: 3 }),
        weak: fc.array(typosquatCandidate, { maxLength: 3 }),
      },
      { requiredKeys: ['listed', 'rank', 'candidates'] },
    ),
  ),
  ownership: maybe(
    fc.record({
      lastSeenAt: maybe(iso),
      previous: maybe(fc.record({ organization: maybe(text), roles: fc.array(role, { maxLength: 3 }), seenAt: iso })),
      current: fc.record({ organization: maybe(text), roles: fc.array(role, { maxLength: 3 }) }),
      added: fc.array(role, { maxLength: 2 }),
      removed: fc.array(role, { maxLength: 2 }),
      organizationChanged: maybe(fc.record({ from: maybe(text), to: maybe(text) })),
      releasesSince: fc.array(fc.record({ version, uploadedAt: iso }), { maxLength: 2 }),
    }),
  ),
});

/** Verified signers: two repositories, so continuity (a change of publisher) is reachable. */
const certificateIdentity: fc.Arbitrary<CertificateIdentity> = fc
  .constantFrom('trailofbits/pypi-attestations', 'evil-org/x')
  .map((repository) => ({
    issuer: 'https://token.actions.githubusercontent.com',
    subject: `https://github.com/${repository}/.github/workflows/release.yml@refs/tags/v1`,
    forge: 'github' as const,
    repository,
    repositoryUrl: `https://github.com/${repository}`,
    workflow: '.github/workflows/release.yml',
    buildConfigUri: `https://github.com/${repository}/.github/workflows/release.yml@refs/tags/v1`,
    buildSignerUri: null,
    ref: 'refs/tags/v1',
    commit: null,
    trigger: 'release',
    runUrl: null,
    runner: 'github-hosted',
    visibility: 'public',
  }));

const fileProvenance: fc.Arbitrary<FileProvenance> = fc.record({
  filename: text,
  sha256: maybe(fc.constant('9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3')),
  provenanceUrl: maybe(url),
  state: fc.constantFrom('attested', 'none', 'error'),
  publishers: fc.array(
    fc.record({
      kind: fc.constantFrom('GitHub', 'GitLab', 'Google', ''),
      repository: maybe(fc.constantFrom('pygithub/pygithub', 'trailofbits/pypi-attestations', 'evil-org/x')),
      workflow: maybe(text),
      environment: maybe(text),
      email: maybe(text),
      url: maybe(url),
    }),
    { maxLength: 2 },
  ),
  attestationCount: fc.nat(3),
  subjects: fc.constant([]),
  digestMatch: fc.constantFrom(true, false, null),
  error: fc.constant(null),
  verification: fc.record({
    state: fc.constantFrom('verified', 'claim-mismatch', 'publisher-mismatch', 'invalid', 'no-attestation', 'cannot-verify'),
    reason: fc.constantFrom(null, 'certificate-chain', 'policy', 'trust-root-outdated', 'not-checked'),
    detail: maybe(text),
    attestations: fc.constant([]),
    identity: maybe(certificateIdentity),
    trustRootSha256: fc.constant(null),
  }),
});

const provenance: fc.Arbitrary<ProvenanceFacts> = fc.record({
  version,
  projectStatus: fc.record({ status: fc.constantFrom('active', 'archived', 'quarantined', 'deprecated', 'unknown'), reason: maybe(text) }),
  files: fc.array(fileProvenance, { maxLength: 3 }),
  previous: fc.array(
    fc.record(
      {
        version,
        attested: fc.boolean(),
        fileCount: fc.nat(3),
        verified: fc.record({
          filename: text,
          provenanceUrl: url,
          state: fc.constantFrom('verified', 'invalid', 'cannot-verify'),
          identity: maybe(certificateIdentity),
        }),
      },
      { requiredKeys: ['version', 'attested', 'fileCount'] },
    ),
    { maxLength: 3 },
  ),
  simpleUrl: url,
  uncheckedFileCount: fc.constantFrom(0, 0, 0, 2),
});

/** Install-time code facts: every check at every level, hostile URLs and excerpts included. */
const codeFinding: fc.Arbitrary<CodeFinding> = fc.record({
  check: fc.constantFrom(
    'sdist-only',
    'network',
    'process',
    'decoded-exec',
    'install-hook',
    'obfuscated-line',
    'pth-file',
    'data-script',
    'shadowed-package',
  ),
  level: fc.constantFrom('good', 'info', 'caution', 'danger'),
  filename: maybe(text),
  path: maybe(text),
  line: maybe(fc.nat(5000)),
  excerpt: maybe(fc.oneof(text, fc.constant('<img src=x onerror=alert(1)>'))),
  detail: text,
  url: maybe(url),
});
const code: fc.Arbitrary<CodeFacts> = fc.record({
  version,
  status: fc.constantFrom('scanned', 'too-large', 'no-files'),
  totalBytes: fc.nat(),
  capBytes: fc.constant(10 * 1024 * 1024),
  hasSdist: fc.boolean(),
  hasWheel: fc.boolean(),
  distributions: fc.constant([]),
  findings: fc.array(codeFinding, { maxLength: 4 }),
});

/** A resolved graph's packages: every malware reading, advisories with hostile URLs, look-alikes. */
const dependencyNode: fc.Arbitrary<DependencyNode> = fc.record({
  name: text,
  normalizedName: text,
  version,
  relation: fc.constantFrom('direct', 'indirect'),
  requirement: maybe(text),
  url,
  level: fc.constantFrom('good', 'info', 'caution', 'danger'),
  malware: fc.constantFrom('none', 'none', 'malicious-package', 'compromised-release'),
  advisories: fc.array(
    fc.record({
      id: fc.constantFrom('GHSA-x84v-xcm2-53pg', 'PYSEC-2023-74', 'MAL-2026-2144', 'MAL-2025-6794'),
      summary: maybe(text),
      severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'none', 'unknown'),
      malicious: fc.boolean(),
      url,
    }),
    { maxLength: 3 },
  ),
  lookAlike: maybe(text),
  errors: fc.array(text, { maxLength: 2 }),
  age: maybe(
    fc.record({
      firstPublishedAt: fc.constantFrom('2011-02-14T00:00:00Z', '2026-11-20T08:00:00.5Z'),
      days: fc.nat(6000),
      young: fc.boolean(),
    }),
  ),
});
const dependencies: fc.Arbitrary<DependencyFacts> = fc.record({
  version,
  requirementsSource: fc.constantFrom('wheel-metadata', 'pypi-json', 'deps-dev-graph', 'none'),
  requirements: fc.constant([]),
  graph: fc.oneof(
    fc.record({
      state: fc.constant('ok' as const),
      nodes: fc.array(dependencyNode, { maxLength: 6 }),
      directCount: fc.nat(6),
      error: maybe(text),
      url,
      checks: fc.constant({ advisories: { state: 'ok' as const }, names: true, ages: { state: 'disabled' as const } }),
    }),
    fc.constant({ state: 'unavailable' as const, reason: 'disabled' as const, message: 'deps.dev is turned off in settings' }),
  ),
  summary: text,
  level: fc.constantFrom('good', 'info', 'caution', 'danger'),
});

export const trustInput: fc.Arbitrary<TrustInput> = fc.record({
  package: fc.record({ name: text, normalizedName: text, viewedVersion: version, latestVersion: maybe(version) }),
  releases: section(releases),
  repository: section(repository),
  advisories: section(advisories),
  provenance: section(provenance),
  identity: section(identity),
  code: section(code),
  dependencies: section(dependencies),
});

export const now = iso;

export const level: fc.Arbitrary<Level> = fc.constantFrom('good', 'info', 'caution', 'danger');

export const finding: fc.Arbitrary<Finding> = fc.record({
  rule: fc.constantFrom('malicious-package', 'advisory-viewed', 'scorecard'),
  level,
  title: text,
  detail: text,
  evidence: fc.constant([{ label: 'Project on PyPI', url: 'https://pypi.org/project/x/' }]),
});
