// Releases: how many, since when, where the viewed version stands, yanks, and the release cadence.
import type { ReleaseFacts, Section } from '../../utils/contract/report';
import { CadenceChart } from './CadenceChart';
import { LevelTag, SectionFrame, type SectionChrome, TimeText, Truncated, formatDate } from '../shared/format';
import { plural } from '../../utils/lib/words';
import { cooldownLines } from './install-cooldown';
import { InstallCooldown } from './InstallCooldown';

export type SectionReleasesProps = SectionChrome & {
  /** null while the report is loading. */
  section: Section<ReleaseFacts> | null;
  onRetry?: () => void;
  /** "now" for the release's age (the install-cooldown lines); defaults to the render time. */
  nowMs?: number;
};

export function SectionReleases({ section, onRetry, nowMs, ...chrome }: SectionReleasesProps) {
  return (
    <SectionFrame {...chrome} id="releases" title="Releases" section={section} onRetry={onRetry}>
      {(facts) => <ReleasesBody facts={facts} nowMs={nowMs ?? Date.now()} />}
    </SectionFrame>
  );
}

/** "3 releases behind, latest 2.32.3" / "This is the latest release". */
export function describeStanding(facts: ReleaseFacts): string {
  const { releasesBehind, latestVersion, viewedVersion } = facts;
  if (releasesBehind > 0) {
    return `${plural(releasesBehind, 'release')} behind${latestVersion ? `, latest ${latestVersion}` : ''}`;
  }
  if (latestVersion === null || latestVersion === viewedVersion) return 'This is the latest release';
  // A pre-release (or a yanked release) newer than the latest stable one.
  return `No newer release (latest stable ${latestVersion})`;
}

function ReleasesBody({ facts, nowMs }: { facts: ReleaseFacts; nowMs: number }) {
  const viewed = facts.viewed;
  const viewedVersion = viewed?.version ?? facts.viewedVersion;
  const cooldown = cooldownLines(facts, nowMs);
  return (
    <>
      {viewed?.yanked && (
        <p class="tp-warning" data-fact="viewed-yanked">
          <LevelTag level="caution" word="Yanked" />: {viewedVersion} was withdrawn by its maintainers —{' '}
          {viewed.yankedReason ? <Truncated text={viewed.yankedReason} /> : 'no reason given'}.
        </p>
      )}
      {!viewed && (
        <p class="tp-warning" data-fact="viewed-missing">
          <LevelTag level="caution" word="Not found" />: PyPI lists no release {facts.viewedVersion}.
        </p>
      )}
      {/* One line of standing: how many, since when, where the viewed version stands; the chart shows the rest. */}
      <p class="tp-standing" data-fact="standing">
        <span data-fact="release-count">{facts.releaseCount}</span> {facts.releaseCount === 1 ? 'release' : 'releases'}, first{' '}
        <TimeText iso={facts.firstUploadAt} text={formatDate(facts.firstUploadAt)} fact="first-upload" />, last{' '}
        <TimeText iso={facts.latestUploadAt} text={formatDate(facts.latestUploadAt)} fact="latest-upload" /> · viewing{' '}
        <span data-fact="viewed-version">{facts.viewedVersion}</span>
        {viewed?.uploadedAt && (
          <span class="tp-muted">
            {' '}
            (<TimeText iso={viewed.uploadedAt} text={formatDate(viewed.uploadedAt)} />)
          </span>
        )}
        {viewed?.isPrerelease && <span class="tp-muted"> pre-release</span>}:{' '}
        <span data-fact="releases-behind">{describeStanding(facts)}</span> · latest{' '}
        <span data-fact="latest-version">{facts.latestVersion ?? 'unknown'}</span> ·{' '}
        <span data-fact="yanked-count">{facts.yankedCount}</span> yanked
        {facts.requiresPython && (
          <>
            {' '}
            · Python <Truncated text={facts.requiresPython} limit={80} />
          </>
        )}
      </p>
      {cooldown && <InstallCooldown lines={cooldown} />}
      <CadenceChart releases={facts.releases} viewedVersion={viewedVersion} />
    </>
  );
}
