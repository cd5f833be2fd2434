// One level and one headline from all findings (design §7): worst level wins, danger names its cause,
// and what could not be checked is said, never hidden behind a "good".
import { levelRank, verdictWord } from '../contract/levels';
import type { Finding, Level, Section, Verdict } from '../contract/report';
import { plural } from '../lib/words';
import type { CheckedSection, TrustInput } from './types';

const SECTION_ORDER: CheckedSection[] = ['releases', 'advisories', 'repository', 'provenance'];

/** Sections that did not load (error) or are turned off; their rules said nothing. */
export function uncheckedSections(input: TrustInput): CheckedSection[] {
  return SECTION_ORDER.filter((name) => input[name].state !== 'ok');
}

/** What the verdict names as not checked: whole sections, and a section filled from one of its two sources. */
function notCheckedParts(input: TrustInput): string[] {
  const parts: string[] = uncheckedSections(input);
  const { repository, advisories } = input;
  if (repository.state === 'ok' && repository.data.github?.state === 'error') parts.push('GitHub');
  if (advisories.state === 'ok' && advisories.data.osv) parts.push('advisories in OSV');
  else if (advisories.state === 'ok' && advisories.data.otherVersions?.state === 'error') parts.push('other releases in OSV');
  return parts;
}

export function verdict(input: TrustInput, findings: Finding[]): Verdict {
  const worst = worstLevel(findings);
  const unchecked = notCheckedParts(input);
  const notCheckedNote = unchecked.length > 0 ? `not checked: ${unchecked.join(', ')}` : null;
  const notChecked = notCheckedNote ? ` (${notCheckedNote})` : '';

  if (worst === 'danger' || worst === 'caution') {
    const atWorst = findings.filter((f) => f.level === worst);
    const first = atWorst[0]!;
    const notes = [atWorst.length > 1 ? `+${atWorst.length - 1} more` : null, notCheckedNote].filter((n) => n !== null);
    const suffix = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return { level: worst, headline: `${verdictWord(worst)}: ${lowerFirst(first.title)}${suffix}` };
  }
  // Without release data we do not even know what was viewed: say so instead of judging.
  if (input.releases.state !== 'ok') {
    return {
      level: 'unknown',
      headline: `${verdictWord('unknown')}: ${sectionProblem('release data from PyPI', input.releases)}${notChecked}`,
    };
  }
  if (unchecked.length > 0) {
    return { level: 'info', headline: `No problems found in what could be checked${notChecked}` };
  }
  if (worst === 'info') {
    const notes = findings.filter((f) => f.level === 'info').length;
    return { level: 'info', headline: `No problems found (${plural(notes, 'note')})` };
  }
  return { level: 'good', headline: 'No problems found in releases, advisories, repository and provenance' };
}

/** The worst level among findings; no findings at all counts as good (nothing was wrong). */
export function worstLevel(findings: Finding[]): Level {
  let worst: Level = 'good';
  for (const f of findings) if (levelRank(f.level) > levelRank(worst)) worst = f.level;
  return worst;
}

function sectionProblem(what: string, section: Section<unknown>): string {
  if (section.state === 'disabled') return `${what} is turned off`;
  if (section.state === 'error') return `could not load the ${what} (${section.error.kind}: ${section.error.message})`;
  return `${what} loaded`;
}

/** "Known malicious…" → "known malicious…", but leave names like "PyPI" or "GitHub" alone. */
function lowerFirst(title: string): string {
  return /^[A-Z][a-z]+\b/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}
