// Judgement for one line of a requirements check: only what PyPI's latest version (unpinned lines)
// and one OSV querybatch plus the advisory records show, so it never says more than "no known
// advisories" — repository and provenance are not checked for a whole file.
import { satisfies } from '@renovatebot/pep440';
import { verdictWord } from '../contract/levels';
import type { Advisory, DependencyMalware, Verdict } from '../contract/report';
import { describeTarget, isSevere, lowestFixAbove, upgradeTarget } from './helpers';
import { COMPROMISED_REMEDY, malwareScopeOf } from './malware-scope';
import { plural } from '../lib/words';

export type RequirementAdvisoryFacts =
  | {
      state: 'ok';
      /** Every id OSV named for the checked version. */
      ids: string[];
      /** The records that loaded (a subset of `ids`). */
      details: Advisory[];
      /** False when OSV had more ids than its batch answer listed. */
      complete: boolean;
    }
  | { state: 'error'; message: string }
  | { state: 'disabled' };

export type RequirementFacts = {
  name: string;
  pinned: string | null;
  specifier: string | null;
  /** The pin, or the latest release for an unpinned line; null when the latest is unknown. */
  checkedVersion: string | null;
  latestVersion: string | null;
  /** null: PyPI was not asked (pinned lines). */
  onPypi: boolean | null;
  /** Why the latest release is unknown, when PyPI was asked and failed. */
  pypiProblem: string | null;
  advisories: RequirementAdvisoryFacts;
};

export type RequirementJudgement = { verdict: Verdict; upgradeTo: string | null; notes: string[] };

/**
 * The live ids of a checked version, and which mark malicious code: a withdrawn record was retracted, an id
 * whose record did not load still counts; the check read each malicious record against the release history,
 * and an unread one protects (a package made to attack).
 */
export function maliciousIds(
  ids: string[],
  details: ReadonlyMap<string, Advisory>,
): { live: string[]; malicious: string[]; compromised: string[] } {
  const live = ids.filter((id) => details.get(id)?.withdrawn == null);
  const malicious = live.filter((id) => id.startsWith('MAL-') || details.get(id)?.malicious);
  const compromised = malicious.filter((id) => {
    const record = details.get(id);
    return record !== undefined && malwareScopeOf(record, null).kind === 'compromised-release';
  });
  return { live, malicious, compromised };
}

/** What a checked version is, as far as malicious code goes: compromised only when every malicious record says so. */
export function malwareOfVersion(ids: string[], details: ReadonlyMap<string, Advisory>): DependencyMalware {
  const { malicious, compromised } = maliciousIds(ids, details);
  if (malicious.length === 0) return 'none';
  return compromised.length === malicious.length ? 'compromised-release' : 'malicious-package';
}

