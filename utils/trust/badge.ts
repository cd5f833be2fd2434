// Judgement for a search-result badge: only the cheap sources (PyPI JSON + one OSV querybatch),
// so it never claims more than they show — never "good", since repository and provenance
// were not checked.
import { verdictWord } from '../contract/levels';
import type { Advisory, BadgeSummary, ReleaseFacts, Section, SourceError, Verdict } from '../contract/report';
import { COMPROMISED_REMEDY, malwareScopeOf } from './malware-scope';
import { DAY_MS } from '../lib/time';
// The young-project rule's limit (its reason is declared there): a search badge cautions as the panel does.
import { YOUNG_PROJECT_DAYS } from './rules/young-project';

/**
 * What a badge reads of a project's releases: a few fields, small enough to keep per project (the warm search page
 * reads these, not the project's whole JSON). The release history, when given, reads a malicious record's scope.
 */
export type BadgeReleaseFacts = Pick<ReleaseFacts, 'latestVersion' | 'viewedVersion' | 'firstUploadAt' | 'releaseCount'> & {
  viewed: { yanked: boolean } | null;
  releases?: ReleaseFacts['releases'];
};

/** The badge's fields of full release facts (what is kept per project). */
export function badgeReleaseFacts(facts: ReleaseFacts): BadgeReleaseFacts {
  const { latestVersion, viewedVersion, firstUploadAt, releaseCount, viewed } = facts;
  return { latestVersion, viewedVersion, firstUploadAt, releaseCount, viewed: viewed ? { yanked: viewed.yanked } : null };
}

export type BadgeInput = {
  name: string;
  releases: Section<BadgeReleaseFacts>;
  advisories:
    | {
        state: 'ok';
        ids: string[];
        /** Full records of the malicious ids, read against the release history (absent: none loaded). */
        malicious?: Advisory[];
      }
    | { state: 'error'; error: SourceError }
    | { state: 'disabled' };
  now: string;
};

export function judgeBadge(input: BadgeInput): BadgeSummary {
  const { releases, advisories } = input;
  const ids = advisories.state === 'ok' ? advisories.ids.filter((id) => typeof id === 'string') : [];
  const malicious = ids.filter((id) => id.startsWith('MAL-'));
  const latestVersion = releases.state === 'ok' ? releases.data.latestVersion : null;
  const summary = (verdict: Verdict): BadgeSummary => ({
    name: input.name,
    verdict,
    latestVersion,
    advisoryCount: ids.length - malicious.length,
    malicious: malicious.length > 0,
  });

  // As the panel's rule: a compromised latest release is danger with its own remedy; a record that did not load protects.
  const records = advisories.state === 'ok' ? (advisories.malicious ?? []) : [];
  const compromised = malicious.filter((id) => {
    const record = records.find((r) => r.id === id);
    const history = releases.state === 'ok' && releases.data.releases ? { releases: releases.data.releases } : null;
    return record !== undefined && malwareScopeOf(record, history).kind === 'compromised-release';
  });
  if (malicious.length > 0 && compromised.length === malicious.length) {
    return summary({
      level: 'danger',
      headline: `${verdictWord('danger')}: the latest release ${latestVersion ?? ''} was compromised (${compromised.join(', ')}) — do not install it; if you did, ${COMPROMISED_REMEDY}`,
    });
  }
  if (malicious.length > 0) {
    return summary({ level: 'danger', headline: `${verdictWord('danger')}: known malicious package (${malicious.join(', ')})` });
  }
  if (releases.state !== 'ok') {
    const reason = releases.state === 'error' ? releases.error.message : 'PyPI data turned off';
    return summary({ level: 'unknown', headline: `${verdictWord('unknown')}: ${reason}` });
  }
  const facts = releases.data;
  const advisoryCount = ids.length;
  if (advisoryCount > 0) {
    const noun = advisoryCount === 1 ? 'advisory affects' : 'advisories affect';
    return summary({
      level: 'caution',
      headline: `${verdictWord('caution')}: ${advisoryCount} known ${noun} the latest release ${latestVersion ?? ''}`.trim(),
    });
  }
  const first = facts.firstUploadAt ? Date.parse(facts.firstUploadAt) : NaN;
  const ageDays = Number.isNaN(first) ? null : (Date.parse(input.now) - first) / DAY_MS;
  if (ageDays !== null && ageDays < YOUNG_PROJECT_DAYS) {
    return summary({
      level: 'caution',
      headline: `${verdictWord('caution')}: first released ${Math.max(0, Math.floor(ageDays))} days ago`,
    });
  }
  if (facts.viewed?.yanked) {
    return summary({ level: 'caution', headline: `${verdictWord('caution')}: the latest release ${facts.viewedVersion} is yanked` });
  }
  const advisoryPart =
    advisories.state === 'ok'
      ? `No known advisories for ${latestVersion ?? 'the latest release'}`
      : advisories.state === 'error'
        ? `Advisories not checked (${advisories.error.message})`
        : 'Advisories not checked (turned off)';
  const since = facts.firstUploadAt ? ` since ${facts.firstUploadAt.slice(0, 4)}` : '';
  return summary({
    level: 'info',
    headline: `${advisoryPart}; ${facts.releaseCount} releases${since}. Open the project for repository and provenance checks.`,
  });
}
