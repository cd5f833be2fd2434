// The banner on pypi.org's 404 page for a project that OSV records as malicious: PyPI removes malware,
// so "not found" alone hides why. Rendered only when there is a MAL- record to show.
import type { RemovedCheck } from '../../utils/contract/messages';
import { ExternalLink, LevelTag, Truncated } from '../shared/format';
import { formatDownloads } from './SectionIdentity';
import { howItResembles } from '../../utils/contract/typosquat-words';

export function RemovedBanner({ check }: { check: RemovedCheck }) {
  if (check.malicious.length === 0) return null;
  const ids = check.malicious.map((m) => m.id).join(', ');
  const target = check.didYouMean;
  return (
    <section
      class="tp-panel tp-removed tp-level--danger"
      role="alert"
      data-testid="removed-banner"
      aria-label={`${check.name}: removed from PyPI`}
    >
      <h2 class="tp-removed__title">
        <LevelTag level="danger" word="Malicious" />{' '}
        <span data-fact="removed-headline">This package was removed from PyPI; OSV records it as malicious ({ids})</span>
      </h2>
      {check.malicious.map((record) => (
        <p key={record.id} data-fact="removed-record">
          {record.summary && <Truncated text={record.summary} limit={200} />}{' '}
          <ExternalLink url={record.url}>{record.id} on osv.dev</ExternalLink>
        </p>
      ))}
      {target && (
        <p data-fact="removed-did-you-mean">
          Did you mean <ExternalLink url={target.url}>{target.name}</ExternalLink>? ({formatDownloads(target.downloads)} downloads a month;{' '}
          {check.name} {howItResembles(target)} it)
        </p>
      )}
      <p class="tp-muted tp-small">If {check.name} is installed anywhere, remove it and treat the secrets on that machine as exposed.</p>
    </section>
  );
}
