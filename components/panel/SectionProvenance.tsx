// Provenance: PEP 792 project status when not active, and per file of the viewed version whether
// PyPI holds a PEP 740 attestation, whether it verifies (offline, Sigstore) and who signed it — the
// signer as its certificate states it; PyPI's own publisher JSON only as an unverified claim.
import type {
  FileProvenance,
  ProjectStatus,
  ProvenanceFacts,
  Publisher,
  ReleaseProvenanceSummary,
  Section,
} from '../../utils/contract/report';
import { STATE_LABEL, identityShort, identityWorkflow, versionSummary } from '../../utils/contract/provenance-summary';
import { TRUSTED_ROOT_SHA256 } from '../../utils/contract/trust-root-pin';
import { ExternalLink, LevelTag, SectionFrame, type SectionChrome, Truncated, clip } from '../shared/format';
import { plural } from '../../utils/lib/words';
import { VerificationProblem, VerificationState, VerifiedIdentity } from './ProvenanceVerification';
import { Fragment } from 'preact';

export type SectionProvenanceProps = SectionChrome & {
  /** null while the report is loading. */
  section: Section<ProvenanceFacts> | null;
  onRetry?: () => void;
};

export function SectionProvenance({ section, onRetry, ...chrome }: SectionProvenanceProps) {
  return (
    <SectionFrame {...chrome} id="provenance" title="Provenance" section={section} onRetry={onRetry}>
      {(facts) => <ProvenanceBody facts={facts} />}
    </SectionFrame>
  );
}

/** Shown beyond this many earlier releases, the list adds little. */
const PREVIOUS_SHOWN = 10;

