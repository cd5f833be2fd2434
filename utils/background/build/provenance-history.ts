// Provenance continuity: who verifiably published the releases just before the viewed one. One
// file per release is enough (Trusted Publishing signs every file of a release with the same
// workflow run); its verified certificate identity is what the continuity rule compares.
import { PREVIOUS_VERIFIED } from '../../trust/provenance-support';
import type { FileProvenance, ReleaseProvenanceSummary } from '../../contract/report';
import { filesForVersion, type SimpleFile, type SimpleIndex } from '../../sources/pypi-simple';

export { PREVIOUS_VERIFIED };

const SDIST = /\.(tar\.gz|zip)$/;

/** The file whose attestation stands for its release: the sdist when attested, else the first attested file. */
function representative(files: SimpleFile[]): SimpleFile | null {
  const attested = files.filter((f) => f.provenanceUrl !== null);
  return attested.find((f) => SDIST.test(f.filename)) ?? attested[0] ?? null;
}

/**
 * Adds `verified` to the first PREVIOUS_VERIFIED attested releases of `previous` (newest first).
 * `fetchOne` is the Integrity fetch + verification of one file (cached like any other file).
 */
export async function verifyPreviousReleases(
  previous: ReleaseProvenanceSummary[],
  simple: SimpleIndex,
  fetchOne: (file: SimpleFile) => Promise<{ provenance: FileProvenance }>,
): Promise<ReleaseProvenanceSummary[]> {
  return Promise.all(
    previous.map(async (release, index) => {
      if (index >= PREVIOUS_VERIFIED || !release.attested) return release;
      const file = representative(filesForVersion(simple, release.version));
      if (!file?.provenanceUrl) return release;
      const { provenance } = await fetchOne(file);
      const { state, identity } = provenance.verification;
      return { ...release, verified: { filename: file.filename, provenanceUrl: file.provenanceUrl, state, identity } };
    }),
  );
}
