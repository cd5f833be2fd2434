import type { Evidence, FileProvenance, Finding } from '../../contract/report';
import { identityRepository } from '../../contract/provenance-summary';
import { finding, okData, projectPage } from '../helpers';
import type { Rule, TrustInput } from '../types';

const ID = 'provenance-verification';

/** Words for the reasons a file could not be verified (grey, never red: PROVENANCE.md §6). */
const CANNOT_VERIFY: Record<string, string> = {
  'trust-root-outdated': "the extension's Sigstore trust data is older than the attestation (update the extension)",
  'unsupported-format': 'the attestation uses a format this version does not verify yet (Rekor v2 or RFC 3161 timestamps)',
  'unsupported-publisher': 'PyPI lists a kind of Trusted Publisher this version cannot check',
  'unknown-predicate': 'the attestation is of an unknown type',
  'too-many-attestations': 'the file lists more attestations than the extension checks',
  unavailable: 'the attestation could not be matched to the file',
  'verifier-error': 'the verifier stopped',
};

function evidenceFor(input: TrustInput, files: FileProvenance[]): (Evidence | null)[] {
  return [
    ...files.map((f) => (f.provenanceUrl ? { label: `Provenance of ${f.filename}`, url: f.provenanceUrl } : null)),
    ...files.flatMap((f) =>
      f.verification.attestations.map((a) => (a.logUrl ? { label: `Sigstore log entry #${a.logIndex}`, url: a.logUrl } : null)),
    ),
    projectPage(input),
  ];
}

const names = (files: FileProvenance[]) => files.map((f) => f.filename).join(', ');

/**
 * Each attestation is checked offline against the embedded Sigstore trust root. One that does not
 * verify, or that a publisher other than the one PyPI lists signed, means the file is not what its
 * Trusted Publisher released; one we cannot check is said so, without alarm.
 */
export const provenanceVerification: Rule = {
  id: ID,
  title: 'Provenance signatures (Sigstore verification)',
  rationale:
    'A PEP 740 attestation is only evidence once its signature, certificate chain and transparency-log entry verify and its signer is the publisher PyPI lists.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.provenance);
    if (!facts) return [];
    const findings: Finding[] = [];
    // A statement naming another file is reported by the provenance rule already.
    const invalid = facts.files.filter((f) => f.verification.state === 'invalid' && f.digestMatch !== false);
    if (invalid.length > 0) {
      const reasons = [...new Set(invalid.map((f) => f.verification.detail ?? 'it does not verify'))].join(' ');
      findings.push(
        finding(
          input,
          ID,
          'danger',
          `Attestation of ${names(invalid)} does not verify`,
          `${reasons} Whoever uploaded the file, the attestation PyPI serves for it is not a valid Sigstore signature by its Trusted Publisher.`,
          evidenceFor(input, invalid),
        ),
      );
    }
    const mismatched = facts.files.filter((f) => f.verification.state === 'publisher-mismatch');
    if (mismatched.length > 0) {
      const signers = [...new Set(mismatched.map((f) => identityRepository(f.verification.identity) ?? 'an unknown signer'))].join(', ');
      const reasons = [...new Set(mismatched.map((f) => f.verification.detail ?? ''))].join(' ');
      findings.push(
        finding(
          input,
          ID,
          'danger',
          `Attestation of ${names(mismatched)} was signed by ${signers}, not the publisher PyPI lists`,
          `${reasons} The signature is valid, but its signer is not the Trusted Publisher PyPI records for the project.`,
          evidenceFor(input, mismatched),
        ),
      );
    }
    const unverifiable = facts.files.filter(
      (f) => f.state === 'attested' && f.verification.state === 'cannot-verify' && f.verification.reason !== 'not-checked',
    );
    if (unverifiable.length > 0) {
      const why = [
        ...new Set(unverifiable.map((f) => CANNOT_VERIFY[f.verification.reason ?? ''] ?? f.verification.detail ?? 'unknown reason')),
      ].join('; ');
      findings.push(
        finding(
          input,
          ID,
          'info',
          `Attestation of ${names(unverifiable)} could not be verified`,
          `The file has an attestation, but it could not be checked: ${why}. This says nothing against the file.`,
          evidenceFor(input, unverifiable),
        ),
      );
    }
    return findings;
  },
};
