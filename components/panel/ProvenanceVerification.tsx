// The verification part of a Provenance file row: the state, and the signer exactly as the verified
// Sigstore certificate states it. PyPI's publisher JSON is unsigned: it is only ever shown as
// "claimed", never as verified and never as a link when the attestation failed.
import type { CertificateIdentity, FileProvenance, Publisher } from '../../utils/contract/report';
import { PREDICATE_NAMES, STATE_LABEL } from '../../utils/contract/provenance-summary';
import { ExternalLink, LevelTag, Truncated, clip, formatDate } from '../shared/format';

const REASON_TEXT: Record<string, string> = {
  'trust-root-outdated': 'the extension’s Sigstore trust data is older than this attestation — update the extension',
  'unsupported-format': 'a format this version does not verify yet',
  'unsupported-publisher': 'a kind of Trusted Publisher this version cannot check',
  'unknown-predicate': 'an attestation type this version does not know',
  'too-many-attestations': 'more attestations than the extension checks',
  'api-disabled': 'PyPI has temporarily disabled attestations',
  unavailable: 'PyPI’s Integrity API did not answer',
  'not-checked': 'not verified',
  'verifier-error': 'the verifier stopped',
};

const shortCommit = (commit: string | null) => (commit && /^[0-9a-f]{40}$/i.test(commit) ? commit.slice(0, 7) : commit);

export function VerificationState({ file }: { file: FileProvenance }) {
  const { verification } = file;
  const label = STATE_LABEL[verification.state];
  const reason = verification.state === 'cannot-verify' && verification.reason ? REASON_TEXT[verification.reason] : null;
  return (
    <span data-fact="verification-state" data-verification={verification.state} data-reason={verification.reason ?? undefined}>
      <LevelTag level={label.level} word={label.word} />
      {reason && <span class="tp-muted"> ({reason})</span>}
    </span>
  );
}

/** "github.com/OWNER/REPO", linked to the repository URL from the certificate. */
function RepositoryLink({ identity }: { identity: CertificateIdentity }) {
  const host = identity.forge === 'gitlab' ? 'gitlab.com' : 'github.com';
  if (!identity.repository) return <strong>{clip(identity.subject ?? 'an unnamed identity', 160)}</strong>;
  return (
    <ExternalLink url={identity.repositoryUrl}>
      <strong>{clip(`${host}/${identity.repository}`, 160)}</strong>
    </ExternalLink>
  );
}

/** The verified signer: repository, workflow, ref, commit, trigger, runner and the Sigstore log entry. */
export function VerifiedIdentity({ file }: { file: FileProvenance }) {
  const { identity, attestations, state } = file.verification;
  // Only a verified signature makes the certificate's identity a fact worth showing.
  if (!identity || (state !== 'verified' && state !== 'claim-mismatch' && state !== 'publisher-mismatch')) return null;
  const signed = attestations.find((a) => a.identity !== null && a.logIndex !== null);
  const reusable = identity.buildSignerUri && identity.buildSignerUri !== identity.buildConfigUri ? identity.buildSignerUri : null;
  const types = [
    ...new Set(
      attestations.flatMap((a) => (a.state === 'verified' && a.predicateType ? [PREDICATE_NAMES[a.predicateType] ?? a.predicateType] : [])),
    ),
  ];
  return (
    <p
      class="tp-identity"
      data-fact="verified-identity"
      data-repository={identity.repository ?? undefined}
      data-workflow={identity.workflow ?? undefined}
    >
      {file.verification.state === 'publisher-mismatch' ? 'Signed by ' : 'Published from '}
      <RepositoryLink identity={identity} />
      {identity.workflow && (
        <>
          {' by workflow '}
          <code>{clip(identity.workflow, 120)}</code>
        </>
      )}
      {identity.ref && (
        <>
          {' @ '}
          <code data-fact="identity-ref">{clip(identity.ref, 120)}</code>
        </>
      )}
      {identity.commit && (
        <>
          {' ('}
          <code data-fact="identity-commit">{shortCommit(identity.commit)}</code>
          {')'}
        </>
      )}
      {signed?.integratedAt && <>, {formatDate(signed.integratedAt)}</>}
      {signed?.logUrl && (
        <>
          {' '}
          <ExternalLink url={signed.logUrl} class="tp-small">
            <span data-fact="sigstore-log">Sigstore log #{signed.logIndex}</span>
          </ExternalLink>
        </>
      )}
      <span class="tp-muted tp-small">
        {identity.trigger && ` · trigger ${clip(identity.trigger, 40)}`}
        {identity.runner && ` · runner ${clip(identity.runner, 40)}`}
        {identity.visibility && ` · ${clip(identity.visibility, 20)} repository`}
        {types.length > 0 && ` · ${types.join(', ')}`}
      </span>
      {identity.runner === 'self-hosted' && (
        <span class="tp-muted"> — built on a self-hosted runner, outside GitHub’s hosted machines.</span>
      )}
      {identity.runUrl && (
        <>
          {' '}
          <ExternalLink url={identity.runUrl} class="tp-small">
            build run
          </ExternalLink>
        </>
      )}
      {reusable && <span class="tp-muted tp-small"> · signed by reusable workflow {clip(reusable, 160)}</span>}
    </p>
  );
}

/** Why the file is not verified, in one line (danger and caution states). */
export function VerificationProblem({ file, claimed }: { file: FileProvenance; claimed: Publisher[] }) {
  const { state, detail, claimedRepository } = file.verification;
  if (state === 'claim-mismatch') {
    return (
      <p class="tp-warning" data-fact="verification-problem">
        Validly attested, but published from another repository than the one the project links
        {claimedRepository && (
          <>
            {' ('}
            <strong>{clip(claimedRepository, 160)}</strong>
            {')'}
          </>
        )}
        .
      </p>
    );
  }
  if (state !== 'invalid' && state !== 'publisher-mismatch') return null;
  const pypi = claimed.map((p) => [p.repository, p.workflow].filter(Boolean).join(' · ') || p.email || p.kind).join('; ');
  return (
    <p class="tp-warning" data-fact="verification-problem">
      {state === 'invalid' ? 'Attestation present but does NOT verify: ' : 'The certificate does not match the publisher PyPI lists: '}
      <Truncated text={detail ?? 'unknown reason'} limit={200} />
      {pypi && <span class="tp-muted"> PyPI lists (unverified): {clip(pypi, 200)}.</span>}
    </p>
  );
}