export function judgeRequirement(facts: RequirementFacts): RequirementJudgement {
  const notes = describeConstraint(facts);
  const { advisories } = facts;
  const details = advisories.state === 'ok' ? new Map(advisories.details.map((a) => [a.id, a])) : new Map<string, Advisory>();
  const ids = advisories.state === 'ok' ? advisories.ids : [];
  const { live, malicious, compromised } = maliciousIds(ids, details);
  if (advisories.state === 'ok' && !advisories.complete) notes.push('OSV lists more advisories than its batch answer carried.');

  if (malicious.length > 0 && compromised.length === malicious.length) {
    const named = new Set(compromised.flatMap((id) => details.get(id)?.affectedVersions ?? []));
    const safeLatest = facts.latestVersion !== null && !named.has(facts.latestVersion) ? facts.latestVersion : null;
    if (safeLatest) notes.push(`${[...named].join(', ')} were compromised; the latest release ${safeLatest} is not named.`);
    return {
      verdict: {
        level: 'danger',
        headline: `${verdictWord('danger')}: this release was compromised (${facts.checkedVersion ?? facts.pinned}: ${compromised.join(', ')}) — ${COMPROMISED_REMEDY}`,
      },
      upgradeTo: safeLatest,
      notes,
    };
  }
  if (malicious.length > 0) {
    return {
      verdict: {
        level: 'danger',
        headline: `${verdictWord('danger')}: known malicious package (${malicious.join(', ')}) — remove it; treat secrets on machines that installed it as stolen`,
      },
      upgradeTo: null,
      notes,
    };
  }
  if (facts.onPypi === false) {
    return {
      verdict: {
        level: 'caution',
        headline: `${verdictWord('caution')}: not on PyPI — a typo, or a removed package (anyone could register the name)`,
      },
      upgradeTo: null,
      notes,
    };
  }
  if (facts.checkedVersion === null) {
    return {
      verdict: {
        level: 'unknown',
        headline: `${verdictWord('unknown')}: the latest release is unknown (${facts.pypiProblem ?? 'PyPI did not answer'})`,
      },
      upgradeTo: null,
      notes,
    };
  }
  if (advisories.state === 'error') {
    return {
      verdict: { level: 'unknown', headline: `${verdictWord('unknown')}: advisories not checked (${advisories.message})` },
      upgradeTo: null,
      notes,
    };
  }
  if (advisories.state === 'disabled') {
    return {
      verdict: { level: 'unknown', headline: `${verdictWord('unknown')}: advisories not checked (OSV is turned off in settings)` },
      upgradeTo: null,
      notes,
    };
  }

  const version = facts.checkedVersion;
  const which = facts.pinned ? version : `the latest release ${version}`;
  if (live.length === 0) return { verdict: { level: 'info', headline: `No known advisories for ${which}` }, upgradeTo: null, notes };

  const loaded = live.map((id) => details.get(id)).filter((a): a is Advisory => a !== undefined);
  const unfixed = loaded.filter((a) => lowestFixAbove(a, version) === null);
  // The same line as the advisory-viewed rule: severe, or unrated with no fix to move to, is danger.
  const dangerous = loaded.filter((a) => isSevere(a) || (a.severity.band === 'unknown' && unfixed.includes(a)));
  const target = upgradeTarget(loaded, version);
  const upgradeTo = target?.version ?? null;
  if (target?.prerelease) notes.push(`Upgrade to ${describeTarget(target, loaded.length - unfixed.length)}.`);
  const missing = live.length - loaded.length;
  if (missing > 0)
    notes.push(`${plural(missing, 'advisory record')} did not load: fixed versions for ${missing === 1 ? 'it' : 'them'} unknown.`);
  if (unfixed.length > 0) notes.push(`${plural(unfixed.length, 'advisory', 'advisories')} not fixed in any release.`);

  const verb = live.length === 1 ? 'affects' : 'affect';
  const cause =
    dangerous.length > 0
      ? ` (${dangerous
          .map((a) => `${a.id}: ${a.severity.band === 'unknown' ? 'unrated, no fix' : a.severity.band}`)
          .slice(0, 3)
          .join('; ')})`
      : '';
  const level = dangerous.length > 0 ? 'danger' : 'caution';
  return {
    verdict: { level, headline: `${verdictWord(level)}: ${plural(live.length, 'advisory', 'advisories')} ${verb} ${which}${cause}` },
    upgradeTo,
    notes,
  };
}

/** Notes on how the line constrains the version: unpinned lines are checked at the latest release. */
function describeConstraint(facts: RequirementFacts): string[] {
  if (facts.pinned) return [];
  const range = facts.specifier ? ` (${facts.specifier})` : '';
  if (facts.checkedVersion === null) return [`Unpinned${range}.`];
  const notes = [`Unpinned${range}: checked at the latest release ${facts.checkedVersion}.`];
  if (facts.specifier && !safeSatisfies(facts.checkedVersion, facts.specifier)) {
    notes.push(
      `The latest release ${facts.checkedVersion} is outside ${facts.specifier}: pip installs an older release, which was not checked.`,
    );
  }
  return notes;
}

function safeSatisfies(version: string, specifier: string): boolean {
  try {
    return satisfies(version, specifier);
  } catch {
    return true; // an unreadable specifier says nothing against the latest release
  }
}
