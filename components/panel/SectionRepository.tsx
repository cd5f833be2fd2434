// Repository: which source repository the project links, whether that link is verified or only
// claimed, GitHub's statistics (deps.dev as fallback) and the OpenSSF Scorecard.
import type {
  DepsDevProject,
  GithubRepo,
  RepositoryFacts,
  RepositoryHost,
  RepositoryLink,
  Section,
  SourceError,
  VerificationEvidence,
} from '../../utils/contract/report';
import { safeHttpsUrl } from '../../utils/lib/safe-url';
import {
  ExternalLink,
  LevelTag,
  SectionFrame,
  type SectionChrome,
  TimeText,
  Truncated,
  clip,
  formatClock,
  formatNumber,
  relativeTime,
} from '../shared/format';

export type SectionRepositoryProps = SectionChrome & {
  /** null while the report is loading. */
  section: Section<RepositoryFacts> | null;
  /** "now" for relative dates; defaults to the render time. */
  nowMs?: number;
  onRetry?: () => void;
};

export function SectionRepository({ section, nowMs, onRetry, ...chrome }: SectionRepositoryProps) {
  return (
    <SectionFrame {...chrome} id="repository" title="Repository" section={section} onRetry={onRetry}>
      {(facts) => <RepositoryBody facts={facts} nowMs={nowMs ?? Date.now()} />}
    </SectionFrame>
  );
}

const HOST_NAMES: Record<RepositoryHost, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  codeberg: 'Codeberg',
  bitbucket: 'Bitbucket',
  sourcehut: 'SourceHut',
  other: '',
};

export function hostName(link: RepositoryLink): string {
  if (HOST_NAMES[link.host]) return HOST_NAMES[link.host];
  const safe = safeHttpsUrl(link.url);
  return safe ? new URL(safe).hostname : 'another host';
}

const EVIDENCE_KINDS: Record<VerificationEvidence['kind'], string> = {
  attestation: 'Attestation',
  'deps.dev': 'deps.dev',
  page: 'pypi.org',
};

function RepositoryBody({ facts, nowMs }: { facts: RepositoryFacts; nowMs: number }) {
  const { link } = facts;
  if (!link) {
    return (
      <p class="tp-muted" data-fact="repository-link">
        No source repository linked.
      </p>
    );
  }
  const repoName = link.owner && link.name ? `${link.owner}/${link.name}` : link.url;
  return (
    <>
      <p data-fact="repository-link">
        <ExternalLink url={link.url}>{clip(repoName, 120)}</ExternalLink>{' '}
        <span class="tp-muted">
          on {hostName(link)}
          {link.subPath && <> (in {clip(link.subPath, 120)})</>}, linked as “<Truncated text={link.label} limit={60} />”
        </span>
      </p>
      <Verification facts={facts} />
      {link.host !== 'github' || facts.github === null ? (
        <p class="tp-muted" data-fact="repository-stats">
          Repository on {hostName(link)} — statistics not checked.
        </p>
      ) : (
        <GithubStats github={facts.github} depsDev={facts.depsDevProject} nowMs={nowMs} />
      )}
      <Scorecard depsDev={facts.depsDevProject} />
    </>
  );
}

