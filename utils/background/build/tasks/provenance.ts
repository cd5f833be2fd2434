// Provenance (PEP 740): the Simple index lists which files carry attestations; each one's Integrity body is
// fetched (sources/pypi-integrity) and verified offline against the embedded Sigstore root (analysis/provenance),
// the result cached by everything it depends on. The releases just before are checked alongside, for continuity.
import type { ProvenanceFacts, Section } from '../../../contract/report';
import { applyClaimedRepository } from '../../../analysis/provenance/claim';
import type { Http } from '../../../sources/http';
import {
  fetchFileProvenance,
  fetchIntegrityBody,
  integrityFileUrl,
  MAX_FILES_CHECKED,
  PREVIOUS_RELEASES,
} from '../../../sources/pypi-integrity';
import {
  fetchSimpleIndex,
  filesForVersion,
  previousReleasesProvenance,
  type SimpleFile,
  type SimpleIndex,
  versionOfFile,
} from '../../../sources/pypi-simple';
import { DISABLED } from '../graph';
import { type BuildContext, dependsOn, releasesError, task } from '../facts';
import { verifyFileCached } from '../provenance-cache';
import { verifyPreviousReleases } from '../provenance-history';

/** The Simple index as its fetcher returned it (state 'ok'). */
export type FetchedSimpleIndex = Extract<Section<SimpleIndex>, { state: 'ok' }>;

/** One file's provenance, read and (when it has attestations) verified. */
export async function verifiedFileProvenance(http: Http, file: SimpleFile) {
  const read = await fetchFileProvenance(http, file);
  if (read.body === null) return read;
  const verification = await verifyFileCached({ filename: file.filename, sha256: file.sha256, body: read.body }, http.cache, () =>
    Date.now(),
  );
  return { ...read, provenance: { ...read.provenance, verification } };
}

/**
 * Provenance of every file of `version` (at most MAX_FILES_CHECKED, asked in parallel), plus the
 * provenance of earlier releases from the Simple index.
 */
export async function fetchProvenance(
  http: Http,
  name: string,
  version: string,
  simple: FetchedSimpleIndex,
): Promise<Section<ProvenanceFacts>> {
  const files = filesForVersion(simple.data, version);
  const checked = files.slice(0, MAX_FILES_CHECKED);
  // The releases before (provenance continuity) are checked alongside, not after, the viewed one's files.
  const previousP = verifyPreviousReleases(previousReleasesProvenance(simple.data, version, PREVIOUS_RELEASES), simple.data, (file) =>
    verifiedFileProvenance(http, file),
  );
  const results = await Promise.all(checked.map((file) => verifiedFileProvenance(http, file)));

  const asked = results.filter((r) => r.provenance.provenanceUrl !== null);
  const failures = results.flatMap((r) => (r.failed ? [r.failed] : []));
  if (asked.length > 0 && failures.length === asked.length) {
    return { state: 'error', error: { ...failures[0]!, message: `Provenance of ${name} ${version}: ${failures[0]!.message}` } };
  }
  const times = results.flatMap((r) => (r.fetchedAt ? [r.fetchedAt] : []));
  return {
    state: 'ok',
    data: {
      version,
      projectStatus: simple.data.projectStatus,
      files: results.map((r) => r.provenance),
      previous: await previousP,
      simpleUrl: simple.data.simpleUrl,
      uncheckedFileCount: files.length - checked.length,
    },
    fetchedAt: times.length > 0 ? times.sort()[0]! : simple.fetchedAt,
    fromCache: simple.fromCache && results.every((r) => r.fromCache),
  };
}

export const simpleTask = task({
  id: 'simple',
  needs: [],
  enabled: ({ settings }) => settings.sources.provenance,
  run: (_, { http, request }) => fetchSimpleIndex(http, request.name),
});

export const attestationsTask = task({
  id: 'attestations',
  needs: ['simple', 'releases', 'package'],
  enabled: ({ settings }) => settings.sources.provenance,
  whenOff: () => DISABLED,
  run: ({ simple, releases, package: pkg }, { http, request }) => {
    if (simple.state !== 'ok') return simple;
    if (!pkg.viewedVersion) return dependsOn(releasesError(releases));
    return fetchProvenance(http, request.name, pkg.viewedVersion, simple);
  },
});

/**
 * The Integrity URLs of the files the page says are attested (Trusted Publishing, a Provenance block): only files
 * of the shown version of this project, named as PyPI names them. Undefined: no such hint.
 */
function hintedProvenanceUrls({ request, hints }: BuildContext): string[] | undefined {
  const h = hints();
  const version = request.version ?? h?.shownVersion;
  if (!version || !h?.attestedFiles?.length) return undefined;
  const files = h.attestedFiles.filter((file) => versionOfFile(file, request.name) === version);
  return files.length > 0 ? files.slice(0, MAX_FILES_CHECKED).map((file) => integrityFileUrl(request.name, version, file)) : undefined;
}

export const provenanceUrlsTask = task({
  id: 'provenanceUrls',
  needs: ['simple', 'package'],
  enabled: ({ settings }) => settings.sources.provenance,
  whenOff: () => [],
  hinted: hintedProvenanceUrls,
  run: ({ simple, package: pkg }) =>
    simple.state === 'ok' && pkg.viewedVersion
      ? filesForVersion(simple.data, pkg.viewedVersion)
          .slice(0, MAX_FILES_CHECKED)
          .flatMap((file) => (file.provenanceUrl ? [file.provenanceUrl] : []))
      : [],
});

/**
 * Runs ahead on the page's file hints: the Integrity requests leave with the first requests, and the attestations
 * task's own requests (on the Simple index's URLs) join them in flight or in the cache. A wrong hint costs one
 * request (a 404); the verdict is built only from what the Simple index advertises and the verifier checks.
 */
export const integrityAheadTask = task({
  id: 'integrityAhead',
  needs: ['provenanceUrls'],
  enabled: ({ settings }) => settings.sources.provenance,
  whenOff: () => 0,
  run: async ({ provenanceUrls }, { http }) => (await Promise.all(provenanceUrls.map((url) => fetchIntegrityBody(http, url)))).length,
});

/** Verified, but from another repository than the project links: known only once both are in. */
export const provenanceTask = task({
  id: 'provenance',
  needs: ['attestations', 'repository'],
  run: ({ attestations, repository }) => applyClaimedRepository(attestations, repository),
});
