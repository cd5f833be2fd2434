// The provenance section: PEP 792 project status and each file's PEP 740 attestations, verified offline.
import type { SourceError } from './common';

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
  /** The cryptographic verification of every attestation of the file (analysis/provenance/). */
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
