// Facts for the rule tests, built from the RECORDED fixtures in ../shared/fixtures through the
// project's own normalisers (utils/sources/*). Nothing here invents data: callers that need a case
// no recording shows derive it in the test and name it `synthetic…`.
import * as z from 'zod/mini';
import type {
  Advisory,
  AdvisoryFacts,
  FileProvenance,
  GithubRepo,
  ProvenanceFacts,
  ReleaseFacts,
  RepositoryFacts,
  Section,
  SourceError,
} from '../../../../utils/contract/report';
import { normalizePackageName } from '../../../../utils/lib/package-name';
import { normaliseGithubRepo } from '../../../../utils/sources/github';
import { PREVIOUS_RELEASES, normaliseProvenance } from '../../../../utils/sources/pypi-integrity';
import { type SimpleFile, filesForVersion, normaliseSimpleIndex, previousReleasesProvenance } from '../../../../utils/sources/pypi-simple';
import { mergePypiVulnerabilities, normaliseOsvVuln } from '../../../../utils/sources/osv';
import { normaliseReleaseFacts, PypiJson } from '../../../../utils/sources/pypi-json';
import { parseRepositoryUrl, resolveRepository, verifyRepository } from '../../../../utils/analysis/repository';
import type { TrustInput } from '../../../../utils/trust/types';
import { compareVersions } from '../../../../utils/lib/versions';
import { readRecorded } from '../../../support/fixtures';

/** When the sections were "fetched": any fixed instant, rules never read it. */
const FETCHED_AT = '2026-09-05T00:00:00.000Z';

export function ok<T>(data: T): Section<T> {
  return { state: 'ok', data, fetchedAt: FETCHED_AT, fromCache: false };
}

export function failed(kind: SourceError['kind'], message: string): Section<never> {
  return { state: 'error', error: { kind, message } };
}

export const disabled: Section<never> = { state: 'disabled' };

function unwrap<T>(result: { ok: true; data: T } | { ok: false; error: SourceError }): T {
  if (!result.ok) throw new Error(`normaliser refused a recorded body: ${result.error.message}`);
  return result.data;
}

// ---------------------------------------------------------------- releases (PyPI JSON)

/** normaliseReleaseFacts on recorded PyPI JSON, e.g. releasesOf('luigi.json'). */
export function releasesOf(projectFile: string, versionFile?: string, version?: string): ReleaseFacts {
  const project = z.parse(PypiJson, readRecorded(`pypi.org/json/${projectFile}`));
  const release = versionFile ? z.parse(PypiJson, readRecorded(`pypi.org/json/${versionFile}`)) : null;
  return normaliseReleaseFacts(project, release, version);
}

// ---------------------------------------------------------------- advisories (PyPI + OSV)

/** PyPI's own advisories of the viewed version, merged the way the background merges them. */
export function pypiAdvisoriesOf(releases: ReleaseFacts): AdvisoryFacts {
  const { viewedVersion, latestVersion } = releases;
  const advisories = mergePypiVulnerabilities([], releases.vulnerabilities, { viewed: viewedVersion, latest: latestVersion });
  return { viewedVersion, latestVersion, advisories };
}

type OsvRecord = {
  affected?: { package?: { name?: string }; versions?: string[]; ranges?: { type?: string; events?: Record<string, string>[] }[] }[];
};

/** Does the recorded OSV record list `version` of `pkg` (explicit versions or an ECOSYSTEM range)? */
function osvRecordAffects(raw: OsvRecord, pkg: string, version: string): boolean {
  return (raw.affected ?? [])
    .filter((a) => normalizePackageName(a.package?.name ?? '') === normalizePackageName(pkg))
    .some(
      (a) =>
        (a.versions ?? []).includes(version) ||
        (a.ranges ?? [])
          .filter((r) => r.type === 'ECOSYSTEM')
          .some((r) => {
            const introduced = r.events?.find((e) => e.introduced)?.introduced ?? '0';
            const fixed = r.events?.find((e) => e.fixed)?.fixed;
            return compareVersions(version, introduced) >= 0 && (!fixed || compareVersions(version, fixed) < 0);
          }),
    );
}

/**
 * A recorded OSV record as /v1/query would report it for `viewed` and `latest` of `pkg`:
 * the affects flags come from the record's own versions and ranges.
 */
export function osvAdvisoryOf(file: string, pkg: string, viewed: string, latest: string | null): Advisory {
  const raw = readRecorded(`api.osv.dev/vulns/${file}`) as OsvRecord;
  const advisory = unwrap(normaliseOsvVuln(raw, pkg));
  return {
    ...advisory,
    affectsViewed: osvRecordAffects(raw, pkg, viewed),
    affectsLatest: latest !== null && osvRecordAffects(raw, pkg, latest),
  };
}

export const MAL_0REQUESTS = 'MAL-2026-15859.ossf-malicious-packages.json';
export const GHSA_REQUESTS = 'GHSA-x84v-xcm2-53pg.github-advisory-database.json';

// ---------------------------------------------------------------- repository (GitHub)

