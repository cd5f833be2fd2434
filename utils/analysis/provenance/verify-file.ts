// One distribution file's provenance object (the Integrity API body) → one FileVerification: every
// attestation of every bundle is verified against that bundle's Trusted Publisher, and the worst
// outcome decides the file (PROVENANCE.md §3.4, §6).
import * as z from 'zod/mini';
import { fileVerification } from '../../contract/file-verification';
import type { AttestationVerification, FileVerification } from '../../contract/report';
import { MAX_ATTESTATIONS } from './attestation';
import { policyForPublisher } from './identity';
import type { LoadedTrustRoot } from './trust-root';
import { verifyAttestation, type Distribution } from './verify';

const MAX_BUNDLES = MAX_ATTESTATIONS;

const text = z.catch(z.optional(z.nullable(z.string())), undefined);
const ProvenanceOutline = z.object({
  version: z.unknown(),
  attestation_bundles: z.array(
    z.object({
      publisher: z.object({ kind: z.string(), repository: text, workflow: text, workflow_filepath: text, email: text }),
      attestations: z.array(z.unknown()),
    }),
  ),
});

/** Worse outcomes first: one failing attestation decides the file. */
const RANK: Record<AttestationVerification['state'], number> = { invalid: 3, 'publisher-mismatch': 2, 'cannot-verify': 1, verified: 0 };

export function aggregate(results: AttestationVerification[], trustRootSha256: string): FileVerification {
  // An attestation of a kind we do not know says nothing either way, unless it is all there is.
  const known = results.filter((r) => r.reason !== 'unknown-predicate');
  const deciding = known.length > 0 ? known : results;
  const worst = deciding.reduce<AttestationVerification | null>((w, r) => (w === null || RANK[r.state] > RANK[w.state] ? r : w), null);
  if (!worst) return fileVerification('no-attestation', null, null, trustRootSha256);
  return {
    state: worst.state,
    reason: worst.reason,
    detail: worst.detail,
    attestations: results,
    // Shown as the signer only when verified, or (publisher-mismatch) as the signer PyPI does not list.
    identity: worst.state === 'verified' || worst.state === 'publisher-mismatch' ? worst.identity : null,
    trustRootSha256,
  };
}

/** Verifies a raw Integrity API body for `dist`; never throws. */
export async function verifyProvenanceBody(
  raw: unknown,
  dist: { filename: string; sha256: string | null },
  trust: LoadedTrustRoot,
): Promise<FileVerification> {
  const parsed = z.safeParse(ProvenanceOutline, raw);
  // Not even the outline of a provenance object: a format change or a broken answer, not a forgery.
  if (!parsed.success)
    return fileVerification('cannot-verify', 'unsupported-format', 'PyPI sent a provenance object of an unexpected shape.', trust.sha256);
  if (parsed.data.version !== 1) {
    return fileVerification(
      'cannot-verify',
      'unsupported-format',
      'The provenance object is of a version this extension does not know.',
      trust.sha256,
    );
  }
  const bundles = parsed.data.attestation_bundles;
  const total = bundles.reduce((sum, bundle) => sum + bundle.attestations.length, 0);
  if (total === 0) return fileVerification('no-attestation', null, null, trust.sha256);
  if (bundles.length > MAX_BUNDLES || total > MAX_ATTESTATIONS) {
    return fileVerification(
      'cannot-verify',
      'too-many-attestations',
      `The file lists ${total} attestations; at most ${MAX_ATTESTATIONS} are checked.`,
      trust.sha256,
    );
  }
  if (dist.sha256 === null) {
    return fileVerification(
      'cannot-verify',
      'unavailable',
      "PyPI's index gave no sha256 for this file, so its attestations cannot be matched to it.",
      trust.sha256,
    );
  }
  const file: Distribution = { filename: dist.filename, sha256: dist.sha256 };
  const results: AttestationVerification[] = [];
  for (const bundle of bundles) {
    const policy = policyForPublisher(bundle.publisher);
    // One at a time: a release page verifies a few files in parallel already.
    for (const attestation of bundle.attestations) results.push(await verifyAttestation(attestation, file, policy, trust));
  }
  return aggregate(results, trust.sha256);
}
