// The trust panel (sidebar and popup): verdict header, findings with evidence, then the four sections.
// Render only: the report comes in as a prop; loading and whole-report errors are never blank.
import { Fragment } from 'preact';
import { worstFirst } from '../../utils/contract/levels';
import type { EarlyReport, Finding, Report } from '../../utils/contract/report';
import { safeHttpsUrl } from '../../utils/lib/safe-url';
import { ExternalLink, LevelTag, TimeText, Truncated, clip, findingLabel, relativeTime, verdictLabel } from '../shared/format';
import { Icon } from '../shared/icons';
import { SectionAdvisories } from './SectionAdvisories';
import { SectionCode } from './SectionCode';
import { SectionDependencies } from './SectionDependencies';
import { SectionProvenance } from './SectionProvenance';
import { SectionIdentity } from './SectionIdentity';
import { SectionReleases } from './SectionReleases';
import { SectionRepository } from './SectionRepository';
import { FacetSummary } from './FacetSummary';
import { checkingRows, summarize } from './summary';

export type TrustPanelProps = {
  report: Report | null;
  loading: boolean;
  /** A whole-report failure (the background did not answer), as text for the reader. */
  error: string | null;
  /** Where a rule is explained: an https: page or this extension's own page. */
  ruleUrl: (ruleId: string) => string;
  onRetry?: () => void;
  /** "now" for relative dates; defaults to the render time. */
  nowMs?: number;
  /** The install-time code scan is running (the report came back without it). */
  codeScanning?: boolean;
  /** The dependency graph is on its way (its own message); when not given, it follows codeScanning (the popup asks both at once). */
  dependenciesLoading?: boolean;
  /** The reader asked to scan files above the automatic size cap. */
  onInspectCode?: () => void;
  /** While the report loads: its first three sections, already final (provenance and the verdict follow). */
  early?: EarlyReport | null;
};

/** Rule pages may live inside the extension (chrome-extension://…/rules.html); anything else must be https:. */
export function safeRuleUrl(raw: string): string | null {
  if (/^(chrome|moz|safari-web)-extension:\/\/[a-z0-9-]+\//i.test(raw)) return raw;
  return safeHttpsUrl(raw);
}

export function TrustPanel({
  report,
  loading,
  error,
  ruleUrl,
  onRetry,
  nowMs,
  codeScanning,
  dependenciesLoading = codeScanning,
  onInspectCode,
  early,
}: TrustPanelProps) {
  const now = nowMs ?? Date.now();
  return (
    <section class="tp-panel" data-testid="trust-panel" aria-label="PyPI Trust Panel" aria-busy={loading} tabIndex={-1}>
      <Header report={report} loading={loading} error={error} nowMs={now} />
      {error && (
        <div class="tp-error" role="alert" data-fact="report-error">
          <p>
            <LevelTag level="caution" word="Could not check this package" />
            {': '}
            <Truncated text={error} />
          </p>
          {onRetry && (
            <button type="button" class="tp-button" onClick={onRetry} disabled={loading}>
              Try again
            </button>
          )}
        </div>
      )}
      {/* Keyed: the report replaces the loading placeholders instead of pushing them down (layout shift). */}
      {report ? (
        <Fragment key="report">
          <FacetSummary rows={summarize(report, { nowMs: now, codeScanning })} />
          <Findings findings={report.findings} ruleUrl={ruleUrl} />
          <SectionRepository section={report.repository} nowMs={now} onRetry={onRetry} />
          <SectionReleases section={report.releases} nowMs={now} onRetry={onRetry} />
          <SectionAdvisories section={report.advisories} onRetry={onRetry} />
          <SectionProvenance section={report.provenance} onRetry={onRetry} />
          <SectionIdentity section={report.identity} repository={report.repository} onRetry={onRetry} />
          <SectionCode section={codeScanning ? null : report.code} onInspectLarge={onInspectCode} onRetry={onRetry} />
          <SectionDependencies section={dependenciesLoading && !report.dependencies ? null : report.dependencies} onRetry={onRetry} />
        </Fragment>
      ) : loading && early ? (
        <Fragment key="early">
          <FacetSummary rows={checkingRows()} />
          <SectionRepository section={early.repository} nowMs={now} onRetry={onRetry} />
          <SectionReleases section={early.releases} nowMs={now} onRetry={onRetry} />
          <SectionAdvisories section={early.advisories} onRetry={onRetry} />
          <SectionProvenance section={null} />
        </Fragment>
      ) : loading ? (
        <Fragment key="loading">
          <FacetSummary rows={checkingRows()} />
          <SectionRepository section={null} />
          <SectionReleases section={null} />
          <SectionAdvisories section={null} />
          <SectionProvenance section={null} />
        </Fragment>
      ) : (
        !error && <p class="tp-muted">No report yet.</p>
      )}
    </section>
  );
}

function Header(props: { report: Report | null; loading: boolean; error: string | null; nowMs: number }) {
  const { report, loading } = props;
  const level = report ? report.verdict.level : loading ? 'loading' : 'unknown';
  const label = verdictLabel(report?.verdict.level ?? 'unknown');
  const word = !report && loading ? 'Checking…' : label.word;
  const headline = report ? report.verdict.headline : loading ? 'Checking this package…' : 'This package could not be checked.';
  return (
    <header class={`tp-header tp-level--${level}`} data-level={level}>
      <h2 class="tp-header__title">
        <span class="tp-header__verdict" data-fact="verdict-word">
          <Icon name={!report && loading ? 'pending' : label.icon} /> {word}
        </span>
        <span class="tp-header__name">{report ? `${report.package.name} ${report.package.viewedVersion}` : ''}</span>
      </h2>
      <p class="tp-header__headline" data-fact="verdict-headline" role="status">
        <Truncated text={headline} />
      </p>
      {report && (
        <p class="tp-muted tp-small">
          PyPI Trust Panel · checked <TimeText iso={report.generatedAt} text={relativeTime(report.generatedAt, props.nowMs)} />
          {loading && ' · refreshing…'}
        </p>
      )}
    </header>
  );
}

function Findings({ findings, ruleUrl }: { findings: Finding[]; ruleUrl: (ruleId: string) => string }) {
  if (findings.length === 0) {
    return <p class="tp-muted tp-findings--empty">No findings: nothing here called for attention.</p>;
  }
  const sorted = [...findings].sort((a, b) => worstFirst(a.level, b.level));
  return (
    <ul class="tp-findings" aria-label="Findings">
      {sorted.map((finding, i) => {
        const label = findingLabel(finding.level);
        const why = safeRuleUrl(ruleUrl(finding.rule));
        return (
          <li
            key={`${finding.rule}-${i}`}
            class={`tp-finding tp-finding--${finding.level}`}
            data-rule={finding.rule}
            data-level={finding.level}
          >
            <p class="tp-finding__title">
              <LevelTag level={finding.level} icon={label.icon} word={label.word} />{' '}
              <strong>
                <Truncated text={finding.title} limit={160} />
              </strong>
            </p>
            <p class="tp-finding__detail">
              <Truncated text={finding.detail} />
            </p>
            {(finding.evidence.length > 0 || why) && (
              <ul class="tp-evidence">
                {finding.evidence.map((evidence, j) => (
                  <li key={j}>
                    <ExternalLink url={evidence.url}>{clip(evidence.label, 120)}</ExternalLink>
                  </li>
                ))}
                {why && (
                  <li>
                    <a href={why} target="_blank" rel="noopener noreferrer" class="tp-why">
                      Why this rule?
                    </a>
                  </li>
                )}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
