// Advisories: what affects the viewed version, what still affects the latest one, malicious-package
// reports first, withdrawn advisories folded away (they do not count).
import type { Advisory, AdvisoryFacts, Section } from '../../utils/contract/report';
import { ExternalLink, LevelTag, SectionFrame, type SectionChrome, Truncated, clip, severityLabel } from '../shared/format';
import { plural } from '../../utils/lib/words';

export type SectionAdvisoriesProps = SectionChrome & {
  /** null while the report is loading. */
  section: Section<AdvisoryFacts> | null;
  onRetry?: () => void;
};

export function SectionAdvisories({ section, onRetry, ...chrome }: SectionAdvisoriesProps) {
  return (
    <SectionFrame {...chrome} id="advisories" title="Advisories" section={section} onRetry={onRetry}>
      {(facts) => <AdvisoriesBody facts={facts} />}
    </SectionFrame>
  );
}

/** Malicious-package reports first, then by severity score, highest first. */
function byConcern(a: Advisory, b: Advisory): number {
  if (a.malicious !== b.malicious) return a.malicious ? -1 : 1;
  return (b.severity.score ?? -1) - (a.severity.score ?? -1);
}

function AdvisoriesBody({ facts }: { facts: AdvisoryFacts }) {
  const active = facts.advisories.filter((a) => !a.withdrawn).sort(byConcern);
  const withdrawn = facts.advisories.filter((a) => a.withdrawn);
  const viewed = active.filter((a) => a.affectsViewed);
  const latest = active.filter((a) => a.affectsLatest);
  const latestOnly = latest.filter((a) => !a.affectsViewed);
  const latestAlsoViewed = latest.filter((a) => a.affectsViewed);
  const others = active.filter((a) => !a.affectsViewed && !a.affectsLatest);
  // Malicious code in other releases (a compromised release) is listed: it matters to whoever installed them.
  const maliciousElsewhere = others.filter((a) => a.malicious);
  const elsewhere = others.length - maliciousElsewhere.length;
  const viewedIsLatest = facts.latestVersion === null || facts.latestVersion === facts.viewedVersion;

  return (
    <>
      {facts.osv && (
        <p class="tp-muted" data-fact="osv-unchecked" data-error-kind={facts.osv.kind}>
          OSV could not be asked ({clip(facts.osv.message, 160)}): these are PyPI's own advisories for this release, without severities or
          malicious-code reports.
        </p>
      )}
      <div class="tp-group" data-group="viewed">
        <h4 class="tp-group__title">
          Affecting the viewed version {facts.viewedVersion} (<span data-fact="advisory-count-viewed">{viewed.length}</span>)
        </h4>
        {viewed.length > 0 ? (
          <AdvisoryList advisories={viewed} />
        ) : (
          <p class="tp-muted">
            {facts.osv ? <LevelTag level="info" word="None in PyPI's feed" /> : <LevelTag level="good" word="None known" />} for{' '}
            {facts.viewedVersion}.
          </p>
        )}
      </div>
      <div class="tp-group" data-group="latest">
        <h4 class="tp-group__title">
          Affecting latest {facts.latestVersion ?? ''} (<span data-fact="advisory-count-latest">{latest.length}</span>)
        </h4>
        {viewedIsLatest ? (
          <p class="tp-muted">The viewed version is the latest release: the same advisories as above.</p>
        ) : latest.length === 0 ? (
          <p class="tp-muted">
            <LevelTag level="good" word="Latest is not affected" />
            {viewed.length > 0 ? ` — upgrading to ${facts.latestVersion} avoids the advisories above.` : '.'}
          </p>
        ) : (
          <>
            {latestAlsoViewed.length > 0 && (
              <p class="tp-muted" data-fact="also-in-latest">
                Still open in latest: {latestAlsoViewed.map((a) => a.id).join(', ')} (listed above).
              </p>
            )}
            {latestOnly.length > 0 && <AdvisoryList advisories={latestOnly} />}
          </>
        )}
      </div>
      {maliciousElsewhere.length > 0 && (
        <div class="tp-group" data-group="other-releases">
          <h4 class="tp-group__title">Malicious code in other releases ({maliciousElsewhere.length})</h4>
          <AdvisoryList advisories={maliciousElsewhere} />
        </div>
      )}
      {facts.otherVersions?.state === 'error' && (
        <p class="tp-muted" data-fact="other-versions-unchecked">
          Malicious-code reports for other releases could not be checked ({clip(facts.otherVersions.message, 160)}).
        </p>
      )}
      {elsewhere > 0 && (
        <p class="tp-muted" data-fact="advisory-count-other">
          {plural(elsewhere, 'more advisory', 'more advisories')} affect other versions only.
        </p>
      )}
      {withdrawn.length > 0 && (
        <details class="tp-withdrawn" data-fact="advisories-withdrawn">
          <summary>{plural(withdrawn.length, 'withdrawn advisory', 'withdrawn advisories')} (not counted)</summary>
          <AdvisoryList advisories={withdrawn} />
        </details>
      )}
    </>
  );
}

