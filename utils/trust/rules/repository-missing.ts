import { finding, okData, projectPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'repository-missing';

/** Without source, nobody can compare what was published with what was written. */
export const repositoryMissing: Rule = {
  id: ID,
  title: 'No source repository',
  rationale: 'A project that links no source repository cannot be reviewed or compared with what it uploads.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.repository);
    if (!facts || facts.link !== null || facts.candidates.length > 0) return [];
    return [
      finding(
        input,
        ID,
        'caution',
        'No source repository linked',
        'The project lists no link to a source repository (GitHub, GitLab, Codeberg, …), so its code cannot be reviewed before install.',
        [projectPage(input)],
      ),
    ];
  },
};
