import { finding, githubRepo, projectPage, repositoryEvidence } from '../helpers';
import type { Rule } from '../types';

const ID = 'repository-disabled';

/** GitHub disables repositories for terms-of-service or abuse reasons; the source is then out of reach. */
export const repositoryDisabled: Rule = {
  id: ID,
  title: 'Repository is disabled',
  rationale: 'GitHub disables a repository after a policy or abuse report; its code can no longer be reviewed.',
  thresholds: [],
  evaluate(input) {
    const repo = githubRepo(input);
    if (!repo?.disabled) return [];
    return [
      finding(
        input,
        ID,
        'caution',
        `Repository ${repo.fullName} is disabled on GitHub`,
        `GitHub reports ${repo.fullName} as disabled: its source cannot be reviewed, and the reason is not public.`,
        [repositoryEvidence(repo), projectPage(input)],
      ),
    ];
  },
};
