// Identity: is the name a look-alike of a popular one (typosquat), does the linked repository build
// this package (starjacking), and did the owners change since this browser last looked.
import type {
  IdentityFacts,
  OwnershipDrift,
  RepositoryFacts,
  Section,
  StarjackingFacts,
  TopListStatus,
  TyposquatFacts,
} from '../../utils/contract/report';
import { ExternalLink, LevelTag, SectionFrame, type SectionChrome, TimeText, Truncated, formatDate } from '../shared/format';
import { TYPOSQUAT_KIND_LABELS } from '../../utils/contract/typosquat-words';
import type { IconName } from '../shared/icons';
import { groupDigits, compactNumber } from '../../utils/lib/numbers';
import { plural } from '../../utils/lib/words';

export type SectionIdentityProps = SectionChrome & {
  /** null while loading; undefined when the report was built without identity checks. */
  section: Section<IdentityFacts> | null | undefined;
  repository: Section<RepositoryFacts> | null;
  onRetry?: () => void;
};

const TOP_LIST_PAGE = 'https://hugovk.github.io/top-pypi-packages/';

/** 1,291,814,272 → "1.3B": download counts span nine orders of magnitude. */
export function formatDownloads(n: number): string {
  return compactNumber(n);
}

export function SectionIdentity({ section, repository, onRetry, ...chrome }: SectionIdentityProps) {
  if (section === undefined) return null;
  const repo = repository?.state === 'ok' ? repository.data : null;
  return (
    <SectionFrame {...chrome} id="identity" title="Name and ownership" section={section} onRetry={onRetry}>
      {(facts) => (
        <dl class="tp-facts">
          <dt>Name</dt>
          <dd>
            <Typosquat facts={facts.typosquat} list={facts.topList} />
          </dd>
          {repo?.starjacking && (
            <>
              <dt>Repository builds</dt>
              <dd>
                <Starjacking facts={repo.starjacking} />
                <Claimants repository={repo} />
              </dd>
            </>
          )}
          <dt>Owners</dt>
          <dd>
            <Ownership drift={facts.ownership} />
          </dd>
        </dl>
      )}
    </SectionFrame>
  );
}

function ListSource({ list }: { list: TopListStatus }) {
  return (
    <span class="tp-muted tp-small" data-fact="top-list" data-state={list.state}>
      {' '}
      (<ExternalLink url={TOP_LIST_PAGE}>top-pypi-packages</ExternalLink>
      {list.lastUpdate && (
        <>
          {' of '}
          <TimeText iso={list.lastUpdate} text={formatDate(list.lastUpdate)} />
        </>
      )}
      {list.state === 'stale' && ', out of date'})
    </span>
  );
}

function Typosquat({ facts, list }: { facts: TyposquatFacts | null; list: TopListStatus }) {
  if (!facts || list.state === 'missing') {
    return (
      <span data-fact="typosquat" data-state="not-checked">
        <LevelTag level="unknown" word="Not checked" />: the list of popular packages could not be loaded
        {list.error && (
          <>
            {' '}
            (<Truncated text={list.error.message} limit={100} />)
          </>
        )}
        <ListSource list={list} />
      </span>
    );
  }
  const top = facts.candidates[0];
  if (top) {
    return (
      <span data-fact="typosquat" data-state="resembles" data-kind={top.kind}>
        Resembles <ExternalLink url={top.url}>{top.name}</ExternalLink> (#{groupDigits(top.rank)}, {formatDownloads(top.downloads)}{' '}
        downloads a month; {TYPOSQUAT_KIND_LABELS[top.kind]}
        {top.partner && (
          <>
            {' '}
            with <ExternalLink url={top.partner.url}>{top.partner.name}</ExternalLink>
          </>
        )}
        {top.filler && ` "${top.filler}"`})
        {facts.candidates.slice(1).map((c) => (
          <span key={c.name}>
            , <ExternalLink url={c.url}>{c.name}</ExternalLink>
          </span>
        ))}
        <ListSource list={list} />
      </span>
    );
  }
  const weak = facts.weak?.[0];
  if (weak) {
    // Counted only for a new project (the typosquat rule's finding says when): said, but not as a resemblance.
    return (
      <span data-fact="typosquat" data-state="weak" data-kind={weak.kind}>
        Named close to <ExternalLink url={weak.url}>{weak.name}</ExternalLink> (#{groupDigits(weak.rank)};{' '}
        {TYPOSQUAT_KIND_LABELS[weak.kind]}), as many real projects are: it counts only for a new project or one with few releases
        <ListSource list={list} />
      </span>
    );
  }
  return (
    <span data-fact="typosquat" data-state={facts.listed ? 'listed' : 'clear'}>
      {facts.listed
        ? `#${groupDigits(facts.rank ?? 0)} of the ${groupDigits(list.count)} most downloaded`
        : `Not a look-alike of the ${groupDigits(list.count)} most downloaded names`}
      <ListSource list={list} />
    </span>
  );
}

