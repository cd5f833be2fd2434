// Dependencies: one summary line, then every package deps.dev resolves for the viewed version, worst first
// (malicious code, advisories, look-alike names), each linked to its pypi.org page; the packages with
// nothing found folded into one line; and the release's own requirements with extras and markers as written.
import { useState } from 'preact/hooks';
import {
  type DeclaredRequirement,
  type DependencyChecks,
  type DependencyFacts,
  type DependencyNode,
  type Section,
  YOUNG_DEPENDENCY_DAYS,
} from '../../utils/contract/report';
import { ExternalLink, LevelTag, SectionFrame, type SectionChrome, Truncated, clip, findingLabel } from '../shared/format';
import { plural } from '../../utils/lib/words';

export type SectionDependenciesProps = SectionChrome & {
  /** null while the graph is resolved; undefined when this report was built without it (nothing shown). */
  section: Section<DependencyFacts> | null | undefined;
  onRetry?: () => void;
};

export function SectionDependencies({ section, onRetry, ...chrome }: SectionDependenciesProps) {
  if (section === undefined) return null;
  return (
    <SectionFrame {...chrome} id="dependencies" title="Dependencies" section={section} onRetry={onRetry}>
      {(facts) => <DependenciesBody facts={facts} />}
    </SectionFrame>
  );
}

const SOURCE_NAMES: Record<DependencyFacts['requirementsSource'], string> = {
  'wheel-metadata': "from the wheel's own METADATA, what pip installs",
  'pypi-json': "from the release's metadata on PyPI (PyPI JSON requires_dist)",
  'deps-dev-graph': 'as deps.dev read them (PyPI lists no Requires-Dist for this release)',
  none: '',
};

function DependenciesBody({ facts }: { facts: DependencyFacts }) {
  const { graph } = facts;
  const label = findingLabel(facts.level);
  return (
    <>
      <p data-fact="dependencies-summary" data-level={facts.level}>
        {(facts.level === 'danger' || facts.level === 'caution') && (
          <>
            <LevelTag level={facts.level} icon={label.icon} word={label.word} />{' '}
          </>
        )}
        {facts.version} <Truncated text={facts.summary} limit={400} />
      </p>
      {graph.state === 'ok' ? (
        <>
          <p class="tp-muted tp-small" data-fact="dependencies-resolver">
            Resolved by <ExternalLink url={graph.url}>deps.dev</ExternalLink> as for a generic 64-bit Linux with nothing else installed:
            markers and extras may add or drop packages on your machine.
            {graph.error && (
              <>
                {' '}
                deps.dev notes: <Truncated text={graph.error} limit={200} />
              </>
            )}
          </p>
          <NodeList nodes={graph.nodes} />
          <p class="tp-muted tp-small" data-fact="dependencies-checks">
            {graph.checks.names
              ? 'Names checked against the most-downloaded packages. '
              : 'Names not checked (the popular-names list is not loaded). '}
            <AgeChecks ages={graph.checks.ages} />
          </p>
        </>
      ) : (
        <p class="tp-muted" data-fact="dependencies-unavailable" data-reason={graph.reason}>
          Direct requirements only: {graph.message}.
        </p>
      )}
      <Requirements facts={facts} />
    </>
  );
}

/** What was asked of deps.dev about each project's first publication, and what was not. */
function AgeChecks({ ages }: { ages: DependencyChecks['ages'] }) {
  if (ages.state === 'disabled') return <span data-fact="dependencies-ages">First-published dates not checked.</span>;
  const unanswered = ages.asked - ages.answered;
  return (
    <span data-fact="dependencies-ages" data-asked={ages.asked} data-not-asked={ages.notAsked}>
      First-published dates (under {YOUNG_DEPENDENCY_DAYS} days is named) from deps.dev for {plural(ages.answered, 'project')}
      {unanswered > 0 && `; ${unanswered} not known`}
      {ages.notAsked > 0 && `; ${plural(ages.notAsked, 'project')} not checked (only the first ${ages.cap} are asked, direct ones first)`}.
    </span>
  );
}

function NodeList({ nodes }: { nodes: DependencyNode[] }) {
  const flagged = nodes.filter((n) => n.level !== 'good');
  const clean = nodes.filter((n) => n.level === 'good');
  return (
    <>
      {flagged.length > 0 && (
        <ul class="tp-findings" aria-label="Dependencies with findings">
          {flagged.map((n) => (
            <NodeItem key={`${n.normalizedName} ${n.version}`} node={n} />
          ))}
        </ul>
      )}
      {clean.length > 0 && <CleanList nodes={clean} />}
    </>
  );
}

