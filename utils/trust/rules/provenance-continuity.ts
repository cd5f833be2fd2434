import type { CertificateIdentity, FileProvenance } from '../../contract/report';
import { PREVIOUS_VERIFIED, isVerified, previousEvidence, previousVerified } from '../provenance-support';
import { identityWorkflow } from '../../contract/provenance-summary';
import { finding, okData, projectPage, versionPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'provenance-continuity';

/** Same forge, repository (case-insensitive, as GitHub and GitLab treat names) and workflow file. */
function samePublisher(a: CertificateIdentity, b: CertificateIdentity): boolean {
  return (
    a.forge === b.forge &&
    (a.repository ?? a.subject ?? '').toLowerCase() === (b.repository ?? b.subject ?? '').toLowerCase() &&
    (a.workflow ?? '') === (b.workflow ?? '')
  );
}

const signerOf = (files: FileProvenance[]) => files.find((f) => isVerified(f) && f.verification.identity)?.verification.identity ?? null;

/**
 * Trusted Publishing ties a project to one repository and workflow. When the verified signer of this
 * release differs from the one of the release before, either the project moved — or someone else
 * now publishes it. (A release that stopped being attested is the provenance rule's caution.)
 */
export const provenanceContinuity: Rule = {
  id: ID,
  title: 'Provenance continuity (publisher changes)',
  rationale: 'A change of the repository or workflow that verifiably publishes a project is how a takeover through a new CI setup looks.',
  thresholds: [
    {
      name: 'PREVIOUS_VERIFIED',
      value: PREVIOUS_VERIFIED,
      unit: 'releases',
      reason: 'the releases just before the viewed one are verified; the nearest verified one is compared',
    },
  ],
  evaluate(input) {
    const facts = okData(input.provenance);
    if (!facts) return [];
    const current = signerOf(facts.files);
    const before = previousVerified(facts);
    const previous = before?.verified?.identity ?? null;
    if (!current || !before || !previous || samePublisher(current, previous)) return [];
    const oldSigner = identityWorkflow(previous) ?? 'an unnamed signer';
    const newSigner = identityWorkflow(current) ?? 'an unnamed signer';
    const viewedFile = facts.files.find((f) => isVerified(f) && f.provenanceUrl);
    return [
      finding(
        input,
        ID,
        'caution',
        `Publisher changed since ${before.version}: ${oldSigner} → ${newSigner}`,
        `${before.version} was published through Trusted Publishing by ${oldSigner}; ${facts.version} by ${newSigner} (both verified from their Sigstore certificates). ` +
          'A moved repository or a renamed workflow looks the same; otherwise someone else now publishes this project.',
        [
          ...(viewedFile?.provenanceUrl ? [{ label: `Provenance of ${viewedFile.filename}`, url: viewedFile.provenanceUrl }] : []),
          ...previousEvidence(before),
          versionPage(input, before.version),
          projectPage(input),
        ],
      ),
    ];
  },
};
