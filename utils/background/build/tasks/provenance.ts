// Provenance (PEP 740): the Simple index lists which files carry attestations; each one's Integrity body is
// fetched (sources/pypi-integrity) and verified offline against the embedded Sigstore root (analysis/provenance),
// the result cached by everything it depends on. The releases just before are checked alongside, for continuity.
import type { ProvenanceFacts, Section } from '../../../contract/report';
import { applyClaimedRepository } from '../../../analysis/provenance/claim';
import type { Http } from '../../../sources/http';
import { fetchFileProvenance, MAX_FILES_CHECKED, PREVIOUS_RELEASES } from '../../../sources/pypi-integrity';
import {
  fetchSimpleIndex,
  filesForVersion,
  previousReleasesProvenance,
  type SimpleFile,
  type SimpleIndex,
} from '../../../sources/pypi-simple';
import { DISABLED } from '../graph';
import { dependsOn, releasesError, task } from '../facts';
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

/** Verified, but from another repository than the project links: known only once both are in. */
export const provenanceTask = task({
  id: 'provenance',
  needs: ['attestations', 'repository'],
  run: ({ attestations, repository }) => applyClaimedRepository(attestations, repository),
});