function ProvenanceBody({ facts }: { facts: ProvenanceFacts }) {
  const attested = facts.files.filter((f) => f.state === 'attested').length;
  const unsigned = facts.files.some((f) => f.verification.reason === 'not-checked');
  const verifiedRoot = facts.files.find((f) => f.verification.state === 'verified' || f.verification.state === 'claim-mismatch')
    ?.verification.trustRootSha256;
  return (
    <>
      <StatusLine status={facts.projectStatus} />
      <p data-fact="attested-summary">
        {facts.files.length === 0
          ? `Release ${facts.version} has no files.`
          : `${attested} of ${plural(facts.files.length, 'file')} attested (${facts.version})`}
      </p>
      {facts.files.length > 0 && <VersionSummaryLine facts={facts} />}
      {facts.files.length > 0 && (
        <table class="tp-files">
          <caption class="tp-visually-hidden">Files of {facts.version}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Verified</th>
              <th scope="col">Signer / workflow</th>
            </tr>
          </thead>
          {facts.files.map((file) => (
            <FileRow key={file.filename} file={file} />
          ))}
        </table>
      )}
      {unsigned && (
        <p class="tp-muted tp-note" data-fact="signature-note">
          Some attestations were not verified: their publishers are shown as PyPI serves them.
        </p>
      )}
      {verifiedRoot && (
        <p class="tp-muted tp-note tp-small" data-fact="trust-root-note">
          Verified offline against the Sigstore trust root built into the extension (sha256 {verifiedRoot.slice(0, 12)}…
          {verifiedRoot === TRUSTED_ROOT_SHA256 ? '' : ', not the pinned one'}).
        </p>
      )}
      {facts.previous.length > 0 && (
        <details class="tp-previous" data-fact="previous-provenance">
          <summary>
            Earlier releases: {facts.previous.filter((r) => r.attested).length} of {facts.previous.length} attested
          </summary>
          <ul>
            {facts.previous.slice(0, PREVIOUS_SHOWN).map((release) => (
              <li key={release.version} data-version={release.version}>
                {release.version}:{' '}
                {release.attested ? (
                  <LevelTag level="good" word="Attested" />
                ) : (
                  <LevelTag level="unknown" icon="dash" word="Not attested" />
                )}{' '}
                <span class="tp-muted">({plural(release.fileCount, 'file')})</span>
                <PreviousSigner release={release} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

const STATUS_TEXT: Record<ProjectStatus['status'], { level: 'danger' | 'caution' | 'unknown'; text: string } | null> = {
  active: null,
  quarantined: { level: 'danger', text: 'Quarantined by PyPI: installs are blocked while it is investigated' },
  archived: { level: 'caution', text: 'Archived by its maintainers: no further releases are expected' },
  deprecated: { level: 'caution', text: 'Deprecated by its maintainers' },
  unknown: { level: 'unknown', text: 'Project status could not be read' },
};

function StatusLine({ status }: { status: ProjectStatus }) {
  const entry = STATUS_TEXT[status.status];
  if (!entry) return null;
  return (
    <p class="tp-warning" data-fact="project-status" data-status={status.status}>
      <LevelTag level={entry.level} word={`Project ${status.status}`} />: {entry.text}
      {status.reason && (
        <>
          {' — '}
          <Truncated text={status.reason} />
        </>
      )}
    </p>
  );
}

/** The release as a whole: the worst file state (PROVENANCE.md §6), and mixed attestation. */
function VersionSummaryLine({ facts }: { facts: ProvenanceFacts }) {
  const summary = versionSummary(facts);
  const label = STATE_LABEL[summary.state];
  const note =
    summary.state === 'no-attestation' && summary.attestedBefore ? ` — earlier releases (${summary.attestedBefore}) were attested` : '';
  return (
    <p data-fact="verification-summary" data-verification={summary.state} data-level={summary.level}>
      <LevelTag level={summary.level} word={label.word} />
      {summary.state === 'verified' && ` — every attestation of ${facts.version} verified`}
      {note}
      {summary.mixed && <span class="tp-muted"> (some files are attested, others are not)</span>}
    </p>
  );
}

function PreviousSigner({ release }: { release: ReleaseProvenanceSummary }) {
  const signer = identityWorkflow(release.verified?.identity ?? null);
  if (!release.verified || !signer) return null;
  const label = STATE_LABEL[release.verified.state];
  return (
    <span class="tp-muted" data-fact="previous-signer">
      {' '}
      · <LevelTag level={label.level} word={label.word} /> {clip(signer, 160)}
    </span>
  );
}

function FileState({ file }: { file: FileProvenance }) {
  if (file.state !== 'error') return <VerificationState file={file} />;
  return (
    <>
      <VerificationState file={file} />
      {file.error && (
        <span class="tp-muted">
          {' '}
          — <Truncated text={file.error.message} limit={120} />
        </span>
      )}
    </>
  );
}

const PUBLISHER_KINDS: Record<string, string> = {
  GitHub: 'GitHub Actions',
  GitLab: 'GitLab CI/CD',
  Google: 'Google Cloud',
  ActiveState: 'ActiveState',
};

/** PyPI's publisher object is unsigned: a claim, in words, never a link and never "verified". */
function PublisherLine({ publisher, verified }: { publisher: Publisher; verified: boolean }) {
  const where = [publisher.repository, publisher.workflow].filter(Boolean).join(' · ');
  if (verified) {
    // Everything else is shown from the certificate; the environment is not in it.
    if (!publisher.environment) return null;
    return (
      <li class="tp-publisher tp-muted">Environment {clip(publisher.environment, 80)} (from PyPI; not in the certificate, not verified)</li>
    );
  }
  return (
    <li class="tp-publisher">
      PyPI lists (unverified): {PUBLISHER_KINDS[publisher.kind] ?? publisher.kind}
      {where && ` ${clip(where, 160)}`}
      {publisher.environment && <span class="tp-muted"> (environment {clip(publisher.environment, 80)})</span>}
      {!where && publisher.email && <span class="tp-muted"> ({clip(publisher.email, 120)})</span>}
    </li>
  );
}

/** The signer and workflow in a few words: the certificate's when verified, else what PyPI claims (unverified). */
function signerShort(file: FileProvenance, verified: boolean): string {
  if (verified) return identityShort(file.verification.identity ?? null) ?? '—';
  const claimed = file.publishers[0];
  if (!claimed) return '—';
  const where = [claimed.repository, claimed.workflow].filter(Boolean).join('/');
  return where ? `${where} (claimed)` : `${PUBLISHER_KINDS[claimed.kind] ?? claimed.kind} (claimed)`;
}

/** "owner/name release.yml" with a line-break opportunity after each slash, so a narrow cell breaks there first. */
function breakAfterSlashes(text: string) {
  return text.split('/').map((part, i, parts) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && (
        <>
          /<wbr />
        </>
      )}
    </Fragment>
  ));
}

/** One file: a table row (file, verified or not, signer/workflow), then its certificate and problems in full. */
function FileRow({ file }: { file: FileProvenance }) {
  const verified = file.verification.state === 'verified' || file.verification.state === 'claim-mismatch';
  const failed = file.verification.state === 'invalid' || file.verification.state === 'publisher-mismatch';
  const more = (
    <>
      <VerifiedIdentity file={file} />
      <VerificationProblem file={file} claimed={file.publishers} />
      {file.publishers.length > 0 && !failed && (
        <ul class="tp-publishers">
          {file.publishers.map((publisher, i) => (
            <PublisherLine key={i} publisher={publisher} verified={verified} />
          ))}
        </ul>
      )}
    </>
  );
  return (
    <tbody class="tp-file" data-file={file.filename} data-state={file.state} data-verification={file.verification.state}>
      <tr>
        <td class="tp-file__name">
          <code>{clip(file.filename, 200)}</code>
        </td>
        <td>
          <FileState file={file} />
          {file.digestMatch === true && verified && (
            <>
              {' '}
              <LevelTag level="good" word="Digest matches" class="tp-digest" />
            </>
          )}
          {file.digestMatch === false && (
            <>
              {' '}
              <LevelTag level="danger" word="Digest mismatch" class="tp-digest" />
              <span class="tp-muted"> — the attestation names a different file hash</span>
            </>
          )}
          {file.provenanceUrl && file.state === 'attested' && (
            <>
              {' '}
              <ExternalLink url={file.provenanceUrl} class="tp-small">
                provenance
              </ExternalLink>
            </>
          )}
        </td>
        <td
          class="tp-file__signer"
          data-fact="file-signer"
          title={verified ? (identityWorkflow(file.verification.identity ?? null) ?? undefined) : undefined}
        >
          {breakAfterSlashes(clip(signerShort(file, verified), 120))}
        </td>
      </tr>
      <tr class="tp-file__more">
        <td colSpan={3}>{more}</td>
      </tr>
    </tbody>
  );
}
