import type { Advisory, Finding, MalwareScope } from '../../contract/report';
import { advisoryEvidence, describeDuration, finding, hoursBetween, isMalicious, okData, projectPage, versionPage } from '../helpers';
import { COMPROMISED_REMEDY, MALWARE_SCOPE_THRESHOLDS, malwareScopeOf } from '../malware-scope';
import type { Rule, RuleContext, TrustInput } from '../types';
import { compareVersions, sortVersions } from '../../lib/versions';

const ID = 'malicious-package';

/**
 * A package made to attack is not safe in any version: install nothing from it. A real project whose
 * account or CI was hijacked is unsafe only in the hijacked releases, and those cost every secret of
 * the machine that installed them.
 */
export const maliciousPackage: Rule = {
  id: ID,
  title: 'Known malicious package or compromised release',
  rationale:
    'OSV records malicious code: a package made to attack is a risk in any version; a compromised release of a real project steals the secrets of every machine that installed it.',
  thresholds: MALWARE_SCOPE_THRESHOLDS,
  evaluate(input, ctx) {
    const facts = okData(input.advisories);
    if (!facts) return [];
    // A withdrawn report was a false one; it no longer accuses the package.
    const reports = facts.advisories.filter((a) => isMalicious(a) && a.withdrawn === null);
    if (reports.length === 0) return [];
    const history = okData(input.releases);
    const scopes = reports.map((a) => malwareScopeOf(a, history));
    const project = reports.filter((_, i) => scopes[i]!.kind === 'malicious-project');
    if (project.length > 0) return [maliciousProject(input, project, facts.viewedVersion)];
    const viewed = facts.viewedVersion;
    const hit = reports.filter((a) => a.affectsViewed || a.affectedVersions.includes(viewed));
    if (hit.length > 0) return [compromisedViewed(input, hit, viewed, facts.latestVersion)];
    return [compromisedElsewhere(input, ctx, reports, scopes, viewed, facts.latestVersion)];
  },
};

const ids = (reports: Advisory[]) => reports.map((a) => a.id).join(', ');
const summaries = (reports: Advisory[]) => reports.map((a) => (a.summary ? `${a.id}: ${a.summary}` : a.id)).join('; ');
const compromisedVersions = (reports: Advisory[]) => sortVersions([...new Set(reports.flatMap((a) => a.affectedVersions))]);

function maliciousProject(input: TrustInput, reports: Advisory[], viewedVersion: string): Finding {
  const scope = reports.some((a) => a.affectsViewed)
    ? `The report covers ${viewedVersion}, the version you are viewing.`
    : `The report names other versions than ${viewedVersion}; a package made to attack cannot be trusted in any version.`;
  return finding(
    input,
    ID,
    'danger',
    `Known malicious package (${ids(reports)})`,
    `${summaries(reports)}. ${scope} Do not install it; if it was installed, treat every secret on that machine as stolen.`,
    [...reports.map(advisoryEvidence), projectPage(input)],
  );
}

function compromisedViewed(input: TrustInput, reports: Advisory[], viewedVersion: string, latestVersion: string | null): Finding {
  const versions = compromisedVersions(reports);
  const safeLatest = latestVersion !== null && !versions.includes(latestVersion) ? latestVersion : null;
  // While the hijack is live, the way back is the last release before it.
  const before = (okData(input.releases)?.releases ?? []).filter(
    (r) => !r.yanked && !r.isPrerelease && r.fileCount > 0 && compareVersions(r.version, versions[0]!) < 0,
  );
  const lastClean = sortVersions(before.map((r) => r.version)).at(-1);
  const move = safeLatest
    ? ` The latest release ${safeLatest} is not named: install it instead.`
    : lastClean
      ? ` No later release is clean yet: pin ${lastClean}, the last release before the compromise.`
      : '';
  return finding(
    input,
    ID,
    'danger',
    `This release was compromised: ${COMPROMISED_REMEDY} (${viewedVersion}: ${ids(reports)})`,
    `${summaries(reports)}. Only ${versions.join(', ')} ${versions.length === 1 ? 'is' : 'are'} named: releases of an established project, uploaded by whoever hijacked its account or build.${move}`,
    [...reports.map(advisoryEvidence), versionPage(input, viewedVersion)],
  );
}

function compromisedElsewhere(
  input: TrustInput,
  ctx: RuleContext,
  reports: Advisory[],
  scopes: MalwareScope[],
  viewedVersion: string,
  latestVersion: string | null,
): Finding {
  const versions = compromisedVersions(reports);
  // While a hijack is live the latest release is the compromised one: upgrading would install it.
  const latestHit = latestVersion !== null && (reports.some((a) => a.affectsLatest) || versions.includes(latestVersion));
  const warning = latestHit ? ` — the latest release ${latestVersion} is one of them: do not upgrade to it` : '';
  const since = scopes.flatMap((scope) => (scope.kind === 'compromised-release' && scope.since ? [scope.since] : [])).sort()[0];
  const hours = since ? hoursBetween(since, ctx.now) : null;
  const when = hours === null ? '' : `, ${describeDuration(hours)} ago`;
  const were = versions.length === 1 ? 'was' : 'were';
  return finding(
    input,
    ID,
    'caution',
    `${versions.join(', ')} ${were} compromised${when} (${ids(reports)}); ${viewedVersion} is not named${warning}`,
    `${summaries(reports)}. ${viewedVersion} is not one of the compromised releases. If a machine ever installed ${versions.join(' or ')}, remove it and rotate every secret of that machine.`,
    [...reports.map(advisoryEvidence), projectPage(input)],
  );
}
