// The summary under the verdict: one line per facet, read in two seconds — its state (the worst finding of the
// rules that speak for it, or why it was not checked) and the shortest true reason. Pure: a report in, rows out.
import { FACETS, FACET_SECTIONS, FACET_TITLES, RULE_FACETS, type Facet, type FacetState } from '../../utils/contract/facets';
import { levelRank } from '../../utils/contract/levels';
import { identityShort } from '../../utils/contract/provenance-summary';
import type { Finding, Report, Section } from '../../utils/contract/report';
import { compareVersions, sortVersions } from '../../utils/lib/versions';
import { groupDigits } from '../../utils/lib/numbers';
import { plural } from '../../utils/lib/words';
import { formatNumber, relativeTime } from '../shared/format';

export type FacetRow = {
  facet: Facet;
  title: string;
  /** The panel section the row opens (`data-section`). */
  section: (typeof FACET_SECTIONS)[Facet];
  state: FacetState;
  reason: string;
};

export type SummaryOptions = {
  nowMs: number;
  /** The code checks are still running. */
  codeScanning?: boolean;
  /** The dependency graph is on its way (its own message); when not given, it follows codeScanning. */
  dependenciesLoading?: boolean;
};

/** The rows, in FACETS order. */
export function summarize(report: Report, options: SummaryOptions): FacetRow[] {
  return FACETS.map((facet) => {
    const { state, reason } = facetLine(facet, report, options);
    return { facet, title: FACET_TITLES[facet], section: FACET_SECTIONS[facet], state, reason };
  });
}

/** Before the report: every row "checking…", so that the rows' arrival moves nothing below them (layout shift). */
export function checkingRows(): FacetRow[] {
  return FACETS.map((facet) => ({
    facet,
    title: FACET_TITLES[facet],
    section: FACET_SECTIONS[facet],
    state: 'checking',
    reason: 'checking…',
  }));
}

/** The facet whose section opens by itself: the worst row (a level, not "not checked"); ties go to the first. */
export function worstFacet(rows: FacetRow[]): Facet | null {
  let worst: FacetRow | null = null;
  for (const row of rows) {
    if (row.state === 'unchecked' || row.state === 'checking' || row.state === 'good') continue;
    if (!worst || levelRank(row.state) > levelRank(worst.state as Finding['level'])) worst = row;
  }
  return worst?.facet ?? null;
}

type Line = { state: FacetState; reason: string };

function facetLine(facet: Facet, report: Report, options: SummaryOptions): Line {
  const findings = report.findings.filter((f) => RULE_FACETS[f.rule] === facet);
  const worst = worstFinding(findings);
  const section = sectionOf(facet, report);
  if (section === undefined || section === null) {
    const loading = options.dependenciesLoading ?? options.codeScanning;
    const scanning = facet === 'code' ? options.codeScanning : facet === 'dependencies' && loading;
    return scanning ? { state: 'checking', reason: 'checking…' } : { state: 'unchecked', reason: 'not checked' };
  }
  if (section.state === 'disabled') return { state: 'unchecked', reason: 'turned off in settings' };
  if (section.state === 'error') {
    // A finding can still speak without the section (malicious-code records for a removed package).
    if (worst && levelRank(worst.level) >= levelRank('caution')) return { state: worst.level, reason: worst.title };
    return { state: 'unchecked', reason: shortError(section.error.message) };
  }
  const facts = factsLine(facet, report, options);
  // A caution or danger says its own reason: the finding's title is the shortest true one.
  if (worst && levelRank(worst.level) >= levelRank('caution')) return { state: worst.level, reason: worst.title };
  return { state: worst?.level ?? 'good', reason: facts };
}

function worstFinding(findings: Finding[]): Finding | null {
  let worst: Finding | null = null;
  for (const f of findings) if (!worst || levelRank(f.level) > levelRank(worst.level)) worst = f;
  return worst;
}

function sectionOf(facet: Facet, report: Report): Section<unknown> | null | undefined {
  switch (facet) {
    case 'advisories':
      return report.advisories;
    case 'repository':
      return report.repository;
    case 'releases':
      return report.releases;
    case 'provenance':
      return report.provenance;
    case 'name':
      return report.identity;
    case 'code':
      return report.code;
    case 'dependencies':
      return report.dependencies;
  }
}

/** "api.osv.dev answered 503 (a server error; try again later)" → "not checked: api.osv.dev answered 503";
 *  a dependent section's "Not checked: 0requests was not found on PyPI" keeps its reason. */
