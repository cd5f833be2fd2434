import { advisoryEvidence, finding, isMalicious, okData, projectPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'malicious-package';

/** A package that shipped malware once is not safe in any version: install nothing from it. */
export const maliciousPackage: Rule = {
  id: ID,
  title: 'Known malicious package',
  rationale: 'OSV MAL- entries record packages caught shipping malware; any version of such a project is a risk.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.advisories);
    if (!facts) return [];
    // A withdrawn MAL- entry was a false report; it no longer accuses the package.
    const reports = facts.advisories.filter((a) => isMalicious(a) && a.withdrawn === null);
    if (reports.length === 0) return [];
    const ids = reports.map((a) => a.id).join(', ');
    const viewedNamed = reports.some((a) => a.affectsViewed);
    const scope = viewedNamed
      ? `The report covers ${facts.viewedVersion}, the version you are viewing.`
      : `The report names other versions than ${facts.viewedVersion}; a project that shipped malware once cannot be trusted in any version.`;
    const summaries = reports.map((a) => (a.summary ? `${a.id}: ${a.summary}` : a.id)).join('; ');
    return [
      finding(
        input,
        ID,
        'danger',
        `Known malicious package (${ids})`,
        `${summaries}. ${scope} Do not install it; if it was installed, treat every secret on that machine as stolen.`,
        [...reports.map(advisoryEvidence), projectPage(input)],
      ),
    ];
  },
};
