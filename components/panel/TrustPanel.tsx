// The trust panel (sidebar and popup): verdict header, one summary row per facet, then the sections (each with its
// own findings; the worst facet's section open).
// Render only: the report comes in as a prop; loading and whole-report errors are never blank.
import { Fragment } from 'preact';
import { FACET_SECTIONS, RULE_FACETS } from '../../utils/contract/facets';
import type { EarlyReport, Finding, Report } from '../../utils/contract/report';
import { LevelTag, type SectionId, TimeText, Truncated, relativeTime, verdictLabel } from '../shared/format';
import { FindingList } from './Findings';
import { Icon } from '../shared/icons';
import { SectionAdvisories } from './SectionAdvisories';
import { SectionCode } from './SectionCode';
import { SectionDependencies } from './SectionDependencies';
import { SectionProvenance } from './SectionProvenance';
import { SectionIdentity } from './SectionIdentity';
import { SectionReleases } from './SectionReleases';
import { SectionRepository } from './SectionRepository';
import { FacetSummary } from './FacetSummary';
import { checkingRows, summarize, worstFacet } from './summary';

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

export { safeRuleUrl } from './rule-link';

/** The findings of each section (by the rule→facet table), and those of rules the table does not know. */
function findingsBySection(findings: Finding[]): { bySection: Map<SectionId, Finding[]>; other: Finding[] } {
  const bySection = new Map<SectionId, Finding[]>();
  const other: Finding[] = [];
  for (const finding of findings) {
    const facet = RULE_FACETS[finding.rule];
    if (!facet) {
      other.push(finding);
      continue;
    }
    const id = FACET_SECTIONS[facet];
    bySection.set(id, [...(bySection.get(id) ?? []), finding]);
  }
  return { bySection, other };
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
        <ReportBody
          key="report"
          report={report}
          ruleUrl={ruleUrl}
          nowMs={now}
          codeScanning={codeScanning}
          dependenciesLoading={dependenciesLoading}
          onRetry={onRetry}
          onInspectCode={onInspectCode}
        />
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

function ReportBody(props: {
  report: Report;
  ruleUrl: (ruleId: string) => string;
  nowMs: number;
  codeScanning?: boolean;
  dependenciesLoading?: boolean;
  onRetry?: () => void;
  onInspectCode?: () => void;
}) {
  const { report, ruleUrl, nowMs: now, codeScanning, dependenciesLoading, onRetry } = props;
  const rows = summarize(report, { nowMs: now, codeScanning, dependenciesLoading });
  const worst = worstFacet(rows);
  const openId = worst ? FACET_SECTIONS[worst] : null;
  const { bySection, other } = findingsBySection(report.findings);
  const chrome = (id: SectionId) => ({
    open: openId === id,
    findings: <FindingList findings={bySection.get(id) ?? []} ruleUrl={ruleUrl} label="Findings" />,
  });
  return (
    <>
      <FacetSummary rows={rows} />
      <SectionRepository {...chrome('repository')} section={report.repository} nowMs={now} onRetry={onRetry} />
      <SectionReleases {...chrome('releases')} section={report.releases} nowMs={now} onRetry={onRetry} />
      <SectionAdvisories {...chrome('advisories')} section={report.advisories} onRetry={onRetry} />
      <SectionProvenance {...chrome('provenance')} section={report.provenance} onRetry={onRetry} />
      <SectionIdentity {...chrome('identity')} section={report.identity} repository={report.repository} onRetry={onRetry} />
      <SectionCode {...chrome('code')} section={codeScanning ? null : report.code} onInspectLarge={props.onInspectCode} onRetry={onRetry} />
      <SectionDependencies
        {...chrome('dependencies')}
        section={props.dependenciesLoading && !report.dependencies ? null : report.dependencies}
        onRetry={onRetry}
      />
      {report.findings.length === 0 ? (
        <p class="tp-muted tp-findings--empty">No findings: nothing here called for attention.</p>
      ) : (
        <FindingList findings={other} ruleUrl={ruleUrl} label="Other findings" />
      )}
    </>
  );
}
