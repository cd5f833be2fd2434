import { finding, githubRepo, githubUrl, repositoryEvidence } from '../helpers';
import type { Rule } from '../types';

const ID = 'repository-fork';

/** A fork is often someone's copy, not where the project lives; the parent is worth a look. */
export const repositoryFork: Rule = {
  id: ID,
  title: 'Repository is a fork',
  rationale: "A linked fork is usually someone's copy of a project: check that the package really comes from it.",
  thresholds: [],
  evaluate(input) {
    const repo = githubRepo(input);
    if (!repo?.isFork) return [];
    const parent = repo.parentFullName;
    return [
      finding(
        input,
        ID,
        'info',
        parent ? `Repository ${repo.fullName} is a fork of ${parent}` : `Repository ${repo.fullName} is a fork`,
        parent
          ? `The linked repository is a fork of ${parent}. Check that this package is meant to be built from the fork and not from ${parent}.`
          : 'The linked repository is a fork of another repository.',
        [repositoryEvidence(repo), parent ? { label: `${parent} on GitHub`, url: githubUrl(parent) } : null],
      ),
    ];
  },
};
