// The FileVerification values that need no verifier: made where a file's provenance is read (sources) and
// where it is verified (analysis), so both say "no attestation" and "not checked" the same way.
import type { FileVerification, FileVerificationState, VerificationReason } from './report';

export function fileVerification(
  state: FileVerificationState,
  reason: VerificationReason | null,
  detail: string | null,
  trustRootSha256: string | null = null,
): FileVerification {
  return { state, reason, detail, attestations: [], identity: null, trustRootSha256 };
}

export const noAttestation = (): FileVerification => fileVerification('no-attestation', null, null);

/** Placeholder of a file whose attestations were read but not (yet) checked cryptographically. */
export const notChecked = (): FileVerification =>
  fileVerification('cannot-verify', 'not-checked', 'The attestations were read but not verified.');
