import type { Advisory } from '../../contract/report';
import {
  advisoryEvidence,
  describeAdvisory,
  describeTarget,
  finding,
  isOpenAdvisory,
  isSevere,
  lowestFixAbove,
  okData,
  upgradeTarget,
} from '../helpers';
import { plural } from '../../lib/words';
import type { Rule } from '../types';

const ID = 'advisory-viewed';
const SEVERE_CVSS_SCORE = 7.0;

/** Known vulnerabilities in the version you are about to install, and the release that fixes them. */
export const advisoryViewed: Rule = {
  id: ID,
  title: 'Advisories affect the viewed version',
  rationale: 'A published advisory tells attackers exactly what to exploit; the fix is usually one upgrade away.',
  thresholds: [
    {
      name: 'SEVERE_CVSS_SCORE',
      value: SEVERE_CVSS_SCORE,
      unit: 'CVSS base score',
      reason: 'critical and high advisories (and unrated ones with no fix) are danger; lower ones are caution',
    },
  ],
  evaluate(input) {
    if (input.advisories.state !== 'ok') return [];
    const { viewedVersion, advisories } = input.advisories.data;
    const open = advisories.filter((a) => isOpenAdvisory(a) && a.affectsViewed);
    if (open.length === 0) return [];

    const unfixed = open.filter((a) => lowestFixAbove(a, viewedVersion) === null);
    // Unrated and unfixed: we cannot tell it is mild, and upgrading will not help.
    const dangerous = open.filter((a) => isSevere(a) || (a.severity.band === 'unknown' && unfixed.includes(a)));
    const installable = (okData(input.releases)?.releases ?? []).filter((r) => !r.yanked && r.fileCount > 0).map((r) => r.version);
    const target = upgradeTarget(open, viewedVersion, installable);

    const count = plural(open.length, 'advisory', 'advisories');
    const verb = open.length === 1 ? 'affects' : 'affect';
    const cause = dangerous.length > 0 ? ` (${causeText(dangerous)})` : '';
    const advice = target
      ? ` — upgrade to ${describeTarget(target, open.length - unfixed.length)}${unfixed.length > 0 ? `; ${unfixed.length} not fixed in any release` : ''}`
      : ' — no fixed release yet';
    return [
      finding(
        input,
        ID,
        dangerous.length > 0 ? 'danger' : 'caution',
        `${count} ${verb} ${viewedVersion}${cause}${advice}`,
        open.map((a) => describeAdvisory(a, viewedVersion)).join('\n'),
        open.map(advisoryEvidence),
      ),
    ];
  },
};

/** Names the advisories that made this danger, e.g. "critical: GHSA-…; unrated, no fix: PYSEC-…". */
function causeText(dangerous: Advisory[]): string {
  const groups: [string, Advisory[]][] = [
    ['critical', dangerous.filter((a) => a.severity.band === 'critical')],
    ['high', dangerous.filter((a) => a.severity.band === 'high')],
    ['unrated, no fix', dangerous.filter((a) => !isSevere(a))],
  ];
  return groups
    .filter(([, list]) => list.length > 0)
    .map(([label, list]) => `${label}: ${list.map((a) => a.id).join(', ')}`)
    .join('; ');
}
