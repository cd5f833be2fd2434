import { day, daysBetween, describeDuration, finding, githubRepo, repositoryEvidence } from '../helpers';
import type { Rule } from '../types';

const ID = 'repository-stale';
const STALE_AFTER_DAYS = 730;

/** A repository nobody pushes to will not fix the next vulnerability. */
export const repositoryStale: Rule = {
  id: ID,
  title: 'Repository has had no push for a long time',
  rationale: 'Two years without a push suggests nobody is left to fix the next vulnerability.',
  thresholds: [
    { name: 'STALE_AFTER_DAYS', value: STALE_AFTER_DAYS, unit: 'days', reason: 'two years without a push: likely unmaintained' },
  ],
  evaluate(input, ctx) {
    const repo = githubRepo(input);
    // repository-archived already says an archived repository gets no changes.
    if (!repo?.pushedAt || repo.archived) return [];
    const days = daysBetween(repo.pushedAt, ctx.now);
    if (days === null || days <= STALE_AFTER_DAYS) return [];
    return [
      finding(
        input,
        ID,
        'caution',
        `No push to ${repo.fullName} for ${describeDuration(days * 24)}`,
        `The last push to ${repo.fullName} was on ${day(repo.pushedAt)}.`,
        [repositoryEvidence(repo)],
      ),
    ];
  },
};