function AdvisoryList({ advisories }: { advisories: Advisory[] }) {
  return (
    <ul class="tp-advisories">
      {advisories.map((advisory) => (
        <AdvisoryItem key={advisory.id} advisory={advisory} />
      ))}
    </ul>
  );
}

function fixedInText(advisory: Advisory): string {
  const { fixedIn, malwareScope } = advisory;
  if (malwareScope?.kind === 'compromised-release') {
    const them = malwareScope.versions.length === 1 ? 'it' : 'them';
    return `Only ${malwareScope.versions.join(', ')} ${malwareScope.versions.length === 1 ? 'was' : 'were'} compromised: remove ${them} and rotate every secret of the machine that installed ${them}.`;
  }
  if (advisory.malicious) return 'No safe version: remove this package.';
  if (fixedIn.length === 0) return 'No fixed version yet.';
  if (fixedIn.length === 1) return `Fixed in ≥ ${fixedIn[0]}`;
  return `Fixed in ${fixedIn.join(', ')} (per release line)`;
}

/** One line each: the ID (linked), its severity chip and what fixes it; the summary and aliases on expand. */
function AdvisoryItem({ advisory }: { advisory: Advisory }) {
  const severity = severityLabel(advisory.severity.band);
  const score = advisory.severity.score;
  const classes = ['tp-advisory', advisory.malicious && 'tp-advisory--malicious', advisory.withdrawn && 'tp-advisory--withdrawn'];
  return (
    <li class={classes.filter(Boolean).join(' ')} data-advisory-id={advisory.id} data-severity={advisory.severity.band}>
      <p class="tp-advisory__head">
        {advisory.malicious && (
          <span class="tp-advisory__malicious" data-malware-scope={advisory.malwareScope?.kind ?? 'malicious-project'}>
            {advisory.malwareScope?.kind === 'compromised-release' ? (
              <LevelTag level={advisory.affectsViewed ? 'danger' : 'caution'} word="Compromised release" />
            ) : (
              <LevelTag level="danger" word="Known malicious package" />
            )}{' '}
          </span>
        )}
        <ExternalLink url={advisory.url} class="tp-advisory__id">
          {advisory.id}
        </ExternalLink>{' '}
        {!advisory.malicious && (
          <LevelTag
            level={severity.level}
            icon={severity.icon}
            word={
              score !== null
                ? `${severity.word} ${score.toFixed(1)}`
                : advisory.severity.source === 'unread'
                  ? 'Severity not read'
                  : severity.word
            }
          />
        )}{' '}
        <span class="tp-advisory__fixed" data-fact="advisory-fixed">
          {advisory.withdrawn ? 'Withdrawn. ' : ''}
          {fixedInText(advisory)}
        </span>
      </p>
      <details class="tp-advisory__more">
        <summary>summary{advisory.aliases.length > 0 ? ' and aliases' : ''}</summary>
        <p class="tp-advisory__summary">
          <Truncated text={advisory.summary ?? 'No summary given.'} />
        </p>
        {advisory.aliases.length > 0 && (
          <p class="tp-muted" data-fact="advisory-aliases">
            Also known as {clip(advisory.aliases.slice(0, 4).join(', '), 160)}
            {advisory.aliases.length > 4 ? ', …' : ''}
          </p>
        )}
      </details>
    </li>
  );
}
