// Words and levels for verification states (PROVENANCE.md §6), and the version summary: the worst
// state across the release's files. Shared by the panel and the trust rules so both say the same.
import type { CertificateIdentity, FileProvenance, FileVerificationState, ProvenanceFacts, VerdictLevel } from './report';

/** Worse first, for "the worst state across files". */
const RANK: Record<FileVerificationState, number> = {
  invalid: 5,
  'publisher-mismatch': 4,
  'claim-mismatch': 3,
  'no-attestation': 2,
  'cannot-verify': 1,
  verified: 0,
};

export const STATE_LABEL: Record<FileVerificationState, { level: VerdictLevel; word: string }> = {
  verified: { level: 'good', word: 'Verified' },
  'claim-mismatch': { level: 'caution', word: 'Verified, other repository' },
  'publisher-mismatch': { level: 'danger', word: 'Publisher mismatch' },
  invalid: { level: 'danger', word: 'Invalid attestation' },
  'no-attestation': { level: 'unknown', word: 'No attestation' },
  'cannot-verify': { level: 'unknown', word: 'Could not verify' },
};

export type VersionSummary = {
  state: FileVerificationState;
  level: VerdictLevel;
  /** Some files attested and others not. */
  mixed: boolean;
  /** Earlier releases were attested (makes "no attestation" a caution). */
  attestedBefore: string | null;
  predicateTypes: string[];
};

export function worstState(files: FileProvenance[]): FileVerificationState {
  return files.reduce<FileVerificationState>(
    (worst, f) => (RANK[f.verification.state] > RANK[worst] ? f.verification.state : worst),
    'verified',
  );
}

export function versionSummary(facts: ProvenanceFacts): VersionSummary {
  const state = facts.files.length === 0 ? 'no-attestation' : worstState(facts.files);
  const attested = facts.files.filter((f) => f.verification.state !== 'no-attestation').length;
  const mixed = attested > 0 && attested < facts.files.length;
  const attestedBefore = facts.previous.find((r) => r.attested)?.version ?? null;
  const level: VerdictLevel = state === 'no-attestation' && (mixed || attestedBefore !== null) ? 'caution' : STATE_LABEL[state].level;
  const predicateTypes = [
    ...new Set(
      facts.files.flatMap((f) =>
        f.verification.attestations.flatMap((a) => (a.state === 'verified' && a.predicateType ? [a.predicateType] : [])),
      ),
    ),
  ];
  return { state, level, mixed, attestedBefore, predicateTypes };
}

/** "github.com/pypa/sampleproject" — host and slug of a verified identity, for sentences. */
export function identityRepository(identity: CertificateIdentity | null): string | null {
  if (!identity?.repository || !identity.forge) return identity?.subject ?? null;
  return `${identity.forge === 'github' ? 'github.com' : 'gitlab.com'}/${identity.repository}`;
}

/**
 * "pypa/sampleproject release.yml" — the signer in a few words, for a table cell or a summary row: the
 * repository's owner/name and the workflow's file name (the full path stays in `identityWorkflow`).
 */
export function identityShort(identity: CertificateIdentity | null): string | null {
  if (!identity) return null;
  const path = identity.workflow ?? identity.subject?.match(/^https:\/\/[^/]+\/[^@]*\/([^/@]+)@/)?.[1] ?? null;
  const file = path ? path.slice(path.lastIndexOf('/') + 1) : null;
  const who = identity.repository ?? identity.subject;
  if (!who) return null;
  return file && identity.repository ? `${who} ${file}` : who;
}

/** "pypa/sampleproject/.github/workflows/release.yml" — repository and workflow, for continuity. */
export function identityWorkflow(identity: CertificateIdentity | null): string | null {
  const repository = identityRepository(identity);
  if (!repository) return null;
  return identity?.workflow ? `${repository}/${identity.workflow}` : repository;
}

export const PREDICATE_NAMES: Record<string, string> = {
  'https://docs.pypi.org/attestations/publish/v1': 'PyPI publish',
  'https://slsa.dev/provenance/v1': 'SLSA provenance',
};
