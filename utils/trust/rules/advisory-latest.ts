import { compareVersions } from '../../lib/versions';
import { advisoryEvidence, describeAdvisory, finding, isOpenAdvisory, isSevere } from '../helpers';
import { plural } from '../../lib/words';
import type { Rule } from '../types';

const ID = 'advisory-latest';

/** When even the latest release is affected, upgrading does not help: you must accept or avoid the risk. */
export const advisoryLatest: Rule = {
  id: ID,
  title: 'Advisories the latest release still has',
  rationale: 'An advisory that affects the latest release has no fix anyone can install yet.',
  thresholds: [],
  evaluate(input) {
    if (input.advisories.state !== 'ok') return [];
    const { viewedVersion, latestVersion, advisories } = input.advisories.data;
    // Viewing the latest release: advisory-viewed already says there is no fix.
    if (latestVersion === null || compareVersions(viewedVersion, latestVersion) === 0) return [];
    const open = advisories.filter((a) => isOpenAdvisory(a) && a.affectsLatest);
    if (open.length === 0) return [];
    const severe = open.filter(isSevere);
    const cause = severe.length > 0 ? ` (${severe.map((a) => a.id).join(', ')})` : '';
    return [
      finding(
        input,
        ID,
        severe.length > 0 ? 'danger' : 'caution',
        `${plural(open.length, 'advisory', 'advisories')} also ${open.length === 1 ? 'affects' : 'affect'} the latest release ${latestVersion}${cause} — no fix released`,
        open.map((a) => describeAdvisory(a, latestVersion)).join('\n'),
        open.map(advisoryEvidence),
      ),
    ];
  },
};
