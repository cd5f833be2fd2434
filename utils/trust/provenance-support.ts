// What the provenance trust rules need to know about verification, in one place: which files are
// verified, who signed them (from the certificate), and who signed the releases before.
import type { Evidence, FileProvenance, ProvenanceFacts, Publisher, ReleaseProvenanceSummary } from '../contract/report';
import { identityRepository } from '../contract/provenance-summary';

/** Earlier releases whose signer is verified for continuity (a provenance-continuity threshold, its reason declared there). */
export const PREVIOUS_VERIFIED = 2;

export const isVerified = (f: FileProvenance) => f.verification.state === 'verified' || f.verification.state === 'claim-mismatch';
export const hasFailed = (f: FileProvenance) => f.verification.state === 'invalid' || f.verification.state === 'publisher-mismatch';

/** "attested and verified …" when every given file verified; null otherwise (the caller keeps its own words). */
export function attestedWording(files: FileProvenance[]): string | null {
  return files.length > 0 && files.every(isVerified) ? 'attested and verified offline against Sigstore' : null;
}

/** The verified signers of `files` ("github.com/o/r workflow .github/workflows/x.yml"), when every file verified. */
export function describeSigners(files: FileProvenance[]): string | null {
  if (files.length === 0 || !files.every(isVerified)) return null;
  const signers = new Set(
    files.map((f) => {
      const identity = f.verification.identity;
      const where = identityRepository(identity) ?? 'an unnamed signer';
      return identity?.workflow ? `${where} workflow ${identity.workflow}` : where;
    }),
  );
  return [...signers].join('; ');
}

/**
 * Who published each file, for comparing with the linked repository: the certificate's repository
 * when the file verified, nothing when it failed (a danger finding covers it), PyPI's claim otherwise.
 */
export function signerPublishers(files: FileProvenance[], claimed: (files: FileProvenance[]) => Publisher[]): Publisher[] {
  const seen = new Map<string, Publisher>();
  for (const file of files) {
    const identity = file.verification.identity;
    if (isVerified(file) && identity?.forge && identity.repository) {
      const kind = identity.forge === 'github' ? 'GitHub' : 'GitLab';
      const publisher: Publisher = {
        kind,
        repository: identity.repository,
        workflow: identity.workflow,
        environment: null,
        email: null,
        url: identity.repositoryUrl,
      };
      seen.set(`${kind}|${identity.repository}`, publisher);
    } else if (!hasFailed(file) && !isVerified(file)) {
      for (const p of claimed([file])) seen.set(`${p.kind}|${p.repository}|${p.workflow}`, p);
    }
  }
  return [...seen.values()];
}

/** The most recent earlier release whose attestation verified, with its signer. */
export function previousVerified(facts: ProvenanceFacts): ReleaseProvenanceSummary | null {
  return (
    facts.previous.find(
      (r) => r.verified && (r.verified.state === 'verified' || r.verified.state === 'claim-mismatch') && r.verified.identity,
    ) ?? null
  );
}

/** "github.com/o/r (workflow .github/workflows/x.yml)" for the release before, when verified. */
export function previousSignerPhrase(facts: ProvenanceFacts): string | null {
  const release = previousVerified(facts);
  const identity = release?.verified?.identity ?? null;
  const repository = identityRepository(identity);
  if (!release || !repository) return null;
  return identity?.workflow ? `${repository} (workflow ${identity.workflow})` : repository;
}

/** Evidence for an earlier release's provenance: its Integrity URL. */
export function previousEvidence(release: ReleaseProvenanceSummary | null): Evidence[] {
  return release?.verified
    ? [{ label: `Provenance of ${release.verified.filename} (${release.version})`, url: release.verified.provenanceUrl }]
    : [];
}
