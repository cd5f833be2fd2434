import { finding, githubRepo, repositoryEvidence } from '../helpers';
import type { Rule } from '../types';

const ID = 'repository-archived';

/** An archived repository gets no fixes; a new advisory will stay open. */
export const repositoryArchived: Rule = {
  id: ID,
  title: 'Repository is archived',
  rationale: 'An archived repository is read-only: a new vulnerability will not be fixed there.',
  thresholds: [],
  evaluate(input) {
    const repo = githubRepo(input);
    if (!repo?.archived) return [];
    return [
      finding(
        input,
        ID,
        'caution',
        `Repository ${repo.fullName} is archived`,
        `${repo.fullName} was archived on GitHub; it receives no more changes.`,
        [repositoryEvidence(repo)],
      ),
    ];
  },
};