const STARJACKING_WORDS: Record<
  StarjackingFacts['state'],
  { level: 'good' | 'danger' | 'unknown' | 'info'; icon?: IconName; word: string }
> = {
  match: { level: 'good', word: 'This package' },
  mismatch: { level: 'danger', word: 'Another package' },
  unconfirmed: { level: 'unknown', word: 'Could not confirm' },
  skipped: { level: 'info', icon: 'dash', word: 'Not checked' },
};

function Starjacking({ facts }: { facts: StarjackingFacts }) {
  const words = STARJACKING_WORDS[facts.state];
  return (
    <p class="tp-line" data-fact="starjacking" data-state={facts.state}>
      <LevelTag level={words.level} icon={words.icon} word={words.word} />: <Truncated text={facts.reason} limit={200} />
      {facts.fileUrl && (
        <>
          {' '}
          <ExternalLink url={facts.fileUrl}>{facts.source ?? 'build file'}</ExternalLink>
        </>
      )}
      {facts.declaredPackage && (
        <>
          {' · '}
          <ExternalLink url={facts.declaredPackage.url}>{facts.declaredPackage.name} on PyPI</ExternalLink>
        </>
      )}
    </p>
  );
}

function Claimants({ repository }: { repository: RepositoryFacts }) {
  const section = repository.otherClaimants;
  if (!section || section.state !== 'ok' || section.data.packages.length === 0) return null;
  const { packages, url } = section.data;
  return (
    <p class="tp-line tp-muted" data-fact="other-claimants">
      Also claimed by {plural(packages.length, 'other package')}:{' '}
      {packages.slice(0, 5).map((p, i) => (
        <span key={p.name}>
          {i > 0 && ', '}
          <ExternalLink url={p.url}>{p.name}</ExternalLink>
        </span>
      ))}
      {packages.length > 5 && ', …'} (<ExternalLink url={url}>deps.dev</ExternalLink>)
    </p>
  );
}

function people(roles: { role: string; user: string }[]): string {
  return roles.map((r) => `${r.user} (${r.role})`).join(', ');
}

function Ownership({ drift }: { drift: OwnershipDrift | null }) {
  if (!drift)
    return (
      <span class="tp-muted" data-fact="ownership-drift" data-state="unknown">
        PyPI did not say who owns it
      </span>
    );
  const org = drift.current.organization ? `organization ${drift.current.organization}; ` : '';
  const current = `${org}${people(drift.current.roles) || 'no one listed'}`;
  if (!drift.previous) {
    return (
      <span data-fact="ownership-drift" data-state={drift.lastSeenAt ? 'unchanged' : 'first-visit'}>
        <Truncated text={current} limit={200} />
        <span class="tp-muted">
          {drift.lastSeenAt ? (
            <>
              {' '}
              · unchanged since you last looked (<TimeText iso={drift.lastSeenAt} text={formatDate(drift.lastSeenAt)} />)
            </>
          ) : (
            ' · remembered in this browser to spot changes next time'
          )}
        </span>
      </span>
    );
  }
  const changes = [
    drift.added.length > 0 ? `added ${people(drift.added)}` : '',
    drift.removed.length > 0 ? `removed ${people(drift.removed)}` : '',
    drift.organizationChanged ? `organization ${drift.organizationChanged.from ?? 'none'} → ${drift.organizationChanged.to ?? 'none'}` : '',
  ].filter(Boolean);
  return (
    <span data-fact="ownership-drift" data-state="changed">
      <LevelTag level="caution" word="Changed" /> since <TimeText iso={drift.previous.seenAt} text={formatDate(drift.previous.seenAt)} />:{' '}
      <Truncated text={changes.join('; ')} limit={200} />
      <span class="tp-muted"> · now: {current}</span>
    </span>
  );
}