/** The packages with nothing found, folded; their links are built only once the reader opens the list. */
function CleanList({ nodes }: { nodes: DependencyNode[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details data-fact="dependencies-clean" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {plural(nodes.length, 'package')} with nothing found ({nodes.filter((n) => n.relation === 'direct').length} direct)
      </summary>
      {open && (
        <p class="tp-small">
          {nodes.map((n, i) => (
            <span key={`${n.normalizedName} ${n.version}`} data-fact="dependency" data-name={n.normalizedName} data-level="good">
              {i > 0 && ', '}
              <ExternalLink url={n.url}>{clip(n.name, 80)}</ExternalLink> {clip(n.version, 40)}
            </span>
          ))}
        </p>
      )}
    </details>
  );
}

function NodeItem({ node: n }: { node: DependencyNode }) {
  const label = findingLabel(n.level);
  const word =
    n.malware === 'compromised-release'
      ? 'Compromised release'
      : n.malware === 'malicious-package'
        ? 'Malicious'
        : n.advisories.length > 0
          ? plural(n.advisories.length, 'advisory', 'advisories')
          : n.age?.young
            ? 'New project'
            : label.word;
  return (
    <li
      class={`tp-finding tp-finding--${n.level}`}
      data-fact="dependency"
      data-name={n.normalizedName}
      data-level={n.level}
      data-malware={n.malware}
    >
      <p class="tp-finding__title">
        <LevelTag level={n.level} icon={label.icon} word={word} />{' '}
        <strong>
          <ExternalLink url={n.url}>{clip(n.name, 80)}</ExternalLink> {clip(n.version, 40)}
        </strong>{' '}
        <span class="tp-muted">
          ({n.relation}
          {n.requirement ? `, asked as ${clip(n.requirement, 60)}` : ''})
        </span>
      </p>
      {n.advisories.length > 0 && (
        <p class="tp-finding__detail">
          {n.advisories.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ', '}
              <ExternalLink url={a.url}>{clip(a.id, 60)}</ExternalLink>
              {a.summary ? `: ${clip(a.summary, 100)}` : ''}
            </span>
          ))}
        </p>
      )}
      {n.lookAlike && <p class="tp-finding__detail">Its name resembles {clip(n.lookAlike, 80)}, a popular package.</p>}
      {n.age?.young && (
        <p class="tp-finding__detail" data-fact="dependency-young" data-days={n.age.days}>
          First published {plural(n.age.days, 'day')} ago ({clip(n.age.firstPublishedAt.slice(0, 10), 10)}): a project this new has no track
          record.
        </p>
      )}
      {n.errors.length > 0 && (
        <p class="tp-finding__detail tp-muted">
          deps.dev: <Truncated text={n.errors.join('; ')} limit={200} />
        </p>
      )}
    </li>
  );
}

function Requirements({ facts }: { facts: DependencyFacts }) {
  if (facts.requirementsSource === 'none') {
    return (
      <p class="tp-muted" data-fact="dependencies-declared" data-count="0">
        The release declares no requirements.
      </p>
    );
  }
  return (
    <details
      data-fact="dependencies-declared"
      data-count={facts.requirements.length}
      data-source={facts.requirementsSource}
      open={facts.graph.state !== 'ok' || Boolean(facts.requirementsDifference)}
    >
      <summary>
        Declared requirements ({facts.requirements.length}), {SOURCE_NAMES[facts.requirementsSource]}
        {facts.requirementsFile && <> ({clip(facts.requirementsFile, 120)})</>}
      </summary>
      {facts.requirementsDifference && <Difference difference={facts.requirementsDifference} />}
      <ul class="tp-small">
        {facts.requirements.map((r, i) => (
          <RequirementItem key={`${r.text}-${i}`} requirement={r} />
        ))}
      </ul>
    </details>
  );
}

/** METADATA is shown; what PyPI JSON's requires_dist says otherwise is named, so the reader sees both. */
function Difference({ difference: d }: { difference: NonNullable<DependencyFacts['requirementsDifference']> }) {
  const list = (lines: string[]) => clip(lines.slice(0, 10).join('; '), 400) + (lines.length > 10 ? ` and ${lines.length - 10} more` : '');
  return (
    <p class="tp-small" data-fact="dependencies-difference">
      {d.pypiJsonListed
        ? "PyPI JSON's requires_dist differs from this wheel's METADATA (pip installs what METADATA says)"
        : 'PyPI JSON lists no requires_dist for this release; the wheel declares these'}
      {d.pypiJsonListed && d.onlyInMetadata.length > 0 && <>: only in METADATA: {list(d.onlyInMetadata)}</>}
      {d.pypiJsonListed && d.onlyInPypiJson.length > 0 && (
        <>
          {d.onlyInMetadata.length > 0 ? '; ' : ': '}only in PyPI JSON: {list(d.onlyInPypiJson)}
        </>
      )}
      .
    </p>
  );
}

function RequirementItem({ requirement: r }: { requirement: DeclaredRequirement }) {
  return (
    <li data-fact="declared-requirement" data-name={r.normalizedName}>
      <ExternalLink url={r.url}>{clip(r.name, 80)}</ExternalLink>
      {r.extras.length > 0 && `[${clip(r.extras.join(','), 80)}]`}
      {r.specifier && ` ${clip(r.specifier, 80)}`}
      {r.marker && (
        <>
          {' '}
          <span class="tp-muted">
            ; <code>{clip(r.marker, 160)}</code>
          </span>
        </>
      )}
      {r.onlyWithExtra && <span class="tp-muted"> (only with the extra {clip(r.onlyWithExtra, 40)})</span>}
    </li>
  );
}
