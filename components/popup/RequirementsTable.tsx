// The requirements check's table: one row per requirement line, with the verdict, advisories (and
// the versions that fix them) and the release to upgrade to; then the lines that were not checked.
import type { RequirementAdvisory } from '../../utils/contract/messages';
import type { RequirementLine } from '../../utils/lib/requirements';
import type { CheckedLine } from './requirements-summary';
import { ExternalLink, LevelTag, severityLabel, Truncated, verdictLabel } from '../shared/format';
import { LockedFacts } from './LockedFacts';

/** Advisories shown in a row before the rest fold away (Django 1.11 has nine). */
const SHOWN_ADVISORIES = 3;

export function RequirementsTable({ checked }: { checked: CheckedLine[] }) {
  return (
    <table class="pp-table" data-testid="requirements-table">
      <caption class="pp-sr-only">Requirements and their verdicts</caption>
      <thead>
        <tr>
          <th scope="col">Package, version</th>
          <th scope="col">Verdict</th>
          <th scope="col">Advisories</th>
          <th scope="col">Upgrade to</th>
        </tr>
      </thead>
      <tbody>
        {checked.map(({ line, result }) => {
          const label = verdictLabel(result.verdict.level);
          return (
            <tr key={line.line} data-package={result.normalizedName} data-level={result.verdict.level} data-line={line.line}>
              <th scope="row">
                {result.name}
                {/* 400px leave no room for a version column: the version sits under the name. */}
                <span class="pp-version" data-fact="version">
                  {result.checkedVersion ?? '—'}
                </span>
                {!result.pinned && (
                  <span class="pp-chip" data-fact="unpinned">
                    unpinned
                  </span>
                )}
                <span class="pp-line">line {line.line}</span>
                <LockedFacts requirement={line.requirement} />
              </th>
              <td>
                <LevelTag level={result.verdict.level} icon={label.icon} word={label.word} />
                <span class="pp-headline" data-fact="headline">
                  <Truncated text={result.verdict.headline} limit={140} />
                </span>
                {result.notes.map((note, i) => (
                  <span key={i} class="pp-note">
                    {note}
                  </span>
                ))}
              </td>
              <td>
                <Advisories advisories={result.advisories} />
              </td>
              <td data-fact="upgrade-to">
                {result.upgradeTo ?? (result.verdict.level === 'danger' && result.advisories.some((a) => a.malicious) ? 'remove it' : '—')}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Advisories({ advisories }: { advisories: RequirementAdvisory[] }) {
  if (advisories.length === 0) return <span class="tp-muted">none known</span>;
  // Records with fixed versions first: they are what the reader acts on.
  const ordered = [...advisories].sort((a, b) => Number(!a.detailsLoaded) - Number(!b.detailsLoaded));
  const shown = ordered.slice(0, SHOWN_ADVISORIES);
  const rest = ordered.slice(SHOWN_ADVISORIES);
  return (
    <>
      <ul class="pp-advisories">
        {shown.map((a) => (
          <AdvisoryItem key={a.id} advisory={a} />
        ))}
      </ul>
      {rest.length > 0 && (
        <details class="pp-more">
          <summary>{rest.length} more</summary>
          <ul class="pp-advisories">
            {rest.map((a) => (
              <AdvisoryItem key={a.id} advisory={a} />
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function AdvisoryItem({ advisory }: { advisory: RequirementAdvisory }) {
  const severity = severityLabel(advisory.severity);
  return (
    <li data-advisory={advisory.id}>
      <ExternalLink url={advisory.url}>{advisory.id}</ExternalLink>
      {advisory.malicious ? (
        <span class="tp-tag tp-level--danger"> malicious</span>
      ) : advisory.detailsLoaded ? (
        <span class="pp-fixed" data-fact="fixed-in">
          {' '}
          {severity.level !== 'unknown' ? `${severity.word.toLowerCase()}, ` : ''}
          {advisory.fixedIn.length > 0 ? `fixed in ${advisory.fixedIn.join(', ')}` : 'no fix released'}
        </span>
      ) : (
        <span class="pp-sr-only"> (record not loaded)</span>
      )}
    </li>
  );
}

/** Lines that were not checked, each with its reason; invalid ones first (they need fixing). */
export function UncheckedLines({ lines }: { lines: RequirementLine[] }) {
  const unchecked = lines
    .filter((l) => l.kind !== 'requirement')
    .sort((a, b) => (a.kind === b.kind ? a.line - b.line : a.kind === 'invalid' ? -1 : 1));
  if (unchecked.length === 0) return null;
  return (
    <section class="pp-unchecked" aria-label="Lines not checked" data-testid="unchecked-lines">
      <h2 class="pp-subtitle">Not checked ({unchecked.length})</h2>
      <ul>
        {unchecked.map((l) => (
          <li key={l.line} data-kind={l.kind} data-line={l.line}>
            <span class={`tp-tag tp-level--${l.kind === 'invalid' ? 'caution' : 'unknown'}`}>
              {l.kind === 'invalid' ? 'Not understood' : 'Skipped'}
            </span>{' '}
            line {l.line}: <code>{l.text}</code> — {l.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
