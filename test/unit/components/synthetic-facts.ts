// Facts for component tests: releases from the recorded luigi JSON, the rest synthetic (named so)
// because their normalisers are not in this folder's scope. Each builder takes overrides.
import * as z from 'zod/mini';
import type {
  Advisory,
  AdvisoryFacts,
  CertificateIdentity,
  FileProvenance,
  FileVerification,
  GithubRepo,
  ProvenanceFacts,
  ReleaseFacts,
  Report,
  RepositoryFacts,
  Section,
  SourceError,
} from '../../../utils/contract/report';
import { normaliseReleaseFacts, PypiJson } from '../../../utils/sources/pypi-json';
import { readRecorded } from '../../support/fixtures';

export const NOW = Date.parse('2025-03-01T12:00:00Z');

export function ok<T>(data: T): Section<T> {
  return { state: 'ok', data, fetchedAt: '2025-03-01T11:59:00Z', fromCache: false };
}

export function failed<T>(error: SourceError): Section<T> {
  return { state: 'error', error };
}

export const RETRY_AT = '2025-03-01T13:47:00Z';
export const rateLimited: SourceError = { kind: 'rate-limited', message: 'API rate limit exceeded', retryAt: RETRY_AT };

/** luigi's recorded project JSON (84 releases, latest 3.6.0), viewed at `version` (default latest). */
export function luigiReleases(version?: string): ReleaseFacts {
  return normaliseReleaseFacts(z.parse(PypiJson, readRecorded('pypi.org/json/luigi.json')), null, version);
}

export function syntheticGithubRepo(overrides: Partial<GithubRepo> = {}): GithubRepo {
  return {
    fullName: 'spotify/luigi',
    htmlUrl: 'https://github.com/spotify/luigi',
    description: 'Luigi is a Python module that helps you build complex pipelines of batch jobs.',
    stars: 18_234,
    forks: 2_421,
    openIssues: 123,
    pushedAt: '2024-12-01T10:00:00Z',
    createdAt: '2012-09-20T15:06:38Z',
    archived: false,
    disabled: false,
    isFork: false,
    parentFullName: null,
    defaultBranch: 'master',
    renamedFrom: null,
    ...overrides,
  };
}

export function syntheticRepositoryFacts(overrides: Partial<RepositoryFacts> = {}): RepositoryFacts {
  const link = {
    host: 'github' as const,
    url: 'https://github.com/spotify/luigi',
    owner: 'spotify',
    name: 'luigi',
    subPath: null,
    label: 'Homepage',
  };
  return {
    link,
    candidates: [link],
    verification: {
      status: 'verified',
      evidence: [{ kind: 'deps.dev', detail: 'deps.dev lists a verified relation', url: 'https://deps.dev/pypi/luigi' }],
    },
    github: ok(syntheticGithubRepo()),
    depsDevProject: ok({
      projectKey: 'github.com/spotify/luigi',
      stars: 18_000,
      forks: 2_400,
      openIssues: 120,
      url: 'https://deps.dev/project/github/spotify%2Fluigi',
      scorecard: {
        score: 5.8,
        date: '2025-02-24',
        checks: [
          {
            name: 'Code-Review',
            score: 9,
            reason: 'most changes reviewed',
            url: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#code-review',
          },
          {
            name: 'Fuzzing',
            score: 0,
            reason: 'project is not fuzzed',
            url: 'https://github.com/ossf/scorecard/blob/main/docs/checks.md#fuzzing',
          },
          { name: 'Pinned-Dependencies', score: 2, reason: 'dependency not pinned by hash', url: null },
          { name: 'Signed-Releases', score: -1, reason: 'no releases found', url: null },
          { name: 'SAST', score: 1, reason: 'SAST tool is not run', url: null },
        ],
      },
    }),
    depsDevVersion: null,
    ...overrides,
  };
}

export function syntheticAdvisory(overrides: Partial<Advisory> = {}): Advisory {
  return {
    id: 'GHSA-aaaa-bbbb-cccc',
    aliases: ['CVE-2024-0001'],
    summary: 'Synthetic path traversal in the scheduler',
    severity: { band: 'high', score: 8.1, vector: null, source: 'cvss-v3' },
    fixedIn: ['3.6.0'],
    published: '2024-06-01T00:00:00Z',
    modified: '2024-06-02T00:00:00Z',
    withdrawn: null,
    malicious: false,
    affectedVersions: [],
    openRange: false,
    url: 'https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc',
    reportedBy: ['osv'],
    affectsViewed: true,
    affectsLatest: false,
    ...overrides,
  };
}

