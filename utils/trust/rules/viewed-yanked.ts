import { finding, okData, versionPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'viewed-yanked';

/** Maintainers yank a release they want nobody to install (PEP 592); their reason says why. */
export const viewedYanked: Rule = {
  id: ID,
  title: 'Viewed version was yanked',
  rationale: 'A yanked release was withdrawn by its maintainers, usually because it is broken or unsafe.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.releases);
    const viewed = facts?.viewed;
    if (!facts || !viewed?.yanked) return [];
    const reason = viewed.yankedReason ? `Reason given by the maintainers: ${viewed.yankedReason}` : 'The maintainers gave no reason.';
    return [
      finding(
        input,
        ID,
        'caution',
        `${viewed.version} was yanked`,
        `${reason} pip installs a yanked release only when it is pinned exactly.`,
        [versionPage(input, viewed.version)],
      ),
    ];
  },
};
