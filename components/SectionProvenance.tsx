// Provenance: PEP 792 project status when not active, and per file of the viewed version whether
// PyPI holds a PEP 740 attestation, who published it, and whether its digest names this file.
import type { FileProvenance, ProjectStatus, ProvenanceFacts, Publisher, Section } from '../utils/report';
import { ExternalLink, LevelTag, SectionFrame, Truncated, clip, plural } from './format';

export type SectionProvenanceProps = {
  /** null while the report is loading. */
  section: Section<ProvenanceFacts> | null;
  onRetry?: () => void;
};

export function SectionProvenance({ section, onRetry }: SectionProvenanceProps) {
  return (
    <SectionFrame id="provenance" title="Provenance" section={section} onRetry={onRetry}>
      {(facts) => <ProvenanceBody facts={facts} />}
    </SectionFrame>
  );
}

/** Shown beyond this many earlier releases, the list adds little. */
const PREVIOUS_SHOWN = 10;

function ProvenanceBody({ facts }: { facts: ProvenanceFacts }) {
  const attested = facts.files.filter((f) => f.state === 'attested').length;
  const unsigned = facts.files.some((f) => f.state === 'attested' && f.signature === 'not-verified');
  return (
    <>
      <StatusLine status={facts.projectStatus} />
      <p data-fact="attested-summary">
        {facts.files.length === 0
          ? `Release ${facts.version} has no files.`
          : `${attested} of ${plural(facts.files.length, 'file')} attested (${facts.version})`}
      </p>
      {facts.files.length > 0 && (
        <ul class="tp-files">
          {facts.files.map((file) => (
            <FileRow key={file.filename} file={file} />
          ))}
        </ul>
      )}
      {unsigned && (
        <p class="tp-muted tp-note" data-fact="signature-note">
          Signatures are not yet verified in the browser: attestations and publishers are shown as PyPI serves them.
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
                  <LevelTag level="good" icon="✓" word="Attested" />
                ) : (
                  <LevelTag level="unknown" icon="○" word="Not attested" />
                )}{' '}
                <span class="tp-muted">({plural(release.fileCount, 'file')})</span>
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
  const icon = entry.level === 'danger' ? '✖' : entry.level === 'caution' ? '⚠' : '?';
  return (
    <p class="tp-warning" data-fact="project-status" data-status={status.status}>
      <LevelTag level={entry.level} icon={icon} word={`Project ${status.status}`} />: {entry.text}
      {status.reason && (
        <>
          {' — '}
          <Truncated text={status.reason} />
        </>
      )}
    </p>
  );
}

function FileState({ file }: { file: FileProvenance }) {
  if (file.state === 'attested') return <LevelTag level="good" icon="✓" word="Attested" />;
  if (file.state === 'none') return <LevelTag level="unknown" icon="○" word="Not attested" />;
  return (
    <>
      <LevelTag level="caution" icon="⚠" word="Not checked" />
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

function PublisherLine({ publisher }: { publisher: Publisher }) {
  const where = [publisher.repository, publisher.workflow].filter(Boolean).join(' · ');
  return (
    <li class="tp-publisher">
      Published by {PUBLISHER_KINDS[publisher.kind] ?? publisher.kind}
      {where && (
        <>
          {' from '}
          <ExternalLink url={publisher.url}>{clip(where, 160)}</ExternalLink>
        </>
      )}
      {publisher.environment && <span class="tp-muted"> (environment {clip(publisher.environment, 80)})</span>}
      {!where && publisher.email && <span class="tp-muted"> ({clip(publisher.email, 120)})</span>}
    </li>
  );
}

function FileRow({ file }: { file: FileProvenance }) {
  return (
    <li class="tp-file" data-file={file.filename} data-state={file.state}>
      <p class="tp-file__name">
        <code>{clip(file.filename, 200)}</code>
      </p>
      <p>
        <FileState file={file} />
        {file.digestMatch === true && (
          <>
            {' '}
            <LevelTag level="good" icon="✓" word="Digest matches" class="tp-digest" />
          </>
        )}
        {file.digestMatch === false && (
          <>
            {' '}
            <LevelTag level="danger" icon="✗" word="Digest mismatch" class="tp-digest" />
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
      </p>
      {file.publishers.length > 0 && (
        <ul class="tp-publishers">
          {file.publishers.map((publisher, i) => (
            <PublisherLine key={i} publisher={publisher} />
          ))}
        </ul>
      )}
    </li>
  );
}