export const PYGITHUB = 'PyGithub-PyGithub.json';
export const AFNETWORKING_ARCHIVED = 'AFNetworking-AFNetworking.archived.json';
export const ENRICOMI_FORK = 'EnricoMi-PyGithub.fork.json';

export function githubRepoOf(file: string): GithubRepo {
  return unwrap(normaliseGithubRepo(readRecorded(`api.github.com/repos/${file}`)));
}

/** The repository section of a project whose links are in its recorded PyPI JSON. */
export function repositoryOfRelease(
  releases: ReleaseFacts,
  github: Section<GithubRepo> | null = null,
  attestationRepositories: string[] = [],
): RepositoryFacts {
  const { link, candidates } = resolveRepository(releases.projectLinks, releases.homePage);
  const verification = verifyRepository(link, { attestationRepositories, depsDev: null, pageVerifiedUrls: [] });
  return { link, candidates, verification, github, depsDevProject: null, depsDevVersion: null };
}

/** The repository section when a package links the recorded GitHub repository (its html_url). */
export function repositoryOfGithub(repo: GithubRepo, attestationRepositories: string[] = []): RepositoryFacts {
  const link = parseRepositoryUrl(repo.htmlUrl, 'Source');
  if (!link) throw new Error(`not a repository URL: ${repo.htmlUrl}`);
  const verification = verifyRepository(link, { attestationRepositories, depsDev: null, pageVerifiedUrls: [] });
  return { link, candidates: [link], verification, github: ok(repo), depsDevProject: null, depsDevVersion: null };
}

// ---------------------------------------------------------------- provenance (Integrity + Simple)

export const PYPI_ATTESTATIONS_SDIST = 'pypi_attestations-0.0.19.tar.gz';

/** The sha256 PyPI publishes for a distribution, as recorded in provenance/expected.json. */
export function recordedSha256(filename: string): string {
  const expected = readRecorded('provenance/expected.json') as { cases: { dist?: { filename: string; sha256: string } }[] };
  const sha = expected.cases.find((c) => c.dist?.filename === filename)?.dist?.sha256;
  if (!sha) throw new Error(`no recorded sha256 for ${filename}`);
  return sha;
}

/**
 * One file's provenance: a recorded Integrity API body through normaliseProvenance. No Simple index
 * of the project is recorded, so the file entry is built from its name and recorded sha256.
 */
export function fileProvenanceOf(bodyFile: string, project: string, version: string, filename: string): FileProvenance {
  const file: SimpleFile = {
    filename,
    url: null,
    sha256: recordedSha256(filename),
    provenanceUrl: `https://pypi.org/integrity/${project}/${version}/${filename}/provenance`,
    uploadedAt: null,
    yanked: false,
    yankedReason: null,
    size: null,
    requiresPython: null,
  };
  return normaliseProvenance(readRecorded(bodyFile), file);
}

export function provenanceFactsOf(project: string, version: string, files: FileProvenance[]): ProvenanceFacts {
  return {
    version,
    projectStatus: { status: 'active', reason: null },
    files,
    previous: [],
    simpleUrl: `https://pypi.org/simple/${project}/`,
  };
}

/**
 * Provenance facts of a release whose Simple JSON (PEP 691) is recorded and whose files have no
 * provenance URL (none is recorded for the attested ones): status and earlier releases from the index.
 */
export function provenanceFromSimple(project: string, version: string): ProvenanceFacts {
  const simple = unwrap(normaliseSimpleIndex(readRecorded(`pypi.org/simple/${project}.json`), project));
  const files = filesForVersion(simple, version);
  if (files.length === 0) throw new Error(`no recorded files for ${project} ${version}`);
  if (files.some((f) => f.provenanceUrl !== null)) throw new Error('attested files need their Integrity body: use fileProvenanceOf');
  return {
    version,
    projectStatus: simple.projectStatus,
    // No provenance URL: what the fetcher reports without asking, an empty bundle list ("none").
    files: files.map((file) => normaliseProvenance({ attestation_bundles: [] }, file)),
    previous: previousReleasesProvenance(simple, version, PREVIOUS_RELEASES),
    simpleUrl: simple.simpleUrl,
  };
}

// ---------------------------------------------------------------- the whole input

type Sections = Partial<Pick<TrustInput, 'releases' | 'repository' | 'advisories' | 'provenance'>>;

/** A TrustInput; sections not given are 'disabled' so a rule test sees only its own facts. */
export function inputFor(name: string, viewedVersion: string, latestVersion: string | null, sections: Sections): TrustInput {
  return {
    package: { name, normalizedName: normalizePackageName(name), viewedVersion, latestVersion },
    releases: sections.releases ?? disabled,
    repository: sections.repository ?? disabled,
    advisories: sections.advisories ?? disabled,
    provenance: sections.provenance ?? disabled,
  };
}

/** The input for a release whose PyPI JSON is recorded. */
export function inputForRelease(releases: ReleaseFacts, sections: Omit<Sections, 'releases'> = {}): TrustInput {
  return inputFor(releases.displayName, releases.viewedVersion, releases.latestVersion, { ...sections, releases: ok(releases) });
}
