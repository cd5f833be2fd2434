import type { Evidence, ScorecardCheck } from '../../contract/report';
import { finding, okData } from '../helpers';
import type { Rule } from '../types';

const ID = 'scorecard';
const GOOD_SCORE = 7;
const WEAKEST_LISTED = 3;

/** OpenSSF Scorecard grades a repository's security practices; useful context, never proof of harm. */
export const scorecard: Rule = {
  id: ID,
  title: 'OpenSSF Scorecard',
  rationale:
    "OpenSSF Scorecard grades a repository's security practices (reviews, CI, pinned dependencies); a low score is a hint, not harm.",
  thresholds: [
    {
      name: 'GOOD_SCORE',
      value: GOOD_SCORE,
      unit: 'score out of 10',
      reason: 'at 7 of 10 most of the security practices Scorecard checks are in place',
    },
    { name: 'WEAKEST_LISTED', value: WEAKEST_LISTED, unit: 'checks', reason: 'three checks say where to look without burying the reader' },
  ],
  evaluate(input) {
    const facts = okData(input.repository);
    const project = okData(facts?.depsDevProject);
    const card = project?.scorecard;
    if (!facts?.link || !project || !card) return [];
    // deps.dev marks checks that could not run with a negative score: they say nothing either way.
    const weakest = card.checks
      .filter((c): c is ScorecardCheck & { score: number } => c.score !== null && c.score >= 0 && c.score < 10)
      .sort((a, b) => a.score - b.score)
      .slice(0, WEAKEST_LISTED);
    const verified = facts.verification.status === 'verified';
    const level = card.score >= GOOD_SCORE && verified ? 'good' : 'info';
    const weak =
      weakest.length > 0
        ? ` Weakest checks: ${weakest.map((c) => `${c.name} ${c.score}/10${c.reason ? ` (${c.reason})` : ''}`).join('; ')}.`
        : '';
    const claim = verified ? '' : " The repository link is not verified, so this score may describe someone else's project.";
    const date = card.date ? ` as of ${card.date.slice(0, 10)}` : '';
    return [
      finding(
        input,
        ID,
        level,
        `OpenSSF Scorecard ${card.score.toFixed(1)} / 10`,
        `${project.projectKey} scores ${card.score.toFixed(1)} of 10${date}.${weak}${claim}`,
        [
          { label: `${project.projectKey} on deps.dev`, url: project.url },
          { label: 'Scorecard viewer', url: `https://scorecard.dev/viewer/?uri=${encodeURIComponent(project.projectKey)}` },
          ...weakest.map((c): Evidence | null => (c.url ? { label: `Scorecard check: ${c.name}`, url: c.url } : null)),
        ],
      ),
    ];
  },
};