function shortError(message: string): string {
  const cut = message.replace(/^not checked:\s*/i, '').split(' (')[0] ?? message;
  return `not checked: ${cut.length > 60 ? `${cut.slice(0, 59)}…` : cut}`;
}

function factsLine(facet: Facet, report: Report, options: SummaryOptions): string {
  switch (facet) {
    case 'advisories':
      return advisoriesLine(report);
    case 'repository':
      return repositoryLine(report, options.nowMs);
    case 'releases':
      return releasesLine(report);
    case 'provenance':
      return provenanceLine(report);
    case 'name':
      return nameLine(report);
    case 'code':
      return codeLine(report);
    case 'dependencies':
      return report.dependencies?.state === 'ok' ? report.dependencies.data.summary : '';
  }
}

function advisoriesLine(report: Report): string {
  if (report.advisories.state !== 'ok') return '';
  const { viewedVersion, advisories, osv } = report.advisories.data;
  const affecting = advisories.filter((a) => !a.withdrawn && a.affectsViewed);
  const source = osv ? " (PyPI's feed; OSV not asked)" : '';
  if (affecting.length === 0) return `none known for ${viewedVersion}${source}`;
  // The lowest fix above the viewed version of each, and the highest of those: one upgrade fixes them all.
  const fixes = affecting.map((a) => sortVersions(a.fixedIn.filter((v) => compareVersions(v, viewedVersion) > 0))[0] ?? null);
  const floor = fixes.every((v) => v !== null) ? sortVersions(fixes as string[]).at(-1) : undefined;
  const fixed = floor ? `, fixed in ${floor}` : '';
  return `${plural(affecting.length, 'advisory', 'advisories')} affect ${viewedVersion}${fixed}${source}`;
}

function repositoryLine(report: Report, nowMs: number): string {
  if (report.repository.state !== 'ok') return '';
  const { link, github, verification } = report.repository.data;
  if (!link) return 'no repository linked';
  const parts = [link.owner && link.name ? `${link.owner}/${link.name}` : link.url.replace(/^https:\/\//, '')];
  if (github?.state === 'ok') {
    parts.push(`${formatNumber(github.data.stars)}★`);
    if (github.data.pushedAt) parts.push(`pushed ${relativeTime(github.data.pushedAt, nowMs)}`);
    if (github.data.archived) parts.push('archived');
  } else if (github?.state === 'error') {
    parts.push('GitHub not checked');
  }
  parts.push(verification.status);
  return parts.join(' · ');
}

function releasesLine(report: Report): string {
  if (report.releases.state !== 'ok') return '';
  const { releaseCount, firstUploadAt, latestVersion, viewed } = report.releases.data;
  const since = firstUploadAt ? ` since ${firstUploadAt.slice(0, 4)}` : '';
  const parts = [`${plural(releaseCount, 'release')}${since}`];
  if (latestVersion) parts.push(`latest ${latestVersion}`);
  if (viewed?.yanked) parts.push(`${viewed.version} yanked`);
  return parts.join(' · ');
}

function provenanceLine(report: Report): string {
  if (report.provenance.state !== 'ok') return '';
  const { files, version } = report.provenance.data;
  const attested = files.filter((f) => f.state === 'attested');
  if (attested.length === 0) return `no attestations for ${version}`;
  const verified = attested.filter((f) => f.verification.state === 'verified');
  const who = identityShort(verified[0]?.verification.identity ?? null);
  if (verified.length === files.length && who) return `verified: ${who}`;
  return `${verified.length} of ${plural(files.length, 'file')} verified${who ? `: ${who}` : ''}`;
}

function nameLine(report: Report): string {
  if (report.identity?.state !== 'ok') return '';
  const { typosquat } = report.identity.data;
  if (!typosquat) return 'the popular-names list is not loaded';
  const like = typosquat.candidates[0];
  if (like) return `resembles ${like.name}`;
  if (typosquat.listed && typosquat.rank !== null) return `#${groupDigits(typosquat.rank)} most downloaded`;
  return 'resembles no popular name';
}

function codeLine(report: Report): string {
  if (report.code?.state !== 'ok') return '';
  const facts = report.code.data;
  if (facts.status === 'too-large') return 'not scanned yet: the files are over the automatic size cap';
  if (facts.status === 'no-files') return 'no files to read';
  const worrying = facts.findings.filter((f) => levelRank(f.level) >= levelRank('caution')).length;
  if (worrying > 0) return `${plural(worrying, 'finding')} at caution or worse`;
  return facts.findings.length > 0 ? `${plural(facts.findings.length, 'note')}, nothing worrying` : 'nothing worrying at install or import';
}