function Verification({ facts }: { facts: RepositoryFacts }) {
  const { status, evidence, pending } = facts.verification;
  const verified = status === 'verified';
  // Early report: the signed attestations, which may verify the link, are still being checked.
  const checking = !verified && pending === 'attestations';
  // pypi.org's sidebar marks the link verified: a hint the page could forge, so it is said as such and never shown as proof.
  const pageSays = evidence.some((item) => item.kind === 'page');
  const listed = verified ? evidence : evidence.filter((item) => item.kind !== 'page');
  return (
    <div
      class="tp-verification"
      data-fact="verification"
      data-status={checking ? 'checking' : status}
      data-page-hint={pageSays ? 'verified' : undefined}
    >
      <p>
        {verified ? (
          <LevelTag level="good" word="Verified" />
        ) : checking ? (
          <LevelTag level="unknown" icon="pending" word="Checking" />
        ) : (
          <LevelTag level="unknown" word="Claimed" />
        )}{' '}
        <span class="tp-muted">{verificationText(verified, checking, pageSays)}</span>
      </p>
      {listed.length > 0 && (
        <ul class="tp-evidence">
          {listed.map((item, i) => (
            <li key={i}>
              <ExternalLink url={item.url}>{EVIDENCE_KINDS[item.kind] ?? item.kind}</ExternalLink>: <Truncated text={item.detail} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function verificationText(verified: boolean, checking: boolean, pageSays: boolean): string {
  if (verified) return 'Independent evidence ties this package to the repository.';
  if (checking && pageSays) return 'pypi.org marks this link as verified; checking its attestations…';
  if (checking) return 'Checking the signed attestations of its files, which can tie the package to this repository…';
  if (pageSays)
    return 'pypi.org marks this link as verified, but no verified attestation or deps.dev record confirms it; until one does, it is only the project’s claim.';
  return 'Only the project’s own metadata names it; anyone can link any repository.';
}

function githubErrorText(error: SourceError): string {
  if (error.kind === 'rate-limited') {
    const clock = formatClock(error.retryAt);
    return `GitHub rate limit reached${clock ? `, resets at ${clock}` : ''} — add a token in settings`;
  }
  if (error.kind === 'not-found') return 'GitHub has no such repository (deleted, renamed or private)';
  return `GitHub could not be checked: ${error.message}`;
}

function GithubStats(props: { github: Section<GithubRepo>; depsDev: Section<DepsDevProject> | null; nowMs: number }) {
  const { github, depsDev, nowMs } = props;
  if (github.state === 'ok') {
    const repo = github.data;
    return (
      <>
        <dl class="tp-facts" data-fact="repository-stats" data-source="github">
          <dt>Stars</dt>
          <dd data-fact="stars">{formatNumber(repo.stars)}</dd>
          <dt>Forks</dt>
          <dd data-fact="forks">{formatNumber(repo.forks)}</dd>
          <dt>Open issues</dt>
          <dd data-fact="open-issues">{formatNumber(repo.openIssues)}</dd>
          <dt>Last push</dt>
          <dd>
            <TimeText iso={repo.pushedAt} text={relativeTime(repo.pushedAt, nowMs)} fact="last-push" />
          </dd>
        </dl>
        <RepoFlags repo={repo} />
      </>
    );
  }
  const problem = github.state === 'disabled' ? 'GitHub lookups are turned off in settings' : githubErrorText(github.error);
  const fallback = depsDev?.state === 'ok' ? depsDev.data : null;
  return (
    <>
      <p class="tp-warning" data-fact="github-error" data-error-kind={github.state === 'error' ? github.error.kind : 'disabled'}>
        <LevelTag level="caution" word="GitHub" />: {problem}
      </p>
      {fallback && (
        <dl class="tp-facts" data-fact="repository-stats" data-source="deps.dev">
          <dt>Stars</dt>
          <dd data-fact="stars">{formatNumber(fallback.stars)}</dd>
          <dt>Forks</dt>
          <dd data-fact="forks">{formatNumber(fallback.forks)}</dd>
          <dt>Open issues</dt>
          <dd data-fact="open-issues">{formatNumber(fallback.openIssues)}</dd>
          <dt>Source</dt>
          <dd>
            <ExternalLink url={fallback.url}>deps.dev</ExternalLink> (fallback, may lag GitHub)
          </dd>
        </dl>
      )}
    </>
  );
}

function RepoFlags({ repo }: { repo: GithubRepo }) {
  const flags = [
    repo.archived && (
      <li key="archived" data-flag="archived">
        <LevelTag level="caution" word="Archived" />: read-only, receives no more changes
      </li>
    ),
    repo.disabled && (
      <li key="disabled" data-flag="disabled">
        <LevelTag level="danger" word="Disabled" />: GitHub has disabled this repository
      </li>
    ),
    repo.isFork && (
      <li key="fork" data-flag="fork">
        <LevelTag level="info" word="Fork" />
        {repo.parentFullName ? (
          <>
            {' '}
            of <ExternalLink url={`https://github.com/${repo.parentFullName}`}>{clip(repo.parentFullName, 120)}</ExternalLink>
          </>
        ) : null}
      </li>
    ),
    repo.renamedFrom && (
      <li key="renamed" data-flag="renamed">
        <LevelTag level="info" word="Moved" />: the project links {clip(repo.renamedFrom, 120)}, now{' '}
        <ExternalLink url={repo.htmlUrl}>{clip(repo.fullName, 120)}</ExternalLink>
      </li>
    ),
  ].filter(Boolean);
  return flags.length > 0 ? <ul class="tp-flags">{flags}</ul> : null;
}

function Scorecard({ depsDev }: { depsDev: Section<DepsDevProject> | null }) {
  if (depsDev?.state === 'error' && depsDev.error.kind !== 'not-found') {
    // deps.dev failed (down, slow, refused us): say why the Scorecard is missing instead of leaving it out silently.
    return (
      <p class="tp-muted" data-fact="depsdev-error" data-error-kind={depsDev.error.kind}>
        OpenSSF Scorecard not checked: <Truncated text={depsDev.error.message} limit={140} />
      </p>
    );
  }
  if (depsDev?.state !== 'ok' || !depsDev.data.scorecard) return null;
  const { score, checks } = depsDev.data.scorecard;
  const weakest = checks
    .filter((check) => check.score !== null && check.score >= 0)
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0))
    .slice(0, 3);
  return (
    <div class="tp-scorecard" data-fact="scorecard">
      <p>
        <ExternalLink url={depsDev.data.url}>OpenSSF Scorecard</ExternalLink>:{' '}
        <strong data-fact="scorecard-score">{score.toFixed(1)}</strong> / 10
      </p>
      {weakest.length > 0 && (
        <>
          <p class="tp-muted">Weakest checks:</p>
          <ul class="tp-evidence">
            {weakest.map((check) => (
              <li key={check.name} data-check={check.name}>
                <ExternalLink url={check.url}>{clip(check.name, 80)}</ExternalLink> {check.score}/10
                {check.reason && (
                  <>
                    {' — '}
                    <Truncated text={check.reason} limit={140} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