export function syntheticAdvisoryFacts(advisories: Advisory[], viewed = '3.5.0', latest = '3.6.0'): AdvisoryFacts {
  return { viewedVersion: viewed, latestVersion: latest, advisories };
}

export function syntheticFile(overrides: Partial<FileProvenance> = {}): FileProvenance {
  return {
    filename: 'luigi-3.6.0.tar.gz',
    sha256: 'a'.repeat(64),
    provenanceUrl: 'https://pypi.org/integrity/luigi/3.6.0/luigi-3.6.0.tar.gz/provenance',
    state: 'attested',
    publishers: [
      {
        kind: 'GitHub',
        repository: 'spotify/luigi',
        workflow: 'release.yml',
        environment: 'pypi',
        email: null,
        url: 'https://github.com/spotify/luigi/blob/HEAD/.github/workflows/release.yml',
      },
    ],
    attestationCount: 1,
    subjects: [{ name: 'luigi-3.6.0.tar.gz', sha256: 'a'.repeat(64) }],
    digestMatch: true,
    error: null,
    verification: syntheticVerification(),
    ...overrides,
  };
}

/** A verified file's outcome: the identity a GitHub Trusted Publisher certificate would carry (invented). */
export function syntheticVerification(overrides: Partial<FileVerification> = {}): FileVerification {
  const identity: CertificateIdentity = {
    issuer: 'https://token.actions.githubusercontent.com',
    subject: 'https://github.com/spotify/luigi/.github/workflows/release.yml@refs/tags/3.6.0',
    forge: 'github',
    repository: 'spotify/luigi',
    repositoryUrl: 'https://github.com/spotify/luigi',
    workflow: '.github/workflows/release.yml',
    buildConfigUri: 'https://github.com/spotify/luigi/.github/workflows/release.yml@refs/tags/3.6.0',
    buildSignerUri: 'https://github.com/spotify/luigi/.github/workflows/release.yml@refs/tags/3.6.0',
    ref: 'refs/tags/3.6.0',
    commit: 'c'.repeat(40),
    trigger: 'release',
    runUrl: 'https://github.com/spotify/luigi/actions/runs/1/attempts/1',
    runner: 'github-hosted',
    visibility: 'public',
  };
  return {
    state: 'verified',
    reason: null,
    detail: null,
    attestations: [
      {
        state: 'verified',
        reason: null,
        detail: null,
        predicateType: 'https://docs.pypi.org/attestations/publish/v1',
        identity,
        logIndex: '123456789',
        logUrl: 'https://search.sigstore.dev/?logIndex=123456789',
        integratedAt: '2026-06-01T12:00:00.000Z',
      },
    ],
    identity,
    trustRootSha256: '6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66',
    ...overrides,
  };
}

export function syntheticProvenanceFacts(overrides: Partial<ProvenanceFacts> = {}): ProvenanceFacts {
  return {
    version: '3.6.0',
    projectStatus: { status: 'active', reason: null },
    files: [syntheticFile()],
    previous: [
      { version: '3.5.2', attested: true, fileCount: 1 },
      { version: '3.5.1', attested: false, fileCount: 2 },
    ],
    simpleUrl: 'https://pypi.org/simple/luigi/',
    ...overrides,
  };
}

export function syntheticReport(overrides: Partial<Report> = {}): Report {
  return {
    package: { name: 'luigi', normalizedName: 'luigi', viewedVersion: '3.6.0', latestVersion: '3.6.0' },
    repository: ok(syntheticRepositoryFacts()),
    releases: ok(luigiReleases()),
    advisories: ok(syntheticAdvisoryFacts([], '3.6.0', '3.6.0')),
    provenance: ok(syntheticProvenanceFacts()),
    findings: [
      {
        rule: 'repository-verified',
        level: 'good',
        title: 'Repository verified',
        detail: 'deps.dev ties luigi to spotify/luigi.',
        evidence: [{ label: 'deps.dev', url: 'https://deps.dev/pypi/luigi' }],
      },
      {
        rule: 'advisory-latest',
        level: 'caution',
        title: 'Synthetic caution finding',
        detail: 'Something to look at.',
        evidence: [],
      },
    ],
    verdict: { level: 'caution', headline: 'Synthetic caution finding' },
    generatedAt: '2025-03-01T11:58:00Z',
    ...overrides,
  };
}

/** Local "HH:MM" the way a reader in this test's time zone would see RETRY_AT. */
export function localClock(iso: string): string {
  const date = new Date(iso);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
