// One lookup's answer: the panel's own report view for a package PyPI has, or "not on PyPI" with
// the verdict on what OSV remembers of the name (a removed malicious package is a danger).
import type { LookupResult } from '../../utils/contract/messages';
import { ExternalLink, LevelTag, Truncated, verdictLabel } from '../shared/format';
import { Icon } from '../shared/icons';
import { TrustPanel } from '../panel/TrustPanel';
import { groupDigits } from '../../utils/lib/numbers';
import { howItResembles } from '../../utils/contract/typosquat-words';

type Props = {
  result: LookupResult | null;
  loading: boolean;
  error: string | null;
  /** The code checks of the looked-up release are running (asked after its report). */
  codeScanning?: boolean;
  /** Its dependency graph is being resolved and checked (asked beside the code checks). */
  dependenciesLoading?: boolean;
  ruleUrl: (ruleId: string) => string;
  onRetry?: () => void;
  onLookup: (text: string) => void;
};

export function LookupResultView({ result, loading, error, codeScanning, dependenciesLoading, ruleUrl, onRetry, onLookup }: Props) {
  if (!result || result.kind === 'report') {
    return (
      <TrustPanel
        report={result?.report ?? null}
        loading={loading}
        error={error}
        ruleUrl={ruleUrl}
        onRetry={onRetry}
        codeScanning={codeScanning ?? false}
        dependenciesLoading={dependenciesLoading ?? codeScanning ?? false}
      />
    );
  }
  if (result.kind === 'no-such-version') {
    return (
      <div class="pp-notice" role="status" data-testid="no-such-version">
        <p>
          <LevelTag level="unknown" word="No such release" />: {result.name} has no release {result.version} on PyPI.
        </p>
        {result.latestVersion && (
          <p>
            The latest release is {result.latestVersion}.{' '}
            <button type="button" class="tp-linkbutton" onClick={() => onLookup(`${result.name}==${result.latestVersion}`)}>
              Look up {result.name} {result.latestVersion}
            </button>
          </p>
        )}
        <p>
          <ExternalLink url={result.projectUrl}>{result.name} on PyPI</ExternalLink>
        </p>
      </div>
    );
  }
  const label = verdictLabel(result.verdict.level);
  return (
    <section
      class={`tp-panel pp-missing tp-level--${result.verdict.level}`}
      data-testid="not-on-pypi"
      aria-label={`${result.name}: not on PyPI`}
    >
      <header class={`tp-header tp-level--${result.verdict.level}`} data-level={result.verdict.level}>
        <h2 class="tp-header__title">
          <span class="tp-header__verdict" data-fact="verdict-word">
            <Icon name={label.icon} /> {label.word}
          </span>
          <span class="tp-header__name">{result.name} · not on PyPI</span>
        </h2>
        <p class="tp-header__headline" data-fact="verdict-headline" role="status">
          <Truncated text={result.verdict.headline} />
        </p>
      </header>
      {result.malicious.length > 0 && (
        <ul class="tp-advisories pp-missing__list" aria-label="Malicious-package reports">
          {result.malicious.map((advisory) => (
            <li key={advisory.id} class="tp-advisory tp-advisory--malicious" data-advisory={advisory.id}>
              <p>
                <ExternalLink url={advisory.url} class="tp-advisory__id">
                  {advisory.id}
                </ExternalLink>
                {advisory.published && <span class="tp-muted"> · reported {advisory.published.slice(0, 10)}</span>}
              </p>
              {advisory.summary && (
                <p>
                  <Truncated text={advisory.summary} />
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {result.didYouMean && (
        <p class="pp-missing__why" data-fact="did-you-mean">
          Did you mean{' '}
          <button type="button" class="tp-linkbutton" onClick={() => onLookup(result.didYouMean!.name)}>
            {result.didYouMean.name}
          </button>
          ? (no. {groupDigits(result.didYouMean.rank)} among PyPI's most downloaded packages; {result.name}{' '}
          {howItResembles(result.didYouMean)} it)
        </p>
      )}
      <p class="tp-muted tp-small pp-missing__why">
        PyPI deletes malicious projects; their names live on in old tutorials and lock files. OSV keeps the reports.
      </p>
    </section>
  );
}
